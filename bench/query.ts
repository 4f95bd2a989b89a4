// Query benchmark: the same data in Boardwatch (the sample store on this machine's PostgreSQL, queried through
// the Prometheus API's query service: engine + SQL reads) and in Debian's Prometheus 2.42 (backfilled with
// promtool, queried over its HTTP API), the same range queries, median latency of each and the ratio.
//
//   npx tsx bench/query.ts        (or `npm run bench -- query`)
//
// Env: BOARDS (24; each has 8 CPU modes × 4 CPUs, load, temperature and a 6-bucket histogram: 40 series, 960 in all),
// HOURS (24, at a 15 s interval), RUNS (5 per query and side), TEST_DATABASE_URL, PROMETHEUS_BIN.
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@boardwatch/db/testing";
import { DEFAULT_LIMITS, SampleStore } from "@boardwatch/tsdb";
import pg from "pg";
import { freePort } from "../packages/scrape/bench/prometheus-runner";
import { medianMs } from "./timing";

const BOARDS = Number(process.env.BOARDS ?? 24);
const HOURS = Number(process.env.HOURS ?? 24);
const RUNS = Number(process.env.RUNS ?? 5);
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";
const STEP_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const database = await createTestDatabase("querybench");
Object.assign(process.env, { DATABASE_URL: database.url });
const { runRangeQuery } = await import("@boardwatch/api");
// Loading a day at once is a backfill far above a tenant's ingestion rate: this writer has no rate limits.
// The data ends now, as a live dashboard's does. Maintenance packs closed partitions into per-series blocks
// (plain-path partitions are 1 h wide; 4 h in databases created before that) ten minutes after they close, so
// the newest hour or so of every window is raw rows, the rest packed blocks.
const end = Math.floor(Date.now() / STEP_MS) * STEP_MS;
const loader = await SampleStore.open(new pg.Pool({ connectionString: database.url, max: 2 }), {
  limits: () => ({ ...DEFAULT_LIMITS, ingestionRate: 1e12, ingestionBurstSize: 1e12, maxActiveSeries: 1e9 }),
  now: () => end,
});
const tenantId = "bench-tenant";

const start = end - HOURS * 3600_000;
const times: number[] = [];
for (let t = start; t <= end; t += STEP_MS) times.push(t);

type Series = { labels: Record<string, string>; value: (i: number) => number };
const series: Series[] = [];
for (let b = 0; b < BOARDS; b++) {
  const instance = `board-${b}`;
  for (let cpu = 0; cpu < 4; cpu++) {
    for (const [m, mode] of ["idle", "user", "system", "iowait", "irq", "softirq", "nice", "steal"].entries()) {
      series.push({ labels: { __name__: "node_cpu_seconds_total", instance, job: "node", cpu: String(cpu), mode }, value: (i) => i * (m === 0 ? 12 : 1 + m * 0.3) + b });
    }
  }
  series.push({ labels: { __name__: "node_load1", instance, job: "node" }, value: (i) => Math.round((1 + Math.sin(i / 40 + b)) * 100) / 100 });
  series.push({ labels: { __name__: "node_hwmon_temp_celsius", instance, job: "node", chip: "cpu", sensor: "temp1" }, value: (i) => 45 + ((i * 7 + b) % 20) });
  for (const [k, le] of ["0.05", "0.1", "0.25", "0.5", "1", "+Inf"].entries()) {
    series.push({ labels: { __name__: "http_request_duration_seconds_bucket", instance, job: "app", le }, value: (i) => i * (k + 1) * 3 });
  }
}
const samples = series.length * times.length;
console.log(`data: ${series.length} series × ${times.length} samples (${HOURS} h at 15 s) = ${(samples / 1e6).toFixed(2)} M samples`);

// Boardwatch: through the writer, in batches of whole hours.
const writeStarted = performance.now();
for (let from = 0; from < times.length; from += 240) {
  const slice = times.slice(from, from + 240);
  await loader.write(tenantId, series.map((s) => ({ labels: s.labels, samples: slice.map((t, j) => ({ t, v: s.value(from + j) })) })));
}
console.log(`boardwatch: stored in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`);
// What the worker's maintenance does within minutes: roll up, and pack closed partitions into per-series blocks.
async function pack(store: SampleStore): Promise<string> {
  const started = performance.now();
  let packed = 0;
  for (let tick = await store.maintenance(); tick.packed.length; tick = await store.maintenance()) packed += tick.packed.length;
  return `${packed} partitions packed in ${((performance.now() - started) / 1000).toFixed(1)} s`;
}
console.log(`boardwatch: maintenance (rollups, packing): ${await pack(loader)}`);

// Prometheus: the same samples backfilled as OpenMetrics.
const dir = mkdtempSync(join(tmpdir(), "bench-query-"));
const om = createWriteStream(join(dir, "data.om"));
const families = new Map<string, Series[]>();
for (const s of series) families.set(s.labels.__name__!, [...(families.get(s.labels.__name__!) ?? []), s]);
for (const [name, members] of families) {
  om.write(`# TYPE ${name} gauge\n`);
  for (const s of members) {
    const labels = Object.entries(s.labels).filter(([k]) => k !== "__name__").map(([k, v]) => `${k}="${v}"`).join(",");
    let chunk = "";
    times.forEach((t, i) => (chunk += `${name}{${labels}} ${s.value(i)} ${t / 1000}\n`));
    om.write(chunk);
  }
}
om.end("# EOF\n");
await new Promise((resolve) => om.on("finish", resolve));
execFileSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=24h", join(dir, "data.om"), join(dir, "data")], { stdio: "ignore" });
writeFileSync(join(dir, "prometheus.yml"), "global: { scrape_interval: 1h }\n");
const port = await freePort();
const prometheus = spawn(PROMETHEUS, [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--storage.tsdb.retention.time=30d"], { stdio: "ignore" });
for (;;) {
  if ((await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => null))?.ok) break;
  await sleep(200);
}

const queries = [
  ["single-series rate", 'rate(node_cpu_seconds_total{instance="board-1",cpu="0",mode="idle"}[5m])'],
  ["sum by (mode) (rate)", "sum by (mode) (rate(node_cpu_seconds_total[5m]))"],
  ["avg_over_time", "avg_over_time(node_hwmon_temp_celsius[5m])"],
  ["max by (instance)", "max by (instance) (node_load1)"],
  ["histogram_quantile", "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"],
] as const;
const windows = [1, 6, 24, 168].filter((h) => h <= HOURS);

/** Grafana's `roundInterval` (the steps of it these windows reach): 14.4 s → 15 s, 86 s → 1m, 346 s → 5m, 40m → 30m. */
function grafanaInterval(ms: number): number {
  const nice: Array<[number, number]> = [[12_500, 10_000], [17_500, 15_000], [25_000, 20_000], [45_000, 30_000], [90_000, 60_000], [210_000, 120_000],
    [450_000, 300_000], [750_000, 600_000], [1_050_000, 900_000], [1_500_000, 1_200_000], [2_700_000, 1_800_000], [5_400_000, 3_600_000]];
  return nice.find(([below]) => ms < below)?.[1] ?? 7_200_000;
}

// The first run of a query reads from Postgres whatever the caches do not hold yet: the raw rows (all but the
// blocks a query over the same selector and a shorter window read before). Further runs are a dashboard's
// refreshes: settled raw samples (older than ten minutes and a margin, see packages/tsdb/src/settled-samples.ts)
// and blocks come from memory, the last eleven minutes of raw rows from Postgres again.
async function measure(): Promise<void> {
  // A server's JIT compiler has long optimised the engine: every query once over the hour ending 23 h ago first.
  for (const [, query] of queries) {
    const at = (end - 23 * 3600_000) / 1000;
    await runRangeQuery(tenantId, new URLSearchParams({ query, start: String(at - 3600), end: String(at), step: "15" }));
  }
  console.log(`\nmedian latency of ${RUNS} runs after the first (Boardwatch's first run on its own), ms; steps as Grafana picks them for 250 points (* read rollups)\n`);
  console.log(`${"query".padEnd(24)} ${"window".padEnd(4)} ${"step".padStart(5)} ${"bw first".padStart(9)} ${"boardwatch".padStart(11)} ${"prometheus".padStart(11)} ${"ratio".padStart(7)}`);
  for (const [name, query] of queries) {
    for (const h of windows) {
      // Grafana's Prometheus data source rounds the interval to a "nice" one and aligns the range to it.
      const step = grafanaInterval((h * 3600_000) / 250);
      const to = Math.floor(end / step) * step;
      const params = { query, start: String((Math.floor((end - h * 3600_000) / step) * step) / 1000), end: String(to / 1000), step: String(step / 1000) };
      const run = () => runRangeQuery(tenantId, new URLSearchParams(params));
      const t0 = performance.now();
      const rolled = ((await run()).infos ?? []).some((i) => i.includes("rollups"));
      const first = performance.now() - t0;
      const ours = await medianMs(run, RUNS);
      const theirs = await medianMs(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/query_range?${new URLSearchParams(params)}`);
        if ((((await res.json()) as { status: string }).status) !== "success") throw new Error(`prometheus failed on ${query}`);
      }, RUNS, 1);
      console.log(
        `${name.padEnd(24)} ${`${h}h${rolled ? "*" : ""}`.padEnd(4)} ${`${step / 1000}s`.padStart(5)} ${first.toFixed(1).padStart(9)} ${ours.toFixed(1).padStart(11)} ${theirs.toFixed(1).padStart(11)} ${(ours / theirs).toFixed(2).padStart(7)}`,
      );
    }
  }
}

try {
  await measure();
} finally {
  prometheus.kill("SIGTERM");
  await database.drop().catch(() => undefined);
  process.exit();
}
