import { describe, expect, it } from "vitest";
import { chartRows, seriesName } from "./series";

describe("seriesName", () => {
  it("names a series like Prometheus, labels sorted and quoted", () => {
    expect(seriesName({ mode: "idle", __name__: "node_cpu_seconds_total", cpu: "0" })).toBe('node_cpu_seconds_total{cpu="0", mode="idle"}');
  });

  it("names series without a metric name or without labels", () => {
    expect(seriesName({ mode: 'a"b' })).toBe('{mode="a\\"b"}');
    expect(seriesName({ __name__: "up" })).toBe("up");
    expect(seriesName({})).toBe("{}");
  });
});

describe("chartRows", () => {
  it("merges series into one row per timestamp, sorted, leaving gaps where a series has no point", () => {
    const rows = chartRows([
      { labels: { a: "1" }, points: [{ t: 2000, v: 2 }, { t: 1000, v: 1 }] },
      { labels: { a: "2" }, points: [{ t: 2000, v: 20 }, { t: 3000, v: 30 }] },
    ]);
    expect(rows).toEqual([{ t: 1000, s0: 1 }, { t: 2000, s0: 2, s1: 20 }, { t: 3000, s1: 30 }]);
  });
});
