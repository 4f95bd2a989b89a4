import { describe, expect, it } from "vitest";
import { isLegacyLabelName, isLegacyMetricName, unescape } from "./lexing";

describe("legacy names", () => {
  it("accepts the legacy charsets only", () => {
    expect(["up", "_x", "a:b_c9", "node_cpu_seconds_total"].every(isLegacyMetricName)).toBe(true);
    expect(["", "9a", "a-b", "a.b", "é"].some(isLegacyMetricName)).toBe(false);
    expect(["le", "_x", "a9"].every(isLegacyLabelName)).toBe(true);
    expect(["", "a:b", "9a", "a.b"].some(isLegacyLabelName)).toBe(false);
  });
});

describe("unescape", () => {
  it("undoes \\\\, \\n and optionally \\\" and keeps other pairs", () => {
    expect(unescape('a\\\\b\\nc\\"d\\te\\', true)).toBe('a\\b\nc"d\\te\\');
    expect(unescape('\\"', false)).toBe('\\"');
  });
});
