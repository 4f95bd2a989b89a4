import { describe, expect, it } from "vitest";
import { formatValue } from "./format";

// Expected strings are what Prometheus 2.42's HTTP API printed for the same values.
describe("formatValue writes floats like Prometheus's JSON", () => {
  it.each([
    [1, "1"], [0.1, "0.1"], [-2.5, "-2.5"], [1e21, "1e+21"], [1.5e22, "1.5e+22"], [999999999999999900000, "999999999999999900000"],
    [6.21e-7, "6.21e-07"], [1e-6, "0.000001"], [-1.25e-8, "-1.25e-08"], [123456789.125, "123456789.125"], [NaN, "NaN"],
    [Infinity, "+Inf"], [-Infinity, "-Inf"], [0, "0"], [5e-324, "5e-324"], [1e100, "1e+100"],
  ])("%d → %s", (v, expected) => expect(formatValue(v)).toBe(expected));
});
