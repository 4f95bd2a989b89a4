import { describe, expect, it } from "vitest";
import { ScrapeCache } from "./scrape-cache";
import { SeriesLabeler } from "./series-labels";

const labeler = new SeriesLabeler({ job: "j" }, false);

function scrapeOf(cache: ScrapeCache, target: string, names: string[], by = labeler) {
  const labeling = cache.labeling(target, by);
  const labeled = names.map((name) => labeling.label(name, [["l", "v"]]));
  labeling.commit();
  return labeled;
}

describe("ScrapeCache", () => {
  it("hands out the same labelled series to the next scrape of a target", () => {
    const cache = new ScrapeCache();
    const first = scrapeOf(cache, "t", ["a", "b"]);
    const second = scrapeOf(cache, "t", ["b", "c"]);
    expect(second[0]).toBe(first[1]);
    expect(second[1]?.labels).toEqual({ __name__: "c", job: "j", l: "v" });
    // Only what the last scrape saw is kept: `a` is labelled afresh.
    expect(scrapeOf(cache, "t", ["a"])[0]).not.toBe(first[0]);
  });

  it("finds series in a new order, and keeps those of an unchanged scrape", () => {
    const cache = new ScrapeCache();
    const first = scrapeOf(cache, "t", ["a", "b", "c"]);
    const reordered = scrapeOf(cache, "t", ["c", "a", "b"]);
    [first[2], first[0], first[1]].forEach((series, i) => expect(reordered[i]).toBe(series));
    expect(scrapeOf(cache, "t", ["c", "a", "b"])[0]).toBe(first[2]);
    expect(scrapeOf(cache, "t", ["c", "a"])[1]).toBe(first[0]);
    expect(scrapeOf(cache, "t", ["c", "a", "b"])[2]).not.toBe(first[1]);
  });

  it("labels afresh when the target is labelled differently", () => {
    const cache = new ScrapeCache();
    scrapeOf(cache, "t", ["a"]);
    const relabelled = scrapeOf(cache, "t", ["a"], new SeriesLabeler({ job: "k" }, false));
    expect(relabelled[0]?.labels.job).toBe("k");
  });

  it("drops the least recently scraped targets beyond its series budget", () => {
    const cache = new ScrapeCache({ maxSeries: 5 });
    const old = scrapeOf(cache, "old", ["a", "b"]);
    const mid = scrapeOf(cache, "mid", ["a", "b"]);
    scrapeOf(cache, "new", ["a", "b"]);
    expect(scrapeOf(cache, "old", ["a"])[0]).not.toBe(old[0]);
    expect(scrapeOf(cache, "mid", ["a"])[0]).toBe(mid[0]);
    const huge = scrapeOf(cache, "huge", ["a", "b", "c", "d", "e", "f"]);
    expect(scrapeOf(cache, "huge", ["a"])[0]).not.toBe(huge[0]);
  });
});
