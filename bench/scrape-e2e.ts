// End to end scrape benchmark: ONE real worker process (apps/worker) scraping synthetic 300-series targets
// through the whole path (BullMQ schedule, fetch, parse, store into Postgres, board status update), compared in
// the same run with Debian's Prometheus 2.42 scraping the same targets at the same interval.
//
//   npx tsx bench/scrape-e2e.ts        (or `npm run bench -- scrape-e2e`)
//
// Env: TARGETS (2000), INTERVAL_S (5), DURATION_S (30, the measured window, rounded to whole intervals),
// WARMUP_MAX_S (60), WARMUP_MIN_S (0: measure as soon as steady; e.g. 720 to measure a partition twelve minutes
// old, past the catalogue's ten-minute last_seen touch), BOARDS_PER_TENANT (derived from the default tenant
// limits, see below),
// WORKER_CONCURRENCY (200, the worker's default), DATABASE_POOL_SIZE (inherited by the worker; 5 by default),
// PROMETHEUS_BIN (/usr/bin/prometheus), REDIS_URL, TEST_DATABASE_URL.
//
// Figures:
// - samples/s and scrapes/s: rows in tsdb.samples (all of them: scraped + the five synthetic series) and
//   scrape_duration_seconds samples whose timestamp lies in the window [T0, T1), counted once the worker had
//   time to store them. The throw-away database holds nothing else.
// - CPU: utime+stime from /proc of the worker process and of the postgres processes working for this run
//   (client backends of its database plus the server's shared WAL writer, checkpointer, ...), deltas over the
//   window; the sum over every postgres process on the host is printed too (the server may be shared).
// - Lateness: a scrape's timestamp minus its interval slot, taken modulo the interval (a scrape later than a
//   whole interval wraps; missed slots are reported separately). BullMQ 6 `every` schedulers do NOT fire at
//   multiples of the interval since the epoch: each keeps the phase it was created with (its job ids are
//   `repeat:scrape:<board>:<slot ms>`), so a board's slots are its scheduler's `next` plus/minus whole
//   intervals, read from the queue after the window. Interval jitter: per board, the gap
//   between consecutive scrapes minus the interval, comparable with Prometheus's
//   prometheus_target_interval_length_seconds quantiles.
//
// The target server (packages/scrape/bench/synthetic-targets.ts) runs as a child process, as in the scrape
// bench, so its CPU is counted for neither side. The Prometheus runner of packages/scrape/bench/scrape.ts is
// not exported (importing that module runs its whole benchmark), so the few lines it takes are here.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTestDatabase } from "@boardwatch/db/testing";
import { DEFAULT_LIMITS } from "@boardwatch/tsdb";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { spawnWorker } from "../apps/worker/test/spawn-worker";
import { cpuSecondsOf, runPrometheus, sumMetric, syntheticTargetsConfig } from "../packages/scrape/bench/prometheus-runner";

const SERIES_PER_SCRAPE = 305; // 300 scraped + up, scrape_duration_seconds, scrape_samples_scraped, ...
const TARGETS = Number(process.env.TARGETS ?? 2000);
const INTERVAL_S = Number(process.env.INTERVAL_S ?? 5);
const INTERVAL_MS = INTERVAL_S * 1000;
const DURATION_S = Math.max(1, Math.round(Number(process.env.DURATION_S ?? 30) / INTERVAL_S)) * INTERVAL_S;
const WARMUP_MIN_S = Number(process.env.WARMUP_MIN_S ?? 0);
const WARMUP_MAX_S = Math.max(WARMUP_MIN_S, Number(process.env.WARMUP_MAX_S ?? 60));
const WORKER_CONCURRENCY = process.env.WORKER_CONCURRENCY ?? "200";
// The sample store applies DEFAULT_LIMITS to every tenant (10k samples/s, 150k active series; there is no
// per-tenant override), so a single tenant cannot take 100k samples/s: the boards are spread over tenants,
// each kept at 90 % of both limits, as a multi-tenant fleet would be.
const BOARDS_PER_TENANT = Number(
  process.env.BOARDS_PER_TENANT ??
    Math.max(1, Math.floor(Math.min((0.9 * DEFAULT_LIMITS.ingestionRate * INTERVAL_S) / SERIES_PER_SCRAPE, (0.9 * DEFAULT_LIMITS.maxActiveSeries) / SERIES_PER_SCRAPE))),
);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const SECRET = "bench-secret-bench-secret-bench-secret-0123";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const log = (msg: string) => console.log(`[scrape-e2e ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** CPU seconds of every `postgres` process, by pid. */
function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== "postgres") continue;
      out.set(Number(entry), cpuSecondsOf(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * The postgres processes that work for this run: client backends connected to its database, and the server's
 * shared processes (WAL writer, checkpointer, background writer, ...). Other databases' client backends (the
 * server may be shared with other test runs) are left out.
 */
async function ourPostgresPids(pool: pg.Pool, database: string): Promise<Set<number>> {
  const rows = await pool.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 or backend_type not in ('client backend', 'autovacuum worker', 'parallel worker')",
    [database],
  );
  return new Set(rows.rows.map((r) => r.pid));
}

/** CPU used by postgres processes between two snapshots; processes started in between count whole. */
function postgresCpuDelta(before: Map<number, number>, after: Map<number, number>, only?: Set<number>): number {
  let sum = 0;
  for (const [pid, cpu] of after) if (!only || only.has(pid)) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

interface Figures {
  samplesPerSecond: number;
  scrapesPerSecond: number;
  cpuSeconds: number;
  cpuSecondsPerMillion: number;
  latenessP50Ms?: number;
  latenessP99Ms?: number;
  jitterP50Ms: number;
  jitterP99Ms: number;
}

// ---------------------------------------------------------------------------------------------- Prometheus

async function measurePrometheus(targetPort: number): Promise<Figures> {
  const run = await runPrometheus({
    config: syntheticTargetsConfig(targetPort, TARGETS, INTERVAL_S, Math.min(INTERVAL_S, 10)),
    // Its scrape manager picks the targets up within 5 s and spreads them over an interval: wait for two rounds.
    warmupSamples: TARGETS * SERIES_PER_SCRAPE * 2,
    warmupTimeoutMs: 60_000,
    seconds: DURATION_S,
  });
  log(`Prometheus measured over ${run.elapsedSeconds.toFixed(0)} s`);
  // Summary over its lifetime (warm-up included): actual interval between scrapes of a target.
  const quantileOf = (q: string) => sumMetric(run.metrics, "prometheus_target_interval_length_seconds", `quantile="${q}"`) * 1000 - INTERVAL_MS;
  return {
    samplesPerSecond: run.samples / run.elapsedSeconds,
    scrapesPerSecond: run.samples / run.elapsedSeconds / SERIES_PER_SCRAPE,
    cpuSeconds: run.cpuSeconds,
    cpuSecondsPerMillion: run.cpuSeconds / (run.samples / 1e6),
    jitterP50Ms: quantileOf("0.5"),
    jitterP99Ms: quantileOf("0.99"),
  };
}

// ---------------------------------------------------------------------------------------------- Boardwatch

async function deleteKeys(pattern: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let n = 0;
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 1000 })) {
      if ((keys as string[]).length) n += await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
  return n;
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) await fn(items[i] as T, i);
    }),
  );
}

/** Enrolls TARGETS boards over ceil(TARGETS / BOARDS_PER_TENANT) tenants, all pointing at the target server. */
async function enrollFleet(targetPort: number): Promise<Map<string, string>> {
  const { createEnrolmentToken, createTenant, enrollBoard, enrolmentRequest } = await import("@boardwatch/api");
  const { boards, getDb } = await import("@boardwatch/db");
  const db = getDb(process.env.DATABASE_URL as string);
  const actor = { userId: null, label: "bench" };
  const tenants = Math.ceil(TARGETS / BOARDS_PER_TENANT);
  const boardIds = new Map<string, string>();
  const tokens: Array<{ tenantId: string; token: string }> = [];
  for (let t = 0; t < tenants; t++) {
    const tenant = await createTenant({ db, actor }, { slug: `bench-${t}-${randomBytes(3).toString("hex")}`, name: `Bench ${t}`, ownerUserId: null });
    const { token } = await createEnrolmentToken({ db, actor, tenant, role: "OWNER" as const }, { name: "bench", labels: { site: "bench" } }, "http://x");
    tokens.push({ tenantId: tenant.id, token });
  }
  await mapLimit(
    Array.from({ length: TARGETS }, (_, i) => i),
    16,
    async (i) => {
      const { tenantId, token } = tokens[Math.floor(i / BOARDS_PER_TENANT)] as { tenantId: string; token: string };
      const enrolled = await enrollBoard(
        { db },
        enrolmentRequest.parse({ token, hostname: `board-${i}`, scrapeUrl: `http://127.0.0.1:${targetPort}/targets/${i}/metrics` }),
        "http://x",
      );
      boardIds.set(`board-${i}`, enrolled.boardId);
      await boards.updateBoard(db, tenantId, enrolled.boardId, { scrapeIntervalSeconds: INTERVAL_S, scrapeTimeoutSeconds: Math.min(INTERVAL_S, 10) });
    },
  );
  return boardIds;
}

async function measureBoardwatch(boardIds: Map<string, string>, databaseUrl: string, databaseName: string, prefix: string): Promise<Figures & { missedSlots: number; expectedScrapes: number; notUp: number }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const scrapeTimes = async (lo: number, hi: number) =>
    (
      await pool.query<{ series_id: string; board: string; t: string }>(
        `select s.series_id, x.labels->>'board' as board, s.t from tsdb.samples s join tsdb.series x on x.id = s.series_id
          where x.metric = 'scrape_duration_seconds' and s.t >= $1 and s.t < $2`,
        [lo, hi],
      )
    ).rows;
  const worker = await spawnWorker({ QUEUE_PREFIX: prefix, WORKER_CONCURRENCY, HEARTBEAT_INTERVAL_MS: "60000", ...(process.env.WORKER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.WORKER_NODE_OPTIONS } : {}) });
  worker.child.stdout?.resume(); // keep its stdout drained once the readiness line was read
  try {
    const pid = worker.child.pid as number;
    // Warm-up: the first rounds create every series (TARGETS x 305 catalogue rows). Steady once two whole
    // slots in a row each stored at least 90 % of the boards' scrapes (and WARMUP_MIN_S passed), or after WARMUP_MAX_S.
    const warmupMin = Date.now() + WARMUP_MIN_S * 1000;
    const warmupEnd = Date.now() + WARMUP_MAX_S * 1000;
    let steadySlots = 0;
    let lastChecked = 0;
    while (Date.now() < warmupEnd && (steadySlots < 2 || Date.now() < warmupMin)) {
      await sleep(1000);
      // The slot that ended at least one interval ago: its scrapes should all be stored by now.
      const slot = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS - 2 * INTERVAL_MS;
      if (slot <= lastChecked) continue;
      lastChecked = slot;
      const stored = (await scrapeTimes(slot, slot + INTERVAL_MS)).length;
      steadySlots = stored >= 0.9 * TARGETS ? steadySlots + 1 : 0;
      log(`warm-up: slot ${new Date(slot).toISOString().slice(11, 19)} stored ${stored}/${TARGETS} scrapes`);
    }
    if (steadySlots < 2) log(`not steady after ${WARMUP_MAX_S} s of warm-up; measuring anyway`);
    const t0 = Math.ceil(Date.now() / INTERVAL_MS) * INTERVAL_MS;
    const t1 = t0 + DURATION_S * 1000;
    await sleep(t0 - Date.now());
    const workerCpu0 = cpuSecondsOf(pid);
    const pg0 = postgresCpu();
    const ours0 = await ourPostgresPids(pool, databaseName);
    log(`measuring ${DURATION_S} s from ${new Date(t0).toISOString()}`);
    await sleep(t1 - Date.now());
    const workerCpu = cpuSecondsOf(pid) - workerCpu0;
    const pg1 = postgresCpu();
    const ours = new Set([...ours0, ...(await ourPostgresPids(pool, databaseName))]);
    const pgCpu = postgresCpuDelta(pg0, pg1, ours);
    const pgCpuAll = postgresCpuDelta(pg0, pg1);
    // Each board's slot phase, from its scheduler's next run.
    const queue = new Queue("scrape", { connection: { url: REDIS_URL }, prefix });
    const phase = new Map<string, number>();
    try {
      for (const s of await queue.getJobSchedulers(0, -1)) {
        if (s.next !== undefined && s.next !== null) phase.set(s.key, Number(s.next) % INTERVAL_MS);
      }
    } finally {
      await queue.close();
    }
    // Let the scrapes begun in the window land (a scrape is stored after its fetch, under its start time).
    await sleep(INTERVAL_MS + 5000);
    const samples = Number((await pool.query<{ n: string }>("select count(*) as n from tsdb.samples where t >= $1 and t < $2", [t0, t1])).rows[0]?.n);
    const upDown = Number(
      (
        await pool.query<{ n: string }>(
          `select count(*) as n from tsdb.samples s join tsdb.series x on x.id = s.series_id where x.metric = 'up' and s.v <> 1 and s.t >= $1 and s.t < $2`,
          [t0, t1],
        )
      ).rows[0]?.n,
    );
    const rows = await scrapeTimes(t0 - INTERVAL_MS, t1);
    const inWindow = rows.filter((r) => Number(r.t) >= t0);
    const lateness: number[] = [];
    for (const r of inWindow) {
      const p = phase.get(`scrape:${boardIds.get(r.board)}`);
      if (p !== undefined) lateness.push((((Number(r.t) - p) % INTERVAL_MS) + INTERVAL_MS) % INTERVAL_MS);
    }
    lateness.sort((a, b) => a - b);
    const bySeries = new Map<string, number[]>();
    for (const r of rows) bySeries.set(r.series_id, [...(bySeries.get(r.series_id) ?? []), Number(r.t)]);
    const jitter: number[] = [];
    for (const times of bySeries.values()) {
      times.sort((a, b) => a - b);
      for (let k = 1; k < times.length; k++) if ((times[k] as number) >= t0) jitter.push((times[k] as number) - (times[k - 1] as number) - INTERVAL_MS);
    }
    jitter.sort((a, b) => a - b);
    const expectedScrapes = TARGETS * (DURATION_S / INTERVAL_S);
    const cpu = workerCpu + pgCpu;
    log(`worker ${workerCpu.toFixed(1)} CPU-s, postgres ${pgCpu.toFixed(1)} CPU-s (all postgres processes: ${pgCpuAll.toFixed(1)})`);
    return {
      samplesPerSecond: samples / DURATION_S,
      scrapesPerSecond: inWindow.length / DURATION_S,
      cpuSeconds: cpu,
      cpuSecondsPerMillion: cpu / (samples / 1e6),
      latenessP50Ms: quantile(lateness, 0.5),
      latenessP99Ms: quantile(lateness, 0.99),
      jitterP50Ms: quantile(jitter, 0.5),
      jitterP99Ms: quantile(jitter, 0.99),
      missedSlots: expectedScrapes - inWindow.length,
      expectedScrapes,
      notUp: upDown,
      workerCpu,
      pgCpu,
      pgCpuAll,
    } as Figures & { missedSlots: number; expectedScrapes: number; notUp: number; workerCpu: number; pgCpu: number; pgCpuAll: number };
  } finally {
    await stopChild(worker.child, 20_000);
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------------- main

log(
  `${TARGETS} targets x 300 series, ${INTERVAL_S} s interval (offered ${((TARGETS * SERIES_PER_SCRAPE) / INTERVAL_S).toFixed(0)} samples/s), ` +
    `${DURATION_S} s measured per side, worker concurrency ${WORKER_CONCURRENCY}, DATABASE_POOL_SIZE ${process.env.DATABASE_POOL_SIZE ?? "5 (default)"}, ` +
    `${BOARDS_PER_TENANT} boards per tenant (${Math.ceil(TARGETS / BOARDS_PER_TENANT)} tenants)`,
);
const targetsScript = fileURLToPath(new URL("../packages/scrape/bench/synthetic-targets.ts", import.meta.url));
const server = spawn(process.execPath, ["--import", "tsx", targetsScript, String(TARGETS)], { stdio: ["ignore", "pipe", "inherit"] });
const prefix = `bench-scrape-e2e-${randomBytes(4).toString("hex")}`;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let exitCode = 0;
try {
  const [chunk] = (await once(server.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  const targetPort = Number(chunk.toString().trim());
  database = await createTestDatabase("scrape_e2e");
  // The api reads these at import.
  Object.assign(process.env, { DATABASE_URL: database.url, BOARDWATCH_SECRET: SECRET, BOARDWATCH_PUBLIC_URL: "http://localhost:3999" });
  const enrolStarted = performance.now();
  const boardIds = await enrollFleet(targetPort);
  log(`enrolled ${TARGETS} boards in ${((performance.now() - enrolStarted) / 1000).toFixed(1)} s`);

  const ours = (await measureBoardwatch(boardIds, database.url, database.name, prefix)) as Awaited<ReturnType<typeof measureBoardwatch>> & { workerCpu: number; pgCpu: number; pgCpuAll: number };
  const prom = await measurePrometheus(targetPort);

  const f0 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(0));
  const f2 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(2));
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !b ? "" : (a / b).toFixed(2));
  console.log(
    `\n${TARGETS} targets x 300 series (gzip), ${INTERVAL_S} s interval, offered ${f0((TARGETS * SERIES_PER_SCRAPE) / INTERVAL_S)} samples/s; ` +
      `${DURATION_S} s measured per side after warm-up; one worker process, concurrency ${WORKER_CONCURRENCY}; ` +
      `${Math.ceil(TARGETS / BOARDS_PER_TENANT)} tenants of <= ${BOARDS_PER_TENANT} boards.`,
  );
  console.log("Boardwatch CPU = worker process + postgres (its database's backends + shared processes); Prometheus CPU = its one process (scrape + TSDB head + WAL).\n");
  const rows = [
    ["figure", "Boardwatch", "Prometheus 2.42", "ratio"],
    ["samples/s stored", f0(ours.samplesPerSecond), f0(prom.samplesPerSecond), ratio(ours.samplesPerSecond, prom.samplesPerSecond)],
    ["scrapes/s", f0(ours.scrapesPerSecond), f0(prom.scrapesPerSecond), ratio(ours.scrapesPerSecond, prom.scrapesPerSecond)],
    ["CPU-s in window (total)", f2(ours.cpuSeconds), f2(prom.cpuSeconds), ratio(ours.cpuSeconds, prom.cpuSeconds)],
    ["  of which worker process", f2(ours.workerCpu), "", ""],
    ["  of which postgres (our db + shared)", f2(ours.pgCpu), "", ""],
    ["  (all postgres processes on host)", f2(ours.pgCpuAll), "", ""],
    ["CPU-s per 1M samples", f2(ours.cpuSecondsPerMillion), f2(prom.cpuSecondsPerMillion), ratio(ours.cpuSecondsPerMillion, prom.cpuSecondsPerMillion)],
    ["lateness vs slot p50 (ms)", f0(ours.latenessP50Ms), "n/a (spreads targets)", ""],
    ["lateness vs slot p99 (ms)", f0(ours.latenessP99Ms), "n/a (spreads targets)", ""],
    ["interval jitter p50 (ms)", f0(ours.jitterP50Ms), f0(prom.jitterP50Ms), ""],
    ["interval jitter p99 (ms)", f0(ours.jitterP99Ms), f0(prom.jitterP99Ms), ""],
    ["missed slots (of expected)", `${ours.missedSlots} of ${ours.expectedScrapes}`, "", ""],
    ["scrapes stored with up != 1", String(ours.notUp), "", ""],
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  "));
  const meetsRate = ours.samplesPerSecond >= 100_000;
  const meetsCpu = ours.cpuSecondsPerMillion <= 3 * prom.cpuSecondsPerMillion;
  console.log(`\ntarget >= 100k samples/s end to end: ${meetsRate ? "met" : "NOT met"}; CPU per 1M samples within 3x of Prometheus: ${meetsCpu ? "met" : "NOT met"}`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await stopChild(server);
  const deleted = await deleteKeys(`${prefix}*`).catch(() => 0);
  await database?.drop();
  log(`cleaned up: ${deleted} Redis keys, database ${database?.name ?? "(none)"}`);
}
process.exit(exitCode);
