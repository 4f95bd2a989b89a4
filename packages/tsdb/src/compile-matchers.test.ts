import { describe, expect, it } from "vitest";
import { compileMatchers } from "./compile-matchers";
import { SqlParams } from "./sql-params";

describe("compileMatchers", () => {
  it("binds every value and label name, never splicing them into the SQL text", () => {
    const p = new SqlParams();
    const tenant = p.add("t1");
    const sql = compileMatchers(
      [
        { type: "=", name: "__name__", value: "up'; drop table x; --" },
        { type: "=", name: "job", value: "a\"b" },
        { type: "!~", name: "inst'ance", value: "x.*" },
      ],
      p,
      "r",
      tenant,
    );
    expect(sql).not.toMatch(/drop|inst'ance|a"b/);
    expect(p.values).toEqual(["t1", "up'; drop table x; --", JSON.stringify({ job: 'a"b' }), "inst'ance", "^(?:x.*)$"]);
  });
  it("uses the per-label index for non-empty regexes only when no metric name equality narrows the series", () => {
    const withIndex = compileMatchers([{ type: "=~", name: "job", value: "n.+" }], new SqlParams(), "r", "$1");
    const withMetric = compileMatchers([{ type: "=", name: "__name__", value: "up" }, { type: "=~", name: "job", value: "n.+" }], new SqlParams(), "r", "$1");
    expect(withIndex).toContain("tsdb.series_labels");
    expect(withMetric).not.toContain("tsdb.series_labels");
  });
});
