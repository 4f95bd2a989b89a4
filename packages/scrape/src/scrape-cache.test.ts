import { describe, expect, it } from "vitest";
import { ScrapeCache } from "./scrape-cache";
import { type LabeledSeries, SeriesLabeler } from "./series-labels";

const labeler = new SeriesLabeler({ job: "j" }, false);
const seriesOf = (n: number): Map<string, LabeledSeries> => new Map(Array.from({ length: n }, (_, i) => [`m${i}`, labeler.label(`m${i}`, [])]));

describe("ScrapeCache", () => {
  it("returns what was stored once, and only for the same labeling", () => {
    const cache = new ScrapeCache();
    const series = seriesOf(3);
    cache.store("t", "a", series);
    expect(cache.take("t", "b")).toBeUndefined();
    cache.store("t", "a", series);
    expect(cache.take("t", "a")).toBe(series);
    expect(cache.take("t", "a")).toBeUndefined();
  });

  it("drops the least recently stored targets beyond its series budget", () => {
    const cache = new ScrapeCache({ maxSeries: 5 });
    cache.store("old", "l", seriesOf(2));
    cache.store("mid", "l", seriesOf(2));
    cache.store("new", "l", seriesOf(2));
    expect(cache.take("old", "l")).toBeUndefined();
    expect(cache.take("mid", "l")?.size).toBe(2);
    cache.store("huge", "l", seriesOf(6));
    expect(cache.take("huge", "l")).toBeUndefined();
    expect(cache.take("new", "l")?.size).toBe(2);
  });
});
