import { describe, expect, it } from "vitest";
import { formatOpenMetricsFloat, isRealNumberToken, parseFloatToken } from "./number";

const parse = (s: string): number | undefined => parseFloatToken(s, 0, s.length);

describe("parseFloatToken", () => {
  it("agrees with Number() on decimal literals, fast path or not", () => {
    const literals = [
      "0", "-0", "1", "+1", "007", "1.5", ".5", "5.", "-2.25", "123456789012345", "1234567890123456789",
      "0.1", "0.30000000000000004", "7.424100000000001e-05", "1e3", "1E3", "1e+06", "2.5e-3", "1.7268398142239082e+09",
      "4.9351e-05", "9007199254740993", "1e22", "1e23", "1e-22", "1e-23", "123.456e-7", "1e308", "5e-324", "0.000000000000000000000001",
    ];
    for (const literal of literals) expect(parse(literal), literal).toBe(Number(literal));
  });

  it("reads Go's special spellings", () => {
    expect([parse("NaN"), parse("nan"), parse("+Inf"), parse("-inf"), parse("Infinity"), parse("+INFINITY")]).toEqual([
      NaN, NaN, Infinity, -Infinity, Infinity, Infinity,
    ]);
  });

  it.each(["", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "--1", "1-1", "0x1", "0x1p-3", "1_000", "Infinity1", "+NaN", "-nan", " 1", "1 ", "1e400", "-1e400", "inff", "true"])(
    "rejects %j",
    (literal) => {
      expect(parse(literal)).toBeUndefined();
    },
  );

  it("tells real numbers from special values for OpenMetrics timestamps", () => {
    expect(isRealNumberToken("1.5e3", 0, 5)).toBe(true);
    expect(isRealNumberToken("Inf", 0, 3)).toBe(false);
    expect(isRealNumberToken("NaN", 0, 3)).toBe(false);
  });
});

describe("formatOpenMetricsFloat", () => {
  it("matches Prometheus's normalised spellings", () => {
    const cases: [number, string][] = [
      [1, "1.0"], [0, "0.0"], [-1, "-1.0"], [0.5, "0.5"], [100000, "100000.0"], [1e6, "1e+06"], [2.5e-5, "2.5e-05"],
      [0.0001, "0.0001"], [1.5e21, "1.5e+21"], [Infinity, "+Inf"], [-Infinity, "-Inf"], [NaN, "NaN"], [123.456, "123.456"],
    ];
    for (const [value, text] of cases) expect(formatOpenMetricsFloat(value)).toBe(text);
  });
});
