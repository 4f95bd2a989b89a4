import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration";

describe("durations", () => {
  it.each([["15s", 15], ["1h30m", 5400], ["500ms", 0.5], ["2d", 172_800], ["1w", 604_800]])("parses %s", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["", "auto", "15", "1.5m", "-5s", "0s", "5 m"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("formats largest units first and round-trips", () => {
    expect(formatDuration(90)).toBe("1m30s");
    expect(formatDuration(86_400 + 3600)).toBe("1d1h");
    for (const s of [1, 14, 60, 3599, 7 * 86_400]) expect(parseDuration(formatDuration(s))).toBe(s);
  });
});
