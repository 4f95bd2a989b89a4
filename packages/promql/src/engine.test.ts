import { describe, expect, it } from "vitest";
import { instantQuery, rangeQuery } from "./engine";
import type { LabelMatcher } from "./ast";
import { MemoryQuerier } from "./memory-querier";
import { STALE_NAN, type Querier, type SampleGrid, type SeriesSamples } from "./querier";

const min = 60_000;

function store(series: Record<string, { labels: Record<string, string>; t: number[]; v: number[] }>): MemoryQuerier {
  const q = new MemoryQuerier();
  for (const s of Object.values(series)) {
    const values = new Float64Array(s.v.length);
    s.v.forEach((v, i) => {
      values[i] = v;
    });
    q.append(s.labels, Float64Array.from(s.t), values);
  }
  return q;
}

/** Records every select so tests can assert one fetch per selector and its window. */
class RecordingQuerier implements Querier {
  readonly calls: { matchers: LabelMatcher[]; start: number; end: number }[] = [];
  constructor(private readonly inner: Querier) {}
  select(matchers: LabelMatcher[], start: number, end: number, signal?: AbortSignal): Promise<SeriesSamples[]> {
    this.calls.push({ matchers, start, end });
    return this.inner.select(matchers, start, end, signal);
  }
}

/** Drops every sample outside the grid's windows, as a storage may: answers must not change. */
class GridQuerier implements Querier {
  grids = 0;
  constructor(private readonly inner: Querier) {}
  async select(matchers: LabelMatcher[], start: number, end: number, signal?: AbortSignal, grid?: SampleGrid): Promise<SeriesSamples[]> {
    const all = await this.inner.select(matchers, start, end, signal);
    if (!grid) return all;
    this.grids++;
    const inWindow = (t: number): boolean => {
      const i = Math.ceil((t - grid.first) / grid.step);
      return i >= 0 && i < grid.count && grid.first + i * grid.step - grid.width <= t;
    };
    return all.map((s) => {
      const keep = Array.from(s.timestamps.keys()).filter((k) => inWindow(s.timestamps[k] as number));
      return { labels: s.labels, timestamps: Float64Array.from(keep, (k) => s.timestamps[k] as number), values: Float64Array.from(keep, (k) => s.values[k] as number) };
    });
  }
}

const counter = store({
  a: { labels: { __name__: "req_total", job: "a" }, t: [0, 1, 2, 3, 4, 5].map((i) => i * min), v: [0, 10, 20, 30, 40, 50] },
  b: { labels: { __name__: "req_total", job: "b" }, t: [0, 1, 2, 3, 4, 5].map((i) => i * min), v: [0, 20, 40, 60, 80, 100] },
});

describe("instantQuery / rangeQuery", () => {
  it("evaluates an instant vector with lookback", async () => {
    const { result } = await instantQuery(counter, "req_total", 5 * min + 30_000);
    expect(result).toEqual({
      resultType: "vector",
      samples: [
        { labels: { __name__: "req_total", job: "a" }, value: 50, timestampMs: 330_000 },
        { labels: { __name__: "req_total", job: "b" }, value: 100, timestampMs: 330_000 },
      ],
    });
  });

  it("returns a label-sorted matrix for range queries and drops the name after rate", async () => {
    const { result } = await rangeQuery(counter, "rate(req_total[2m])", 2 * min, 4 * min, min);
    expect(result).toEqual({
      resultType: "matrix",
      series: [
        { labels: { job: "a" }, timestamps: [120_000, 180_000, 240_000], values: [1 / 6, 1 / 6, 1 / 6] },
        { labels: { job: "b" }, timestamps: [120_000, 180_000, 240_000], values: [1 / 3, 1 / 3, 1 / 3] },
      ],
    });
  });

  it("hides a series from the staleness marker on, detected by its NaN bit pattern", async () => {
    const values = new Float64Array([1, 2, 0, 4]);
    values[2] = STALE_NAN;
    const q = new MemoryQuerier();
    q.append({ __name__: "g" }, Float64Array.from([0, min, 2 * min, 3 * min]), values);
    q.append({ __name__: "n" }, Float64Array.from([0, min, 2 * min]), Float64Array.from([1, 2, NaN]));
    const { result } = await rangeQuery(q, '{__name__=~"g|n"}', 0, 3 * min, min);
    expect(result).toEqual({
      resultType: "matrix",
      series: [
        { labels: { __name__: "g" }, timestamps: [0, min, 3 * min], values: [1, 2, 4] },
        { labels: { __name__: "n" }, timestamps: [0, min, 2 * min, 3 * min], values: [1, 2, NaN, NaN] },
      ],
    });
  });

  it("fetches each selector once, for the window it needs (range, offset, lookback)", async () => {
    const q = new RecordingQuerier(counter);
    await rangeQuery(q, "rate(req_total[5m] offset 1m) + req_total", 10 * min, 20 * min, min);
    expect(q.calls.map(({ start, end }) => [start, end])).toEqual([
      [10 * min - 6 * min, 20 * min - min],
      [10 * min - 5 * min, 20 * min],
    ]);
  });

  it("pins @ start() and @ end() to the query range", async () => {
    const { result } = await rangeQuery(counter, "req_total{job='a'} @ end()", 0, 5 * min, 5 * min);
    expect(result.resultType === "matrix" && result.series[0]?.values).toEqual([50, 50]);
  });

  it("resolves step() and range() in durations per query", async () => {
    const { result } = await rangeQuery(counter, "count_over_time(req_total{job='a'}[step() * 2])", 2 * min, 4 * min, min);
    expect(result.resultType === "matrix" && result.series[0]?.values).toEqual([2, 2, 2]);
    await expect(instantQuery(counter, "req_total[step()]", 0)).rejects.toThrow("range must be greater than 0, got step()");
  });

  it("annotates rate() over a name that does not look like a counter", async () => {
    const q = store({ g: { labels: { __name__: "temperature" }, t: [0, min], v: [1, 2] } });
    const { annotations } = await instantQuery(q, "rate(temperature[5m])", min);
    expect(annotations.infos).toEqual([
      'PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "temperature" (1:6)',
    ]);
  });

  it("reports Prometheus's errors for vector matching", async () => {
    const q = store({
      a: { labels: { __name__: "x", a: "1", b: "1" }, t: [0], v: [1] },
      b: { labels: { __name__: "x", a: "1", b: "2" }, t: [0], v: [1] },
      c: { labels: { __name__: "y", a: "1" }, t: [0], v: [1] },
    });
    await expect(instantQuery(q, "y + on(a) x", 0)).rejects.toThrow(
      'found duplicate series for the match group {a="1"} on the right hand-side of the operation: [{__name__="x", a="1", b="1"}, {__name__="x", a="1", b="2"}];many-to-many matching not allowed: matching labels must be unique on one side',
    );
    await expect(instantQuery(q, "x + on(a) y", 0)).rejects.toThrow("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
    await expect(instantQuery(q, "label_replace(x, 'b', '', 'b', '.*')", 0)).rejects.toThrow("vector cannot contain metrics with the same labelset");
  });
});

describe("limits", () => {
  it("rejects range queries above 11,000 points per series", async () => {
    await expect(rangeQuery(counter, "req_total", 0, 11_001 * 1000, 1000)).rejects.toThrow(
      "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
    );
  });

  it("enforces the sample limit", async () => {
    await expect(instantQuery(counter, "count_over_time(req_total[10m])", 5 * min, { maxSamples: 11 })).rejects.toThrow(
      "query processing would load too many samples into memory in query execution",
    );
    await expect(instantQuery(counter, "count_over_time(req_total[10m])", 5 * min, { maxSamples: 12 })).resolves.toBeDefined();
  });

  it("stops on abort with Prometheus's timeout and cancel messages", async () => {
    const timeout = AbortSignal.abort(new DOMException("slow", "TimeoutError"));
    await expect(instantQuery(counter, "req_total", 0, { signal: timeout })).rejects.toThrow("query timed out in expression evaluation");
    await expect(instantQuery(counter, "req_total", 0, { signal: AbortSignal.abort() })).rejects.toThrow("query was canceled in expression evaluation");
  });
});

describe("sample grids", () => {
  it("answers the same when the storage leaves out the samples between a range query's windows", async () => {
    const t = Array.from({ length: 600 }, (_, i) => i * 15_000);
    const data = store({
      a: { labels: { __name__: "g_total", job: "a" }, t, v: t.map((_, i) => (i % 97 === 0 ? 0 : i * 3)) },
      b: { labels: { __name__: "g_total", job: "b" }, t: t.filter((_, i) => i % 7 !== 3), v: t.filter((_, i) => i % 7 !== 3).map((_, i) => Math.sin(i) * 10) },
    });
    const gridded = new GridQuerier(data);
    const queries = [
      "rate(g_total[5m])",
      "sum(increase(g_total[2m] offset 7m))",
      "g_total",
      "max_over_time(g_total[3m]) - min_over_time(g_total[1m])",
      "timestamp(g_total)",
      "rate(g_total[5m] @ 3000)",
      "max_over_time(rate(g_total[1m])[20m:1m])",
      "changes(g_total[4m]) + resets(g_total[4m])",
    ];
    for (const q of queries) {
      for (const step of [15_000, 10 * min, 37 * min]) {
        const want = await rangeQuery(data, q, 30 * min, 140 * min, step);
        const got = await rangeQuery(gridded, q, 30 * min, 140 * min, step);
        expect([got.result, got.annotations], `${q} at ${step / 1000} s`).toEqual([want.result, want.annotations]);
      }
    }
    expect(gridded.grids).toBeGreaterThan(10);
  });
});
