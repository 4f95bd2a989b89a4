// Scrapes real exporters on loopback: Debian's prometheus-node-exporter and a prom-client app.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import type { IncomingHttpHeaders } from "node:http";
import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import type { SeriesWrite } from "@boardwatch/tsdb";
import { Counter, Gauge, type OpenMetricsContentType, Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCRAPE_ACCEPT_HEADER } from "@boardwatch/exposition";
import { MemoryStalenessState, SCRAPER_VERSION, scrape } from "./index";
import { type TargetServer, startTargetServer, testTarget } from "./testing/target-server";

const NODE_EXPORTER = process.env.NODE_EXPORTER_BIN ?? "/usr/bin/prometheus-node-exporter";

function find(writes: SeriesWrite[], name: string, labels: Record<string, string> = {}): SeriesWrite[] {
  return writes.filter((w) => w.labels.__name__ === name && Object.entries(labels).every(([k, v]) => w.labels[k] === v));
}

function value(writes: SeriesWrite[], name: string): number | undefined {
  return find(writes, name)[0]?.samples[0]?.v;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

describe("prometheus-node-exporter", () => {
  let exporter: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/metrics`;
    exporter = spawn(NODE_EXPORTER, [`--web.listen-address=127.0.0.1:${port}`], { stdio: ["ignore", "ignore", "pipe"] });
    // node_exporter logs its listening address once the socket is bound. Its stderr stays drained: a Go
    // program writing to a closed pipe dies of SIGPIPE.
    await new Promise<void>((resolve, reject) => {
      let log = "";
      exporter.once("exit", (code) => reject(new Error(`node_exporter exited with ${code}: ${log}`)));
      exporter.stderr?.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("Listening on")) resolve();
      });
    });
  });

  afterAll(async () => {
    exporter.kill();
    if (exporter.exitCode === null) await once(exporter, "exit");
  });

  it("scrapes it with job, instance and target labels on every series and correct synthetic series", async () => {
    const state = new MemoryStalenessState();
    const target = testTarget(url, { job: "node" });
    const first = await scrape(target, state, { now: () => 1_700_000_000_000 });
    expect(first.error).toBeUndefined();
    expect(first.up).toBe(1);
    expect(first.samplesScraped).toBeGreaterThan(100);
    const cpu = find(first.writes, "node_cpu_seconds_total", { mode: "idle" });
    expect(cpu.length).toBeGreaterThan(0);
    for (const write of first.writes) {
      expect(write.labels).toMatchObject({ job: "node", instance: new URL(url).host, board: "b1", site: "lab" });
      expect(write.samples[0]?.t).toBe(1_700_000_000_000);
    }
    expect(first.writes).toHaveLength(first.samplesScraped + 5);
    expect(value(first.writes, "up")).toBe(1);
    expect(value(first.writes, "scrape_samples_scraped")).toBe(first.samplesScraped);
    expect(value(first.writes, "scrape_samples_post_metric_relabeling")).toBe(first.samplesScraped);
    expect(value(first.writes, "scrape_series_added")).toBe(first.samplesScraped);
    expect(value(first.writes, "scrape_duration_seconds")).toBeCloseTo(first.durationMs / 1000, 9);
    expect(first.metadata).toContainEqual({ metric: "node_cpu_seconds_total", type: "counter", help: "Seconds the CPUs spent in each mode.", unit: "" });

    const second = await scrape(target, state);
    expect(second.up).toBe(1);
    // node_exporter's series set is stable between two quick scrapes, so nothing is added or goes stale.
    expect(second.seriesAdded).toBe(0);
    expect(value(second.writes, "scrape_series_added")).toBe(0);
    expect(second.writes).toHaveLength(second.samplesScraped + 5);
  });
});

describe("a prom-client app", () => {
  const text = new Registry();
  const openMetrics = new Registry<OpenMetricsContentType>();
  openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [text, openMetrics];
  const requests = new Counter({ name: "app_requests_total", help: "Requests.", labelNames: ["route"], registers });
  const pushed = new Gauge({ name: "app_pushed_value", help: "Carries its own job label.", labelNames: ["job", "instance"], registers });
  let server: TargetServer;
  let gzip = false;
  let lastHeaders: IncomingHttpHeaders = {};
  let lastRegistry: Registry<OpenMetricsContentType> | Registry | undefined;

  beforeAll(async () => {
    requests.inc({ route: "/" }, 3);
    pushed.set({ job: "batch", instance: "builder-7" }, 42);
    server = await startTargetServer((request, response) => {
      lastHeaders = request.headers;
      const registry = request.headers.accept?.includes("application/openmetrics-text") ? openMetrics : text;
      lastRegistry = registry;
      void registry.metrics().then((body) => {
        const headers: Record<string, string> = { "Content-Type": registry.contentType };
        if (gzip && request.headers["accept-encoding"]?.includes("gzip")) headers["Content-Encoding"] = "gzip";
        response.writeHead(200, headers).end(gzip ? gzipSync(body) : body);
      });
    });
  });

  afterAll(() => server.close());

  it("negotiates OpenMetrics and sends Prometheus's request headers", async () => {
    const outcome = await scrape(testTarget(server.url, { timeoutMs: 2500, bearerToken: "s3cret" }), new MemoryStalenessState());
    expect(outcome.error).toBeUndefined();
    expect(lastHeaders).toMatchObject({
      accept: SCRAPE_ACCEPT_HEADER,
      "accept-encoding": "gzip",
      "user-agent": `Boardwatch/${SCRAPER_VERSION}`,
      "x-prometheus-scrape-timeout-seconds": "2.5",
      authorization: "Bearer s3cret",
    });
    expect(lastRegistry).toBe(openMetrics);
    expect(find(outcome.writes, "app_requests_total", { route: "/" })[0]?.samples[0]?.v).toBe(3);
    // OpenMetrics names the counter's family without _total.
    expect(outcome.metadata).toContainEqual({ metric: "app_requests", type: "counter", help: "Requests.", unit: "" });
  });

  it("decodes a gzip body", async () => {
    gzip = true;
    try {
      const outcome = await scrape(testTarget(server.url), new MemoryStalenessState());
      expect(outcome.error).toBeUndefined();
      expect(find(outcome.writes, "app_requests_total")).toHaveLength(1);
    } finally {
      gzip = false;
    }
  });

  it("keeps clashing labels as exported_ without honor_labels", async () => {
    const outcome = await scrape(testTarget(server.url, { job: "app" }), new MemoryStalenessState());
    expect(find(outcome.writes, "app_pushed_value")[0]?.labels).toEqual({
      __name__: "app_pushed_value",
      job: "app",
      instance: new URL(server.url).host,
      exported_job: "batch",
      exported_instance: "builder-7",
      board: "b1",
      site: "lab",
    });
  });

  it("keeps the scraped labels with honor_labels, target labels filling the rest", async () => {
    const outcome = await scrape(testTarget(server.url, { job: "app", honorLabels: true }), new MemoryStalenessState());
    expect(find(outcome.writes, "app_pushed_value")[0]?.labels).toEqual({
      __name__: "app_pushed_value",
      job: "batch",
      instance: "builder-7",
      board: "b1",
      site: "lab",
    });
    // Synthetic series always carry the target's own job and instance.
    expect(find(outcome.writes, "up")[0]?.labels).toMatchObject({ job: "app", instance: new URL(server.url).host });
  });
});
