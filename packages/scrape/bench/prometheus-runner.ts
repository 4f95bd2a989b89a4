// Debian's Prometheus 2.42 as the baseline of the scrape benchmarks: the same synthetic targets, measured in
// the same run. Shared by `bench/scrape.ts` (scraping only) and the root `bench/scrape-e2e.ts` (end to end).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";
const CLOCK_TICKS_PER_SECOND = 100;
const APPENDED = "prometheus_tsdb_head_samples_appended_total";

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command: utime and stime are the 14th and 15th fields overall.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

/** The sum of a metric's series in a text exposition, optionally only lines containing `filter`. */
export function sumMetric(text: string, metric: string, filter = ""): number {
  return text
    .split("\n")
    .filter((l) => l.startsWith(metric) && (l[metric.length] === " " || l[metric.length] === "{") && l.includes(filter))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

/** A Prometheus config scraping the synthetic target server's `/targets/<i>/metrics`, one target each. */
export function syntheticTargetsConfig(port: number, targets: number, intervalS: number, timeoutS: number): string {
  const configs = Array.from(
    { length: targets },
    (_, i) => `  - targets: ["127.0.0.1:${port}"]\n    labels: { __metrics_path__: "/targets/${i}/metrics", board: "b${i}" }\n`,
  );
  return `global:\n  scrape_interval: ${intervalS}s\n  scrape_timeout: ${timeoutS}s\nscrape_configs:\n- job_name: bench\n  static_configs:\n${configs.join("")}`;
}

export interface PrometheusRun {
  /** Samples Prometheus appended during the measured window. */
  samples: number;
  cpuSeconds: number;
  elapsedSeconds: number;
  /** Its own /metrics at the end of the window. */
  metrics: string;
}

/**
 * Runs Prometheus with `config` until it appended `warmupSamples` (its scrape manager spreads first scrapes
 * over an interval), then measures appended samples and its CPU over `seconds`.
 */
export async function runPrometheus(opts: { config: string; warmupSamples: number; warmupTimeoutMs: number; seconds: number }): Promise<PrometheusRun> {
  const dir = mkdtempSync(join(tmpdir(), "bench-prometheus-"));
  const webPort = await freePort();
  writeFileSync(join(dir, "prometheus.yml"), opts.config);
  const prometheus = spawn(
    PROMETHEUS,
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${webPort}`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const metrics = async () => (await fetch(`http://127.0.0.1:${webPort}/metrics`)).text();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    // Prometheus logs this once it serves; its stderr stays drained (a full pipe would block it).
    await new Promise<void>((resolve, reject) => {
      let log = "";
      prometheus.once("exit", (code) => reject(new Error(`prometheus exited with ${code}: ${log.slice(-2000)}`)));
      prometheus.stderr?.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("Server is ready to receive web requests")) resolve();
        if (log.length > 1e6) log = log.slice(-100_000);
      });
    });
    const pid = prometheus.pid as number;
    const deadline = performance.now() + opts.warmupTimeoutMs;
    while (sumMetric(await metrics(), APPENDED) < opts.warmupSamples) {
      if (performance.now() > deadline) throw new Error(`Prometheus did not append ${opts.warmupSamples} samples within ${opts.warmupTimeoutMs} ms`);
      await sleep(250);
    }
    const samples0 = sumMetric(await metrics(), APPENDED);
    const cpu0 = cpuSecondsOf(pid);
    const started = performance.now();
    await sleep(opts.seconds * 1000);
    const text = await metrics();
    return {
      samples: sumMetric(text, APPENDED) - samples0,
      cpuSeconds: cpuSecondsOf(pid) - cpu0,
      elapsedSeconds: (performance.now() - started) / 1000,
      metrics: text,
    };
  } finally {
    const exited = once(prometheus, "exit");
    prometheus.kill("SIGTERM");
    const timer = setTimeout(() => prometheus.kill("SIGKILL"), 15_000);
    if (prometheus.exitCode === null && prometheus.signalCode === null) await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}
