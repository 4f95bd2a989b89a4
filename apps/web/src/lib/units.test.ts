import { describe, expect, it } from "vitest";
import { formatUnit } from "./units";

describe("formatUnit", () => {
  it.each([
    [0, "bytes", "0 B"], [1023, "bytes", "1023 B"], [1536, "bytes", "1.5 KiB"], [25276514304, "bytes", "23.5 GiB"], [-2048, "bytes", "-2 KiB"],
    [42.123, "celsius", "42.1°C"], [99.95, "percent", "100%"], [0.25, "seconds", "250 ms"], [90, "seconds", "1.5 min"],
    [7200, "seconds", "2 h"], [172800, "seconds", "2 d"], [12.34, "ops", "12.3 ops/s"], [0.12345, "none", "0.123"], [NaN, "bytes", "NaN"],
  ] as const)("%d %s → %s", (v, unit, expected) => expect(formatUnit(v, unit)).toBe(expected));
});
