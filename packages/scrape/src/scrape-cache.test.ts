import { type ParseLimits, type Sample, parsePrometheusText } from "@boardwatch/exposition";
import { describe, expect, it } from "vitest";
import { ScrapeCache } from "./scrape-cache";
import type { LabeledSeries } from "./series-labels";
import { SeriesLabeler } from "./series-labels";

const labeler = new SeriesLabeler({ job: "j" }, false);

/** One scrape of `target` exposing `names` (each with one label), labelled through the cache as scrape() does. */
function scrapeOf(cache: ScrapeCache, target: string, names: string[], by = labeler, limits: ParseLimits = {}): LabeledSeries[] {
  const labeling = cache.labeling(target, by, limits);
  const body = names.map((name) => `${name}{l="v"} 1\n`).join("");
  const parsed = parsePrometheusText(body, limits, labeling.known);
  const labeled = parsed.samples.map((sample: Sample) => labeling.label(sample));
  labeling.commit(parsed);
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

  it("keeps the series of a scrape that failed before committing", () => {
    const cache = new ScrapeCache();
    const first = scrapeOf(cache, "t", ["a"]);
    cache.labeling("t", labeler, {});
    expect(scrapeOf(cache, "t", ["a"])[0]).toBe(first[0]);
  });

  it("labels afresh when the target is labelled differently or under other limits", () => {
    const cache = new ScrapeCache();
    const first = scrapeOf(cache, "t", ["a"]);
    const relabelled = scrapeOf(cache, "t", ["a"], new SeriesLabeler({ job: "k" }, false));
    expect(relabelled[0]?.labels.job).toBe("k");
    scrapeOf(cache, "t", ["a"]);
    expect(scrapeOf(cache, "t", ["a"], labeler, { labelLimit: 10 })[0]).not.toBe(first[0]);
  });

  it("hands out the same synthetic series labels while the target is labelled the same way", () => {
    const cache = new ScrapeCache();
    const report = cache.labeling("t", labeler, {}).report;
    scrapeOf(cache, "t", ["a"]);
    expect(cache.labeling("t", labeler, {}).report).toBe(report);
    expect(report.map((series) => series.labels.__name__)).toEqual([
      "up",
      "scrape_duration_seconds",
      "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling",
      "scrape_series_added",
    ]);
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

  it("hands out the same metadata array while the target declares the same", () => {
    const cache = new ScrapeCache();
    const scrapeBody = (body: string) => {
      const labeling = cache.labeling("t", labeler, {});
      const parsed = parsePrometheusText(body, {}, labeling.known);
      for (const sample of parsed.samples) labeling.label(sample);
      return labeling.commit(parsed);
    };
    const body = "# HELP a An a.\n# TYPE a gauge\na 1\n";
    const first = scrapeBody(body);
    expect(first).toEqual([{ metric: "a", type: "gauge", help: "An a.", unit: "" }]);
    expect(scrapeBody(body.replace("a 1", "a 2"))).toBe(first);
    const changed = scrapeBody(body.replace("An a.", "The a."));
    expect(changed).toEqual([{ metric: "a", type: "gauge", help: "The a.", unit: "" }]);
    expect(scrapeBody(body.replace("An a.", "The a."))).toBe(changed);
  });
});
