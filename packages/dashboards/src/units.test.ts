import { describe, expect, it } from "vitest";
import { formatUnit } from "./units";

describe("formatUnit", () => {
  it.each([
    [0, "bytes", "0 B"], [1023, "bytes", "1023 B"], [1536, "bytes", "1.5 KiB"], [25276514304, "bytes", "23.5 GiB"], [-2048, "bytes", "-2 KiB"],
    [42.123, "celsius", "42.1°C"], [99.95, "percent", "100%"], [0.25, "seconds", "250 ms"], [90, "seconds", "1.5 min"],
    [7200, "seconds", "2 h"], [172800, "seconds", "2 d"], [12.34, "ops", "12.3 ops/s"], [0.12345, "none", "0.123"], [NaN, "bytes", "NaN"],
    [0.873, "percentunit", "87.3%"], [1500, "decbytes", "1.5 kB"], [999, "decbytes", "999 B"], [12_500_000, "bps", "12.5 Mb/s"],
    [2048, "Bps", "2 kB/s"], [1_500_000_000, "hertz", "1.5 GHz"], [250, "ms", "250 ms"], [1500, "ms", "1.5 s"], [0.0005, "seconds", "500 µs"],
    [15300, "short", "15.3k"], [42, "short", "42"], [3200, "reqps", "3.2k req/s"], [-0.5, "percentunit", "-50%"], [Infinity, "celsius", "Infinity"],
  ] as const)("%d %s → %s", (v, unit, expected) => expect(formatUnit(v, unit)).toBe(expected));

  it("honours decimals", () => {
    expect(formatUnit(42.123, "celsius", 0)).toBe("42°C");
    expect(formatUnit(1536, "bytes", 3)).toBe("1.5 KiB");
    expect(formatUnit(1.23456, "none", 0)).toBe("1.23");
  });
});
