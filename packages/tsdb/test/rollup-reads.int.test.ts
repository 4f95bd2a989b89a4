// PromQL over rollups against PromQL over raw samples, through the real store on real Postgres: range functions
// whose windows are whole buckets read 5m/1h rollups (plus raw samples after the last complete bucket), and must
// answer as the engine does over every raw sample (QueryOptions.pushdown false): exactly for counts, extremes and
// last values, up to floating-point rounding for sums, averages and rates.
import { instantQuery, rangeQuery, type MatrixSeries, type QueryOutcome } from "@boardwatch/promql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateSampleStore, SampleStore, STALE_NAN, type SeriesWrite } from "../src/index";
import { BACKENDS, openTestDatabase, type TestDatabase } from "./backends";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const EXACT = ["count_over_time", "min_over_time", "max_over_time", "last_over_time", "present_over_time"];
const ROUNDED = ["rate", "increase", "sum_over_time", "avg_over_time"];
/** Starts of the hourly 5m rollup blocks in [from, to) (blocks start 1 ms after the hour, as buckets do). */
const hourlyBlocks = (from: number, to: number): number[] => Array.from({ length: (to - from) / HOUR }, (_, k) => from + k * HOUR + 1);
/** The blocks after packing: the day before yesterday's merged into one, yesterday's hours up to 19:00 final. */
const packed = (midnight: number): number[] => [midnight - 24 * HOUR + 1, ...hourlyBlocks(midnight, midnight + 19 * HOUR)];
const usedRollups = (o: QueryOutcome): boolean => o.annotations.infos.some((i) => i.includes("rollups"));

function expectSameSeries(actual: MatrixSeries[], expected: MatrixSeries[], exact: boolean, what: string): void {
  expect(actual.map((s) => [s.labels, s.timestamps]), what).toEqual(expected.map((s) => [s.labels, s.timestamps]));
  actual.forEach((s, k) =>
    s.values.forEach((v, i) => {
      const want = expected[k]?.values[i] as number;
      if (exact) expect(v, `${what}: ${JSON.stringify(s.labels)} at ${s.timestamps[i]}`).toBe(want);
      else expect(Math.abs(v - want), `${what}: ${JSON.stringify(s.labels)} at ${s.timestamps[i]}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
    }),
  );
}

describe.each(BACKENDS)("PromQL over rollups on %s", (backend) => {
  let db: TestDatabase;
  let store: SampleStore;
  const tenant = "rollups";
  // Yesterday 20:20 UTC, with 30 hours of data: 5m buckets up to 19:00 are final and packed in blocks of an hour, the
  // day before's merged into one block.
  const midnight = Math.floor(Date.now() / DAY) * DAY - DAY;
  const now = midnight + 20 * HOUR + 20 * MIN;
  const start = now - 30 * HOUR;

  const blockStarts = async (): Promise<number[]> => (await db.pool.query("select lo from tsdb.rollup_5m_blocks group by lo order by lo")).rows.map((r) => Number(r.lo));

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await migrateSampleStore(db.pool);
    store = await SampleStore.open(db.pool, { now: () => now });
    let seed = 11;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // 30 hours at 15 s, with jitter (scrapes are never exactly on time): counters with resets, gauges, a gap, a
    // series that went stale for a while, and samples exactly on bucket ends.
    const writes: SeriesWrite[] = [];
    for (let i = 0; i < 4; i++) {
      let counter = 0;
      const samples: SeriesWrite["samples"] = [];
      for (let t = start + i * 1_000; t <= now; t += 15_000) {
        const jittered = i === 0 ? t : t + Math.floor(rand() * 3_000);
        if (i === 2 && jittered > start + 2 * HOUR && jittered < start + 3 * HOUR + 7 * MIN) continue; // a gap
        counter = rand() < 0.002 ? rand() * 10 : counter + Math.floor(rand() * 50); // resets now and then
        samples.push({ t: jittered, v: counter });
      }
      // Gone for 20 minutes, its staleness marker alone in a bucket.
      if (i === 3) samples.splice(3000, 80, { t: (samples[2999]?.t as number) + 6 * MIN, v: STALE_NAN });
      writes.push({ labels: { __name__: "requests_total", board: `b${i}` }, samples });
      writes.push({ labels: { __name__: "temperature_celsius", board: `b${i}` }, samples: samples.map((s) => ({ t: s.t, v: Math.round(rand() * 8000) / 100 - 10 })) });
    }
    await store.write(tenant, writes);
    await store.maintenance();
    if (backend === "postgres") expect(await blockStarts()).toEqual(packed(midnight));
  });
  afterAll(async () => {
    await db?.close();
  });

  // Steps a Grafana panel would pick, aligned to them as Grafana aligns a range query.
  const cases = ["5m", "15m", "1h"].flatMap((range) => [300_000, 900_000, HOUR].map((step) => ({ range, step })));

  it("answers range functions over whole buckets from rollups as from the raw samples", async () => {
    const querier = store.querier(tenant);
    if (backend === "timescaledb") {
      // Continuous aggregates do not say which buckets late samples left stale: TimescaleDB reads raw samples.
      expect(querier.rollups).toBeUndefined();
      return;
    }
    let rolled = 0;
    for (const fn of [...EXACT, ...ROUNDED]) {
      for (const { range, step } of cases) {
        for (const offset of ["", " offset 1h"]) {
          const query = `${fn}(${fn === "rate" || fn === "increase" ? "requests_total" : "temperature_celsius"}[${range}]${offset})`;
          const from = Math.floor((start + HOUR) / step) * step;
          const got = await rangeQuery(querier, query, from, now, step);
          const want = await rangeQuery(querier, query, from, now, step, { pushdown: false });
          if (got.result.resultType !== "matrix" || want.result.resultType !== "matrix") throw new Error("range queries answer matrices");
          expect(want.result.series.length, query).toBeGreaterThan(0);
          expectSameSeries(got.result.series, want.result.series, EXACT.includes(fn), `${query} step ${step}`);
          expect(usedRollups(got), query).toBe(true);
          rolled++;
        }
      }
    }
    expect(rolled).toBe((EXACT.length + ROUNDED.length) * cases.length * 2);
  });

  it("answers instant selectors whose lookback windows are whole buckets from rollups, staleness included", async () => {
    const querier = store.querier(tenant);
    if (backend === "timescaledb") return;
    // The staleness marker makes board b3 miss steps (what the rollups must reproduce).
    const b3 = await rangeQuery(querier, 'requests_total{board="b3"}', start + HOUR, now, 5 * MIN, { pushdown: false });
    if (b3.result.resultType !== "matrix") throw new Error("range queries answer matrices");
    expect(b3.result.series[0]?.timestamps.length).toBeLessThan((now - start - HOUR) / (5 * MIN) - 2);
    for (const query of ["requests_total", "temperature_celsius offset 1h", "max by (board) (temperature_celsius)", "timestamp(requests_total)"]) {
      for (const step of [300_000, 900_000, HOUR]) {
        const from = Math.floor((start + HOUR) / step) * step;
        const got = await rangeQuery(querier, query, from, now, step);
        const want = await rangeQuery(querier, query, from, now, step, { pushdown: false });
        if (got.result.resultType !== "matrix" || want.result.resultType !== "matrix") throw new Error("range queries answer matrices");
        expectSameSeries(got.result.series, want.result.series, true, `${query} step ${step}`);
        expect(usedRollups(got), query).toBe(true);
      }
    }
  });

  it("reads raw samples where windows are not whole buckets, buckets are not final, or a bucket holds NaN", async () => {
    if (backend === "timescaledb") return;
    const querier = store.querier(tenant);
    const from = start + 2 * HOUR;
    // A step or range that is not whole buckets, and a start off the bucket ends.
    for (const [query, a, step] of [
      ["max_over_time(temperature_celsius[5m])", from, 7 * MIN],
      ["max_over_time(temperature_celsius[7m])", from, 15 * MIN],
      ["max_over_time(temperature_celsius[5m])", from + 15_000, 15 * MIN],
    ] as const) {
      const got = await rangeQuery(querier, query, a, now, step);
      expect(usedRollups(got), query).toBe(false);
    }
    // The last 16 minutes or so are not in final buckets: an instant query there reads raw samples only.
    const recent = await instantQuery(querier, "rate(requests_total[5m])", now - 5 * MIN);
    expect(usedRollups(recent)).toBe(false);
    // Nested in a subquery, the engine evaluates on the subquery's own grid from raw samples.
    const sub = await instantQuery(querier, "max_over_time(max_over_time(temperature_celsius[5m])[1h:5m])", now - 2 * HOUR);
    expect(usedRollups(sub)).toBe(false);

    // A late sample: the buckets from it on are not final until the next refresh; they are answered from raw
    // samples (the late one included), the earlier ones still from rollups.
    const late = midnight - 2 * HOUR + 2 * MIN + 500; // in a packed block
    await store.write(tenant, [{ labels: { __name__: "temperature_celsius", board: "b0" }, samples: [{ t: late, v: 1000 }] }]);
    const query = "max_over_time(temperature_celsius[5m])";
    const got = await rangeQuery(querier, query, from, now, 5 * MIN);
    const want = await rangeQuery(querier, query, from, now, 5 * MIN, { pushdown: false });
    if (got.result.resultType !== "matrix" || want.result.resultType !== "matrix") throw new Error("range queries answer matrices");
    expect(usedRollups(got)).toBe(true);
    expectSameSeries(got.result.series, want.result.series, true, query);
    expect(want.result.series[0]?.values).toContain(1000);

    // NaN in a bucket: SQL's aggregates order NaN unlike Prometheus's comparisons, so the call reads raw samples.
    await store.write(tenant, [{ labels: { __name__: "temperature_celsius", board: "b1" }, samples: [{ t: start + HOUR + 30_500, v: NaN }] }]);
    await store.maintenance();
    const withNaN = await rangeQuery(querier, query, start + HOUR, now, 5 * MIN);
    const rawNaN = await rangeQuery(querier, query, start + HOUR, now, 5 * MIN, { pushdown: false });
    expect(usedRollups(withNaN)).toBe(false);
    expect(withNaN.result).toEqual(rawNaN.result);
    // The late sample's block was unpacked, recomputed and packed again: rollups answer with it.
    const b0 = 'max_over_time(temperature_celsius{board="b0"}[5m])';
    const repacked = await rangeQuery(querier, b0, from, now, 5 * MIN);
    const rawRepacked = await rangeQuery(querier, b0, from, now, 5 * MIN, { pushdown: false });
    expect(usedRollups(repacked)).toBe(true);
    expect(repacked.result).toEqual(rawRepacked.result);
    expect(await blockStarts()).toEqual(packed(midnight));
  });

  it("deletes rollups with retention, cutting a block across the cutoff", async () => {
    if (backend === "timescaledb") return;
    const m = [{ type: "=", name: "__name__", value: "temperature_celsius" }] as const;
    const cutoff = midnight - 6 * HOUR;
    const before = (await store.rollups.read(tenant, [...m], "5m", start, now)).series;
    await store.applyRetention({ defaultMs: now - cutoff });
    const after = (await store.rollups.read(tenant, [...m], "5m", start, now)).series;
    expect(after.map((s) => s.labels)).toEqual(before.map((s) => s.labels));
    after.forEach((s, k) => {
      const kept = Array.from(before[k]?.ends ?? []).filter((e) => e - 300_000 + 1 >= cutoff);
      expect(Array.from(s.ends)).toEqual(kept);
    });
    expect(await blockStarts()).toEqual(packed(midnight)); // the day's block keeps its buckets after the cutoff
  });
});
