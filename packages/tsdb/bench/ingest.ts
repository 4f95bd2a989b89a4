/**
 * Ingest benchmark: writer vs raw binary COPY into the same table, bytes per sample on both paths, and the
 * series-cache miss path. Run: `npx tsx packages/tsdb/bench/ingest.ts` (BENCH_QUICK=1 for a smaller run).
 * Plain path: the real PostgreSQL at TEST_DATABASE_URL (a throwaway database). TimescaleDB path: PGlite (WASM,
 * 32-bit, single connection) so its byte figures are PGlite-specific and its throughput is not comparable.
 */
import { encodeBinaryCopy, type SampleRows } from "../src/binary-copy";
import { migrateSampleStore, SampleStore, type SeriesWrite } from "../src/index";
import { storeSamples } from "../src/store-samples";
import { openTestDatabase, type TestDatabase } from "../test/backends";
import { finished } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";

const QUICK = process.env.BENCH_QUICK === "1";
const SERIES = QUICK ? 2_000 : 10_000;
const ROUNDS = QUICK ? 10 : 30; // samples per series per phase
const STEP = 15_000;
const MISS_SERIES = QUICK ? 5_000 : 20_000;

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
}
const table: Row[] = [];

/** node_exporter-like values: half counters, half noisy gauges. */
function value(series: number, round: number): number {
  return series % 2 ? series * 1000 + round * ((series % 13) + 1) : Math.round((50 + 20 * Math.sin(round / 7 + series)) * 100) / 100;
}

function batch(from: number, rounds: number, t0: number, series = SERIES): SeriesWrite[] {
  return Array.from({ length: series }, (_, s) => ({
    labels: { __name__: `node_metric_${s % 50}`, instance: `board-${Math.floor(s / 50)}`, job: "node" },
    samples: Array.from({ length: rounds }, (_, r) => ({ t: t0 + (from + r) * STEP, v: value(s, from + r) })),
  }));
}

async function sampleCount(db: TestDatabase): Promise<number> {
  return (await db.pool.query<{ n: number }>("select count(*)::float8 as n from tsdb.samples")).rows[0]?.n ?? 0;
}

/** The writer's rows for raw COPY: same series ids and values, 1 ms later so they do not collide. */
function copyRows(b: SeriesWrite[], ids: number[], size: number): SampleRows {
  const rows: SampleRows = { seriesIds: new Float64Array(size), timestamps: new Float64Array(size), values: new Float64Array(size), length: size };
  let i = 0;
  b.forEach((s, k) => {
    for (const x of s.samples) {
      rows.seriesIds[i] = ids[k] as number;
      rows.timestamps[i] = x.t + 1;
      rows.values[i] = x.v;
      i++;
    }
  });
  return rows;
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await f();
  return performance.now() - start;
}

/**
 * Runs `ours` and `baseline` on each input in turn, alternating which goes first, so both see the same table
 * size and machine load. The ratio to quote is the median of the pairs' ratios (baseline time / ours), robust
 * to load spikes from other processes.
 */
async function interleaved<T>(
  inputs: T[],
  ours: (input: T) => Promise<number>,
  baseline: (input: T) => Promise<number>,
): Promise<{ oursMs: number; baselineMs: number; ratios: number[] }> {
  const out = { oursMs: 0, baselineMs: 0, ratios: [] as number[] };
  for (const [k, input] of inputs.entries()) {
    let o: number;
    let b: number;
    if (k % 2) {
      o = await ours(input);
      b = await baseline(input);
    } else {
      b = await baseline(input);
      o = await ours(input);
    }
    out.oursMs += o;
    out.baselineMs += b;
    out.ratios.push(b / o);
  }
  return out;
}

async function rawCopy(db: TestDatabase, rows: SampleRows): Promise<number> {
  const client = await db.pool.connect();
  try {
    const data = encodeBinaryCopy(rows); // pre-encoded: the baseline pays for nothing but the COPY
    const start = performance.now();
    const stream = client.query(copyFrom("copy tsdb.samples (series_id, t, v) from stdin (format binary)"));
    stream.end(data);
    await finished(stream);
    return performance.now() - start;
  } finally {
    client.release();
  }
}

async function plain(): Promise<void> {
  const db = await openTestDatabase("postgres");
  try {
    await migrateSampleStore(db.pool);
    const store = await SampleStore.open(db.pool, { limits: () => ({ ...zeroLimits }) });
    await store.maintenance();
    // Live ingest: every sample within the last few minutes or ahead (no future limit here). Samples older than
    // LATE_AFTER_MS take the late-write bookkeeping path of the plain rollups, an extra statement per write.
    const t0 = Date.now() - 5 * 60_000;
    await store.write("bench", batch(0, 1, t0)); // create the series: the measured phases hit the cache
    const ids = (await db.pool.query<{ id: string }>("select id from tsdb.series order by id")).rows.map((r) => Number(r.id));

    // Inputs are built up front: garbage from building them must not be collected inside a timed call.
    const chunk = 3;
    const pairs = Array.from({ length: Math.ceil((ROUNDS - 1) / chunk) }, (_, k) => {
      const r = 1 + k * chunk;
      const b = batch(r, Math.min(chunk, ROUNDS - r), t0);
      return { b, rows: copyRows(b, ids, SERIES * Math.min(chunk, ROUNDS - r)) };
    });
    const writer = await interleaved(
      pairs,
      ({ b }) => timed(() => store.write("bench", b)),
      ({ rows }) => rawCopy(db, rows),
    );
    const written = pairs.reduce((sum, p) => sum + p.rows.length, 0);
    table.push({
      figure: "plain: writer samples/s (cache hits)",
      value: fmt(written / (writer.oursMs / 1000)),
      baseline: `raw COPY ${fmt(written / (writer.baselineMs / 1000))}`,
      ratio: `${median(writer.ratios).toFixed(2)} (median of ${writer.ratios.length})`,
    });

    // The storage stage alone (binary encoding + COPY, what the writer does after resolving series ids).
    {
      const inputs = Array.from({ length: 8 }, (_, k) => copyRows(batch(ROUNDS + 10 + k * 3, 3, t0), ids, SERIES * 3));
      const stage = await interleaved(
        inputs,
        (rows) => timed(() => storeSamples(db.pool, rows, { kind: "copy" })),
        (rows) => rawCopy(db, { ...rows, timestamps: rows.timestamps.map((t) => t + 1) }), // distinct rows for the baseline
      );
      const n = 8 * 3 * SERIES;
      table.push({
        figure: "plain: storage stage alone (encode + COPY)",
        value: fmt(n / (stage.oursMs / 1000)),
        baseline: `raw COPY ${fmt(n / (stage.baselineMs / 1000))}`,
        ratio: (stage.baselineMs / stage.oursMs).toFixed(2),
      });
    }

    // Scrape-shaped batches: one sample per series per write, so per-series work is not amortised. The label
    // objects are the same in every batch, as the scrape cache hands them out scrape after scrape.
    {
      const labels = batch(0, 1, t0).map((s) => s.labels);
      const inputs = Array.from({ length: 10 }, (_, k) => {
        const b = batch(ROUNDS + k, 1, t0).map((s, i) => ({ ...s, labels: labels[i] as SeriesWrite["labels"] }));
        return { b, rows: copyRows(b, ids, SERIES) };
      });
      const scrapes = await interleaved(
        inputs,
        ({ b }) => timed(() => store.write("bench", b)),
        ({ rows }) => rawCopy(db, rows),
      );
      const n = 10 * SERIES;
      table.push({
        figure: "plain: writer samples/s, scrape-shaped (1 sample/series/batch)",
        value: fmt(n / (scrapes.oursMs / 1000)),
        baseline: `raw COPY ${fmt(n / (scrapes.baselineMs / 1000))}`,
        ratio: `${median(scrapes.ratios).toFixed(2)} (median of ${scrapes.ratios.length})`,
      });
    }

    const missStart = performance.now();
    const missT = t0 + (ROUNDS + 40) * STEP;
    const created = (
      await store.write(
        "bench-miss",
        Array.from({ length: MISS_SERIES }, (_, s) => ({ labels: { __name__: "new_series", id: String(s), job: "node" }, samples: [{ t: missT, v: s }] })),
      )
    ).seriesCreated;
    const missRate = created / ((performance.now() - missStart) / 1000);
    table.push({ figure: "plain: series created/s (cache miss path)", value: fmt(missRate), baseline: "-", ratio: "-" });

    await db.pool.query("vacuum analyze tsdb.samples");
    const bytes = await db.pool.query<{ b: number }>("select sum(pg_total_relation_size(format('tsdb.%I', name)::regclass))::float8 as b from tsdb.partitions");
    const count = await sampleCount(db);
    table.push({ figure: "plain: bytes/sample (heap + PK index)", value: ((bytes.rows[0]?.b ?? 0) / count).toFixed(1), baseline: "Prometheus ~4.6", ratio: ((bytes.rows[0]?.b ?? 0) / count / 4.6).toFixed(1) });

    // Packed: what maintenance makes of the same rows once their partitions have closed (a clock a day later).
    const later = await SampleStore.open(db.pool, { limits: () => ({ ...zeroLimits }), now: () => Date.now() + 24 * 3600_000 });
    while ((await later.maintenance()).packed.length);
    const packed = await db.pool.query<{ b: number; n: number }>(
      "select pg_total_relation_size('tsdb.sample_blocks')::float8 as b, (select sum(cardinality(ts)) from tsdb.sample_blocks)::float8 as n",
    );
    const perSample = (packed.rows[0]?.b ?? 0) / (packed.rows[0]?.n ?? 1);
    table.push({ figure: "plain: bytes/sample packed (blocks, lz4)", value: perSample.toFixed(1), baseline: "Prometheus ~4.6", ratio: (perSample / 4.6).toFixed(1) });
  } finally {
    await db.close();
  }
}

async function timescale(): Promise<void> {
  const db = await openTestDatabase("timescaledb");
  try {
    await migrateSampleStore(db.pool);
    const store = await SampleStore.open(db.pool, { limits: () => ({ ...zeroLimits }) });
    const t0 = Math.floor(Date.now() / (4 * 3600_000)) * 4 * 3600_000 - 12 * 3600_000; // chunk-aligned, old enough to compress
    // Compression works per series and chunk: give each series a full 4 h chunk of 15 s samples.
    const rounds = QUICK ? 480 : 960;
    const series = batch(0, rounds, t0, QUICK ? 50 : 200);
    const start = performance.now();
    const n = (await store.write("bench", series)).samples;
    const rate = n / ((performance.now() - start) / 1000);
    table.push({ figure: "timescaledb (PGlite): writer samples/s (insert path)", value: fmt(rate), baseline: "-", ratio: "-" });
    const size = async (): Promise<number> => (await db.pool.query<{ b: number }>("select hypertable_size('tsdb.samples')::float8 as b")).rows[0]?.b ?? 0;
    const before = (await size()) / n;
    await db.pool.query("select compress_chunk(c, true) from show_chunks('tsdb.samples') c");
    const after = (await size()) / n;
    table.push({ figure: "timescaledb (PGlite): bytes/sample uncompressed", value: before.toFixed(1), baseline: "Prometheus ~4.6", ratio: (before / 4.6).toFixed(1) });
    table.push({ figure: "timescaledb (PGlite): bytes/sample compressed", value: after.toFixed(1), baseline: "Prometheus ~4.6", ratio: (after / 4.6).toFixed(1) });
  } finally {
    await db.close();
  }
}

const zeroLimits = { ingestionRate: 0, ingestionBurstSize: 0, maxActiveSeries: 0, maxLabelNamesPerSeries: 0, maxLabelNameLength: 0, maxLabelValueLength: 0, creationGracePeriodMs: 0 };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (x: number): string => Math.round(x).toLocaleString("en-US");

await plain();
await timescale();
console.log(`ingest benchmark (${SERIES} series, ${ROUNDS} samples each; ${QUICK ? "quick" : "full"})`);
console.table(table);
