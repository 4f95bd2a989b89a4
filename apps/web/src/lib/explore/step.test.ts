import { describe, expect, it } from "vitest";
import { computeStep, formatStep, parseStep } from "./step";

describe("computeStep", () => {
  it("auto gives about one point per pixel of chart width", () => {
    expect(computeStep(3600, { kind: "auto" }, 900)).toBe(4);
    expect(computeStep(86_400, { kind: "auto" }, 1200)).toBe(72);
  });

  it("auto never goes below one second", () => {
    expect(computeStep(300, { kind: "auto" }, 1200)).toBe(1);
  });

  it("keeps a fixed step", () => {
    expect(computeStep(3600, { kind: "fixed", seconds: 60 }, 900)).toBe(60);
  });

  it("widens a fixed step that would exceed the server's 11,000 points per series", () => {
    const range = 30 * 86_400;
    const step = computeStep(range, { kind: "fixed", seconds: 15 }, 900);
    expect(step).toBe(236);
    expect(range / step).toBeLessThanOrEqual(11_000);
  });
});

describe("parseStep", () => {
  it("reads auto, blank and durations, rounding to whole seconds", () => {
    expect(parseStep("auto")).toEqual({ kind: "auto" });
    expect(parseStep("  ")).toEqual({ kind: "auto" });
    expect(parseStep("1m30s")).toEqual({ kind: "fixed", seconds: 90 });
    expect(parseStep("500ms")).toEqual({ kind: "fixed", seconds: 1 });
  });

  it("refuses anything else", () => {
    expect(parseStep("fast")).toBeUndefined();
    expect(parseStep("60")).toBeUndefined();
  });

  it("formats what it reads", () => {
    for (const text of ["auto", "15s", "1h"]) expect(formatStep(parseStep(text)!)).toBe(text);
  });
});
