import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeRemoteWrite } from "@boardwatch/exposition";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { family } from "../metrics/types";
import { readBody, startLocalServer, type LocalServer } from "../testing/local-server";
import { RemoteWriter } from "./remote-writer";
import { relayTarget, selfTarget } from "./scrape-batch";
import { startScrapeLoop } from "./scrape-loop";
import { Spool } from "./spool";

const CREDENTIAL = "bwc_push_credential";

interface Received {
  value: number;
  timestampMs: number;
  labels: Record<string, string>;
}

/** A remote_write receiver whose answer the test controls, resolving `until(n)` once n batches are stored. */
async function receiver(answer: (attempt: number) => number | Promise<number>) {
  const stored: Received[][] = [];
  const headers: Record<string, string | undefined>[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let attempt = 0;
  const server = await startLocalServer(async (req, res) => {
    const body = await readBody(req);
    headers.push({
      authorization: req.headers.authorization,
      encoding: req.headers["content-encoding"],
      type: req.headers["content-type"],
      version: req.headers["x-prometheus-remote-write-version"]?.toString(),
    });
    const status = await answer(attempt++);
    if (status === 204) {
      const request = decodeRemoteWrite(body);
      stored.push(
        request.timeseries.flatMap((s) => s.samples.map((sample) => ({ ...sample, labels: Object.fromEntries(s.labels) }))),
      );
      for (const w of waiters.filter((w) => stored.length >= w.n)) w.resolve();
    }
    res.writeHead(status).end(status === 204 ? undefined : `status ${status}`);
  });
  return {
    server,
    stored,
    headers,
    until: (n: number) => new Promise<void>((resolve) => (stored.length >= n ? resolve() : waiters.push({ n, resolve }))),
  };
}

describe("push mode against a real remote_write receiver", () => {
  let dir: string;
  let servers: LocalServer[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bw-push-"));
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    await rm(dir, { recursive: true, force: true });
  });

  async function agent(url: string) {
    const spool = new Spool({ dir, maxBytes: 1024 * 1024 });
    await spool.open();
    const writer = new RemoteWriter({ url, credential: CREDENTIAL, timeoutMs: 2000, spool, minBackoffMs: 20, maxBackoffMs: 100, log: () => {} });
    let n = 0;
    const self = selfTarget("boardwatch-agent", async () => [
      family("test_scrapes_total", "Scrapes so far.", "counter", [{ labels: [["job", "inner"]], value: ++n }]),
    ]);
    writer.start();
    const loop = startScrapeLoop({ targets: [self], intervalMs: 100, instance: "pi-kitchen:9845", writer });
    return { spool, writer, stop: async () => (await loop.stop(), await writer.stop()) };
  }

  const counterValues = (stored: Received[][]) => stored.flat().filter((s) => s.labels.__name__ === "test_scrapes_total").map((s) => s.value);

  it("labels series like Prometheus and sends the remote_write headers", async () => {
    const rx = await receiver(() => 204);
    servers.push(rx.server);
    const a = await agent(`${rx.server.url}/api/v1/write`);
    await rx.until(1);
    await a.stop();
    expect(rx.headers[0]).toEqual({
      authorization: `Bearer ${CREDENTIAL}`,
      encoding: "snappy",
      type: "application/x-protobuf",
      version: "0.1.0",
    });
    const batch = rx.stored[0] ?? [];
    const ts = batch[0]?.timestampMs;
    expect(batch.map((s) => [s.labels, s.value])).toEqual([
      [{ __name__: "test_scrapes_total", job: "boardwatch-agent", instance: "pi-kitchen:9845", exported_job: "inner" }, 1],
      [{ __name__: "up", job: "boardwatch-agent", instance: "pi-kitchen:9845" }, 1],
      [{ __name__: "scrape_duration_seconds", job: "boardwatch-agent", instance: "pi-kitchen:9845" }, expect.any(Number)],
      [{ __name__: "scrape_samples_scraped", job: "boardwatch-agent", instance: "pi-kitchen:9845" }, 1],
    ]);
    expect(batch.every((s) => s.timestampMs === ts)).toBe(true);
  });

  it("buffers to disk through a 503 outage and delivers every sample exactly once, in order", async () => {
    let outage = true;
    // The receiver recovers once the agent has spooled at least three batches to disk.
    const rx = await receiver(async () => {
      if (!outage) return 204;
      if ((await readdir(dir)).filter((f) => f.endsWith(".rw")).length >= 3) outage = false;
      return 503;
    });
    servers.push(rx.server);
    const a = await agent(`${rx.server.url}/api/v1/write`);
    await rx.until(8);
    await a.stop();
    const values = counterValues(rx.stored);
    expect(values.length).toBeGreaterThanOrEqual(8);
    expect(values).toEqual(Array.from({ length: values.length }, (_, i) => i + 1));
    const timestamps = rx.stored.map((b) => b[0]?.timestampMs ?? 0);
    expect(timestamps).toEqual([...timestamps].sort((x, y) => x - y));
    expect(rx.headers.length).toBeGreaterThan(rx.stored.length);
  });

  it("survives the receiver being down (connection refused) and replays when it is back on the same port", async () => {
    const first = await receiver(() => 204);
    const url = `${first.server.url}/api/v1/write`;
    const port = Number(new URL(url).port);
    const a = await agent(url);
    await first.until(1);
    await first.server.close();
    // Failed attempts until batches have piled up on disk while nothing listens.
    while (!a.spool.spilled || a.spool.length < 3) await once(a.writer, "retry");
    const second = await receiver(() => 204);
    await second.server.close();
    await new Promise<void>((resolve) => second.server.server.listen(port, "127.0.0.1", resolve));
    servers.push(second.server);
    await second.until(5);
    await a.stop();
    const values = counterValues([...first.stored, ...second.stored]);
    expect(values).toEqual(Array.from({ length: values.length }, (_, i) => i + 1));
  });

  it("drops a batch the server refuses with 400, counts it, and goes on", async () => {
    const rx = await receiver((attempt) => (attempt === 0 ? 400 : 204));
    servers.push(rx.server);
    const a = await agent(`${rx.server.url}/api/v1/write`);
    await rx.until(2);
    await a.stop();
    expect(counterValues(rx.stored).slice(0, 2)).toEqual([2, 3]);
    const metrics = await a.writer.collector().collect();
    expect(metrics.find((f) => f.name === "boardwatch_agent_remote_write_rejected_batches_total")?.samples[0]?.value).toBe(1);
  });

  it("scrapes relays under their own job, with up 0 when a relay fails", async () => {
    const exporter = await startLocalServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end("app_requests_total{path=\"/\"} 42\n");
    });
    servers.push(exporter);
    const { scrapeBatch } = await import("./scrape-batch");
    const batch = await scrapeBatch(
      [
        relayTarget({ job: "app", url: `${exporter.url}/metrics` }, { timeoutMs: 1000, maxBytes: 1 << 20 }),
        relayTarget({ job: "gone", url: "http://127.0.0.1:1/metrics" }, { timeoutMs: 1000, maxBytes: 1 << 20 }),
      ],
      { instance: "pi:9845", timestampMs: 1000 },
    );
    const rows = batch.timeseries.map((s) => [Object.fromEntries(s.labels), s.samples[0]?.value]);
    expect(rows).toContainEqual([{ __name__: "app_requests_total", job: "app", instance: "pi:9845", path: "/" }, 42]);
    expect(rows).toContainEqual([{ __name__: "up", job: "app", instance: "pi:9845" }, 1]);
    expect(rows).toContainEqual([{ __name__: "up", job: "gone", instance: "pi:9845" }, 0]);
  });
});
