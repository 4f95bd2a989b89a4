import { describe, expect, it } from "vitest";
import { formatValue } from "./format";

describe("formatValue matches Go's FormatFloat(v, 'f', -1, 64)", () => {
  it.each([
    [1, "1"], [0.1, "0.1"], [-2.5, "-2.5"], [1e21, "1000000000000000000000"], [1.5e22, "15000000000000000000000"],
    [1e-7, "0.0000001"], [-1.25e-8, "-0.0000000125"], [123456789.125, "123456789.125"], [NaN, "NaN"],
    [Infinity, "+Inf"], [-Infinity, "-Inf"], [0, "0"], [5e-324, "0." + "0".repeat(323) + "5"],
  ])("%d → %s", (v, expected) => expect(formatValue(v)).toBe(expected));
});
