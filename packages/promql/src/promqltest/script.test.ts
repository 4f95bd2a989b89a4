import { describe, expect, it } from "vitest";
import { parseScript, parseSeriesDesc, parseSequence } from "./script";

describe("test script parsing", () => {
  it("expands value sequences as FORMAT.md describes", () => {
    const items = parseSequence("1 _x3 stale 0+2x2", 1);
    expect(items).toEqual([
      { kind: "float", value: 1 },
      { kind: "missing" },
      { kind: "missing" },
      { kind: "missing" },
      { kind: "stale" },
      { kind: "float", value: 0 },
      { kind: "float", value: 2 },
      { kind: "float", value: 4 },
    ]);
  });

  it("reads NxK as repetition even when it looks like hex, and accumulates A+BxK by repeated addition", () => {
    expect(parseSequence("0x2", 1)).toEqual([0, 0, 0].map((value) => ({ kind: "float", value })));
    expect(parseSequence("-1-0.1x2 1e3", 1).map((i) => (i.kind === "float" ? i.value : undefined))).toEqual([-1, -1.1, -1 - 0.1 - 0.1, 1000]);
    expect(parseSequence("{{schema:1 sum:2}}x1 3", 1).map((i) => i.kind)).toEqual(["histogram", "histogram", "float"]);
  });

  it("parses series descriptions with quoted names and escapes", () => {
    expect(parseSeriesDesc('{"a.b", c="x\\"y"} 1 2', 1)).toEqual({ labels: { __name__: "a.b", c: 'x"y' }, rest: "1 2" });
  });

  it("treats clear as a single line and reads eval variants and expect lines", () => {
    const cmds = parseScript(
      ["clear", "load 1m", "  m 1", "", "eval_ordered instant at 1m m", "  expect warn msg: PromQL warning: x (1:1)", "  m 1", "", "eval range from 0 to 2m step 1m m", "  m 1 _ 3"].join("\n"),
    );
    expect(cmds.map((c) => c.kind)).toEqual(["clear", "load", "eval", "eval"]);
    const ordered = cmds[2];
    expect(ordered?.kind === "eval" && ordered.expect.ordered && ordered.expect.warnMatchers.length).toBe(1);
    const range = cmds[3];
    expect(range?.kind === "eval" && range.range).toEqual({ startMs: 0, endMs: 120_000, stepMs: 60_000 });
  });
});
