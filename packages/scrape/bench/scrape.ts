// Scraper throughput and CPU cost against Debian's Prometheus 2.42 scraping the same synthetic targets in the
// same run. Targets are served by a child process (bench/synthetic-targets.ts), so its CPU is not counted.
// Storage is not part of this bench: our figures stop at the writes a scrape returns, while Prometheus's
// include appending to its TSDB head and WAL. Run: npx tsx bench/scrape.ts [targets=200] [seconds=10]
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { Redis } from "ioredis";
import { fetchTarget } from "../src/fetch-target";
import { runPrometheus, syntheticTargetsConfig } from "./prometheus-runner";
import {
  MemoryStalenessState,
  RedisStalenessState,
  ScrapeCache,
  type ScrapeOptions,
  type ScrapeTarget,
  type StalenessState,
  closeScrapeConnections,
  scrape,
} from "../src/index";

const TARGETS = Number(process.argv[2] ?? "200");
const SECONDS = Number(process.argv[3] ?? "10");
const CONCURRENCY = 16;

/** What one worker process holds: its staleness state client and its scrape options (with its own cache). */
interface Worker {
  state: StalenessState;
  options: ScrapeOptions;
}

/**
 * Scrapes a target as the `n`-th worker would: successive scrapes of a target go to successive workers, as a
 * queue without target affinity hands them out. One worker means every scrape finds its own caches warm.
 */
function scrapeBy(workers: Worker[]): (target: ScrapeTarget) => ReturnType<typeof scrape> {
  const counts = new Map<ScrapeTarget, number>();
  return (target) => {
    const n = counts.get(target) ?? 0;
    counts.set(target, n + 1);
    const worker = workers[n % workers.length] as Worker;
    return scrape(target, worker.state, worker.options);
  };
}

interface Measured {
  scrapesPerSecond: number;
  samplesPerSecond: number;
  cpuSecondsPerMillion: number;
}

async function startChild(command: string, args: string[]): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  return { child, firstLine: chunk.toString().trim() };
}

function targetsOn(port: number): ScrapeTarget[] {
  return Array.from({ length: TARGETS }, (_, i) => ({
    url: `http://127.0.0.1:${port}/targets/${i}/metrics`,
    job: "bench",
    instance: `127.0.0.1:${port}`,
    targetLabels: { board: `b${i}` },
    honorLabels: false,
    timeoutMs: 10_000,
    intervalMs: 15_000,
    sampleLimit: 10_000,
    labelLimit: 64,
    labelNameLengthLimit: 256,
    labelValueLengthLimit: 4096,
    bodySizeLimitBytes: 16 * 1024 * 1024,
  }));
}

/**
 * Runs `drive` with a `scrapeOne` that scrapes through the workers and counts what each successful scrape returns
 * to store, and measures scrapes/s, samples/s and this process's CPU per million samples over the run.
 */
async function measureScrapes(workers: Worker[], drive: (scrapeOne: (target: ScrapeTarget) => Promise<void>, started: number) => Promise<unknown>): Promise<Measured> {
  const scrape = scrapeBy(workers);
  let scrapes = 0;
  let samples = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await drive(async (target) => {
    const outcome = await scrape(target);
    if (outcome.up !== 1) throw new Error(`scrape failed: ${outcome.error}`);
    scrapes++;
    for (const write of outcome.writes) samples += write.samples.length;
  }, started);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    scrapesPerSecond: scrapes / elapsed,
    samplesPerSecond: samples / elapsed,
    cpuSecondsPerMillion: (used.user + used.system) / 1e6 / (samples / 1e6),
  };
}

/** CONCURRENCY loops scraping the targets round-robin for `seconds`; samples are what a scrape returns to store. */
function scrapeLoop(targets: ScrapeTarget[], workers: Worker[], seconds: number): Promise<Measured> {
  return measureScrapes(workers, (scrapeOne, started) =>
    Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        for (let i = worker; performance.now() < started + seconds * 1000; i += CONCURRENCY) await scrapeOne(targets[i % targets.length] as ScrapeTarget);
      }),
    ),
  );
}

/** Each target scraped once per second, first scrapes spread over the second, as Prometheus schedules them. */
function scrapeEverySecond(targets: ScrapeTarget[], workers: Worker[], seconds: number): Promise<Measured> {
  const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));
  return measureScrapes(workers, (scrapeOne, started) =>
    Promise.all(
      targets.map(async (target, i) => {
        for (let at = started + (1000 * i) / targets.length; at < started + seconds * 1000; at += 1000) {
          await sleepUntil(at);
          await scrapeOne(target);
        }
      }),
    ),
  );
}

async function httpClientCost(targets: ScrapeTarget[]): Promise<{ nodeHttp: number; fetch: number }> {
  const headers = { Accept: "text/plain", "Accept-Encoding": "gzip" };
  const viaNodeHttp = async (url: string) =>
    (await fetchTarget(url, { headers, authorization: undefined, timeoutMs: 10_000, bodySizeLimit: Infinity, signal: undefined })).body.length;
  const viaFetch = async (url: string) => (await (await fetch(url, { headers, signal: AbortSignal.timeout(10_000) })).arrayBuffer()).byteLength;
  const cost = async (get: (url: string) => Promise<number>): Promise<number> => {
    const cpu = process.cpuUsage();
    const requests = 400;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        for (let i = worker; i < requests; i += CONCURRENCY) await get((targets[i % targets.length] as ScrapeTarget).url);
      }),
    );
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / requests;
  };
  await cost(viaNodeHttp);
  await cost(viaFetch);
  // Interleaved rounds, best of each: other load on the machine only ever adds.
  const nodeHttp: number[] = [];
  const viaFetchCosts: number[] = [];
  for (let round = 0; round < 3; round++) {
    nodeHttp.push(await cost(viaNodeHttp));
    viaFetchCosts.push(await cost(viaFetch));
  }
  return { nodeHttp: Math.min(...nodeHttp), fetch: Math.min(...viaFetchCosts) };
}

async function measurePrometheus(targetPort: number, seconds: number): Promise<Measured> {
  const run = await runPrometheus({
    config: syntheticTargetsConfig(targetPort, TARGETS, 1, 1),
    warmupSamples: TARGETS * 305 * 2,
    warmupTimeoutMs: 30_000,
    seconds,
  });
  return {
    scrapesPerSecond: run.samples / run.elapsedSeconds / 305,
    samplesPerSecond: run.samples / run.elapsedSeconds,
    cpuSecondsPerMillion: run.cpuSeconds / (run.samples / 1e6),
  };
}

const { child: server, firstLine } = await startChild(process.execPath, ["--import", "tsx", join(import.meta.dirname, "synthetic-targets.ts"), String(TARGETS)]);
const targetPort = Number(firstLine);
const targets = targetsOn(targetPort);
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const redisPrefix = `bench:scrape:${process.pid}:`;
try {
  const http = await httpClientCost(targets);
  type Loop = typeof scrapeLoop;
  const memory = (cache: boolean): Worker => ({ state: new MemoryStalenessState(), options: cache ? { cache: new ScrapeCache() } : {} });
  const withRedis = (): Worker => ({ state: new RedisStalenessState(redis, redisPrefix), options: { cache: new ScrapeCache() } });
  const variants: [string, Loop, () => Worker[]][] = [
    ["max rate, memory state, no cache", scrapeLoop, () => [memory(false)]],
    ["max rate, memory state, ScrapeCache", scrapeLoop, () => [memory(true)]],
    ["max rate, Redis state, ScrapeCache", scrapeLoop, () => [withRedis()]],
    ["max rate, Redis + cache, 3 workers, no affinity", scrapeLoop, () => [withRedis(), withRedis(), withRedis()]],
    ["1 s interval, Redis state, ScrapeCache", scrapeEverySecond, () => [withRedis()]],
  ];
  const results: [string, Measured][] = [];
  for (const [name, loop, makeWorkers] of variants) {
    const workers = makeWorkers();
    await loop(targets, workers, 2);
    results.push([name, await loop(targets, workers, SECONDS)]);
  }
  closeScrapeConnections();
  const prometheus = await measurePrometheus(targetPort, SECONDS);

  console.log(`\n${TARGETS} targets x 300 series (gzip, text format), ${SECONDS} s per run, ${CONCURRENCY} scrapes in flight.`);
  console.log("Storage is NOT part of this bench: ours stops at the writes a scrape returns; Prometheus's CPU includes");
  console.log("appending to its TSDB head and WAL. Prometheus scrapes every target once per second; so does our last");
  console.log("run, the others scrape as fast as they can. \"3 workers, no affinity\": successive scrapes of a target go");
  console.log("to three workers in turn (separate caches and Redis state clients in this one process), so each worker's");
  console.log("caches see a target only every third scrape.");
  console.log("Samples are what gets stored: scraped samples plus the five synthetic series per scrape.\n");
  const rows = [
    ["figure", "value", "baseline", "ratio"],
    ["HTTP client CPU per request", `${http.nodeHttp.toFixed(0)} us (node:http)`, `${http.fetch.toFixed(0)} us (fetch)`, (http.nodeHttp / http.fetch).toFixed(2)],
    ...results.flatMap(([name, m]) => [
      [`${name}: CPU-s / 1M samples`, m.cpuSecondsPerMillion.toFixed(2), `${prometheus.cpuSecondsPerMillion.toFixed(2)} (Prometheus 2.42)`, (m.cpuSecondsPerMillion / prometheus.cpuSecondsPerMillion).toFixed(2)],
      [`${name}: samples/s`, m.samplesPerSecond.toFixed(0), `${prometheus.samplesPerSecond.toFixed(0)} (Prometheus, 1 s interval)`, ""],
      [`${name}: scrapes/s`, m.scrapesPerSecond.toFixed(0), `${prometheus.scrapesPerSecond.toFixed(0)} (Prometheus, 1 s interval)`, ""],
    ]),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  "));
} finally {
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  server.kill();
}
