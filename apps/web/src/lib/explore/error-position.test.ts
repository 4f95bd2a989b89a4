import { describe, expect, it } from "vitest";
import { caretLines, locateError, offsetOf } from "./error-position";

describe("locateError", () => {
  it("finds line and column of an API parse error and strips the prefix", () => {
    const query = "sum(rate(x[5m])) by ((";
    const located = locateError('invalid parameter "query": 1:22: parse error: unexpected "("', query);
    expect(located).toEqual({ message: 'parse error: unexpected "("', position: { line: 1, column: 22, offset: 21 } });
    expect(query[located.position!.offset]).toBe("(");
  });

  it("counts lines for multi-line queries", () => {
    const query = "sum(\n  rate(x[5m]) +\n)";
    const located = locateError("3:1: parse error: unexpected right parenthesis ')'", query);
    expect(located.position).toEqual({ line: 3, column: 1, offset: query.length - 1 });
    expect(query[located.position!.offset]).toBe(")");
  });

  it("leaves errors without a position as they are", () => {
    expect(locateError("query timed out in expression evaluation", "x")).toEqual({ message: "query timed out in expression evaluation" });
  });

  it("clamps positions past the end of a line or the query", () => {
    expect(offsetOf("ab\ncd", 1, 9)).toBe(2);
    expect(offsetOf("ab\ncd", 5, 1)).toBe(5);
    expect(offsetOf("ab", 1, 3)).toBe(2);
  });
});

describe("caretLines", () => {
  it("puts a caret under the column on the error's line", () => {
    expect(caretLines("sum(\n  rate(x[5m]) +\n)", { line: 2, column: 16, offset: 20 })).toEqual({ source: "  rate(x[5m]) +", caret: "               ^" });
  });

  it("points just past the end when the error is at the end of input", () => {
    expect(caretLines("rate(", { line: 1, column: 6, offset: 5 })).toEqual({ source: "rate(", caret: "     ^" });
  });
});
