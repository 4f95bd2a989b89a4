import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./rate-limiter";

describe("TokenBucketLimiter", () => {
  it("allows the burst, refills at the rate, and never passes a request larger than the burst", () => {
    const l = new TokenBucketLimiter();
    expect(l.tryTake("t", 100, 10, 100, 0)).toBe(true);
    expect(l.tryTake("t", 1, 10, 100, 0)).toBe(false);
    expect(l.tryTake("t", 5, 10, 100, 500)).toBe(true);
    expect(l.tryTake("t", 1, 10, 100, 500)).toBe(false);
    expect(l.tryTake("t", 101, 10, 100, 1_000_000)).toBe(false);
    expect(l.tryTake("other", 100, 10, 100, 0)).toBe(true);
  });
});
