import { describe, expect, it } from "vitest";
import { panelStep, rateInterval, niceInterval } from "./interval";

describe("maxDataPoints → step", () => {
  it("gives at most one point per pixel, rounded up to a nice interval", () => {
    // 24 h over 800 px: 108 s raw → 2m.
    expect(panelStep({ rangeSeconds: 86_400, maxDataPoints: 800 })).toBe(120);
    // 6 h over 1200 px: 18 s raw → 20s.
    expect(panelStep({ rangeSeconds: 6 * 3600, maxDataPoints: 1200 })).toBe(20);
    // 7 d over 500 px: 1209.6 s → 30m.
    expect(panelStep({ rangeSeconds: 7 * 86_400, maxDataPoints: 500 })).toBe(1800);
  });

  it("never asks for more points than the panel has pixels", () => {
    for (const range of [300, 3600, 86_400, 30 * 86_400]) {
      for (const width of [100, 333, 800, 1920]) {
        const step = panelStep({ rangeSeconds: range, maxDataPoints: width, scrapeIntervalSeconds: 1 });
        expect(Math.floor(range / step) + 1).toBeLessThanOrEqual(width + 1);
      }
    }
  });

  it("never goes below the minimum interval (the scrape interval by default)", () => {
    expect(panelStep({ rangeSeconds: 300, maxDataPoints: 1000 })).toBe(15);
    expect(panelStep({ rangeSeconds: 300, maxDataPoints: 1000, minInterval: "1m" })).toBe(60);
    expect(panelStep({ rangeSeconds: 300, maxDataPoints: 1000, scrapeIntervalSeconds: 5 })).toBe(5);
  });

  it("stays within the server's 11,000 points per series", () => {
    expect(panelStep({ rangeSeconds: 30 * 86_400, maxDataPoints: 11_000, minInterval: "1s" })).toBeGreaterThanOrEqual(30 * 86_400 / 11_000);
  });

  it("rounds up to intervals a person would pick", () => {
    expect([0.5, 13, 16, 40, 100, 250, 3000, 700_000].map(niceInterval)).toEqual([1, 15, 20, 60, 120, 300, 3600, 2592000]);
  });

  it("$__rate_interval is at least four scrape intervals and at least step + scrape interval", () => {
    expect(rateInterval(15)).toBe(60);
    expect(rateInterval(120)).toBe(135);
    expect(rateInterval(10, 30)).toBe(120);
  });
});
