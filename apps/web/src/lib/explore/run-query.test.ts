import { describe, expect, it } from "vitest";
import { resultStats } from "./run-query";

describe("resultStats", () => {
  it("counts series and points of a graph", () => {
    const series = [
      { labels: { a: "1" }, points: [{ t: 1, v: 1 }, { t: 2, v: 2 }] },
      { labels: { a: "2" }, points: [{ t: 1, v: 1 }] },
    ];
    expect(resultStats({ kind: "graph", startMs: 0, endMs: 2, stepSeconds: 1, series, tookMs: 5 })).toEqual({ series: 2, samples: 3 });
  });

  it("counts rows and samples of a table, range vectors included", () => {
    const rows = [{ labels: {}, samples: [{ t: 1, v: "1" }, { t: 2, v: "2" }] }];
    expect(resultStats({ kind: "table", timeMs: 2, rows, tookMs: 5 })).toEqual({ series: 1, samples: 2 });
  });
});
