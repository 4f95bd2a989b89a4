import { describe, expect, it } from "vitest";
import { fromLocalInput, isRelativeRange, rangeSeconds, resolveRange, toLocalInput } from "./time-range";

describe("time ranges", () => {
  const now = Date.UTC(2026, 10, 24, 20, 0);

  it("resolves relative ranges back from now", () => {
    expect(resolveRange({ kind: "relative", range: "15m" }, now)).toEqual({ startMs: now - 15 * 60_000, endMs: now });
    expect(resolveRange({ kind: "relative", range: "30d" }, now)).toEqual({ startMs: now - 30 * 86_400_000, endMs: now });
  });

  it("measures ranges in seconds", () => {
    expect(rangeSeconds({ kind: "relative", range: "2d" })).toBe(172_800);
    expect(rangeSeconds({ kind: "absolute", fromMs: 1000, toMs: 61_000 })).toBe(60);
  });

  it("keeps absolute ranges as they are", () => {
    expect(resolveRange({ kind: "absolute", fromMs: 1, toMs: 2 }, now)).toEqual({ startMs: 1, endMs: 2 });
  });

  it("offers only the listed relative ranges", () => {
    expect(isRelativeRange("2d")).toBe(true);
    expect(isRelativeRange("2h")).toBe(false);
  });

  it("round-trips datetime-local values in the browser's time zone, to the minute", () => {
    const ms = new Date(2026, 10, 24, 9, 5).getTime();
    expect(toLocalInput(ms)).toBe("2026-11-24T09:05");
    expect(fromLocalInput("2026-11-24T09:05")).toBe(ms);
    expect(fromLocalInput("2026-11-24")).toBeUndefined();
  });
});
