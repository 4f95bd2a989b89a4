import { describe, expect, it } from "vitest";
import { timeTicks } from "./time-ticks";

const at = (h: number, m = 0) => Date.UTC(2026, 10, 24, h, m);

describe("timeTicks", () => {
  it("puts ticks on round times within the range", () => {
    expect(timeTicks(at(19, 3), at(20, 3), 8)).toEqual([at(19, 10), at(19, 20), at(19, 30), at(19, 40), at(19, 50), at(20, 0)]);
  });

  it("widens the interval to keep at most maxTicks", () => {
    const ticks = timeTicks(at(0), at(0) + 7 * 86_400_000, 8);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks[1]! - ticks[0]!).toBe(86_400_000);
  });

  it("aligns to local time with a time-zone offset", () => {
    // UTC+05:30: local hours fall on :30 UTC.
    expect(timeTicks(at(10), at(13), 4, 330 * 60_000)).toEqual([at(10, 30), at(11, 30), at(12, 30)]);
  });
});
