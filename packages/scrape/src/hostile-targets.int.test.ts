// Each hostile target is a real loopback HTTP server; every scrape must end as `up 0` with a clear error, within
// about the timeout, with the scraper's sockets closed and without unhandled rejections.
import type { ServerResponse } from "node:http";
import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MemoryStalenessState, scrape } from "./index";
import { type TargetServer, startTargetServer, testTarget } from "./testing/target-server";
import type { ScrapeOutcome, ScrapeTarget } from "./types";

const TIMEOUT_MS = 600;
// Other work shares the machine's two cores: timers may fire late, never early.
const SLACK_MS = 1000;
const MB = 1024 * 1024;
const TEXT = { "Content-Type": "text/plain; version=0.0.4" };
// For targets that complete the HTTP exchange with a bad body: the scraper would rightly pool that healthy
// connection, so the server closes it instead, keeping "every socket closed" a check on aborted exchanges.
const CLOSE = { Connection: "close" };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
let server: TargetServer | undefined;

beforeAll(() => void process.on("unhandledRejection", onUnhandled));
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Writes `chunk` until the client goes away, respecting backpressure so the server's memory stays flat. */
function writeForever(response: ServerResponse, chunk: Buffer, sent: { bytes: number }): void {
  const pump = (): void => {
    while (!response.destroyed) {
      sent.bytes += chunk.length;
      if (!response.write(chunk)) return void response.once("drain", pump);
    }
  };
  pump();
}

async function scrapeHostile(handler: Parameters<typeof startTargetServer>[0], overrides: Partial<ScrapeTarget> = {}) {
  server = await startTargetServer(handler);
  const started = performance.now();
  const outcome = await scrape(testTarget(server.url, { timeoutMs: TIMEOUT_MS, ...overrides }), new MemoryStalenessState());
  const elapsedMs = performance.now() - started;
  // The scraper must have closed (not pooled) every connection to a target that misbehaved.
  await server.allConnectionsClosed();
  return { outcome, elapsedMs };
}

function expectDown(outcome: ScrapeOutcome, error: string | RegExp): void {
  expect(outcome.up).toBe(0);
  if (typeof error === "string") expect(outcome.error).toBe(error);
  else expect(outcome.error).toMatch(error);
  expect(outcome.samplesScraped).toBe(0);
  expect(outcome.metadata).toEqual([]);
  // Only the five synthetic series, up first.
  expect(outcome.writes.map((w) => w.labels.__name__)).toEqual([
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added",
  ]);
  expect(outcome.writes[0]?.samples[0]?.v).toBe(0);
}

describe("hostile targets", () => {
  it("endless body: stops reading at the body size limit", async () => {
    const sent = { bytes: 0 };
    const { outcome, elapsedMs } = await scrapeHostile(
      (_, response) => {
        response.writeHead(200, TEXT);
        writeForever(response, Buffer.from("endless_metric 1\n".repeat(4096)), sent);
      },
      { bodySizeLimitBytes: 4 * MB, timeoutMs: 10_000 },
    );
    expectDown(outcome, "body size limit exceeded");
    expect(elapsedMs).toBeLessThan(5_000);
    // What the server got out is the limit plus what socket buffers held when we hung up.
    expect(sent.bytes).toBeLessThan(4 * MB + 32 * MB);
  });

  it("endless body without a size limit: stopped by the timeout", async () => {
    const { outcome, elapsedMs } = await scrapeHostile((_, response) => {
      response.writeHead(200, TEXT);
      // Slow enough that memory stays small, fast enough that the body never ends within the timeout.
      const timer = setInterval(() => response.write("endless_metric 1\n".repeat(100)), 5);
      response.on("close", () => clearInterval(timer));
    });
    expectDown(outcome, "context deadline exceeded");
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it("50 MB body with Content-Length: refused before reading", async () => {
    const body = Buffer.alloc(50 * MB, "a 1\n");
    const { outcome } = await scrapeHostile((_, response) => void response.writeHead(200, { ...TEXT, "Content-Length": body.length }).end(body), {
      bodySizeLimitBytes: 10 * MB,
    });
    expectDown(outcome, "body size limit exceeded");
  });

  it("50 MB gzip bomb: decompression stops at the body size limit", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * MB, "a 1\n"));
    expect(bomb.length).toBeLessThan(MB);
    const { outcome } = await scrapeHostile((_, response) => void response.writeHead(200, { ...TEXT, ...CLOSE, "Content-Encoding": "gzip" }).end(bomb), {
      bodySizeLimitBytes: 10 * MB,
    });
    expectDown(outcome, "body size limit exceeded");
  });

  it("1e6 series: the sample limit stops the parse", async () => {
    const { outcome, elapsedMs } = await scrapeHostile(
      (_, response) => {
        response.writeHead(200, { ...TEXT, ...CLOSE });
        // Streamed in batches, so the server never holds the whole body.
        let next = 0;
        const pump = (): void => {
          while (next < 1_000_000) {
            const lines: string[] = [];
            for (const end = next + 10_000; next < end; next++) lines.push(`many_series{id="${next}"} ${next}\n`);
            if (!response.write(lines.join(""))) return void response.once("drain", pump);
          }
          response.end();
        };
        pump();
      },
      { sampleLimit: 50_000, timeoutMs: 20_000 },
    );
    expectDown(outcome, "sample limit exceeded");
    expect(elapsedMs).toBeLessThan(15_000);
  });

  it("label limit, counted after the target labels were added as Prometheus does", async () => {
    const { outcome } = await scrapeHostile((_, response) => void response.writeHead(200, { ...TEXT, ...CLOSE }).end('m{a="1",b="2",c="3"} 1\n'), {
      labelLimit: 6,
    });
    // __name__, a, b, c plus job, instance, board and site.
    expectDown(outcome, "label_limit exceeded (metric: m, number of labels: 8, limit: 6)");
  });

  it("invalid UTF-8", async () => {
    const body = Buffer.concat([Buffer.from('ok 1\nbad{v="'), Buffer.from([0xff, 0xfe]), Buffer.from('"} 1\n')]);
    const { outcome } = await scrapeHostile((_, response) => void response.writeHead(200, { ...TEXT, ...CLOSE }).end(body));
    expectDown(outcome, "line 2: body is not valid UTF-8");
  });

  it("wrong content type", async () => {
    const { outcome } = await scrapeHostile((_, response) => void response.writeHead(200, { ...CLOSE, "Content-Type": "application/json" }).end('{"up":1}'));
    expectDown(outcome, /^received unsupported Content-Type "application\/json"/);
  });

  it("slow loris: headers, then one byte per 100 ms", async () => {
    const { outcome, elapsedMs } = await scrapeHostile((_, response) => {
      response.writeHead(200, TEXT);
      response.flushHeaders();
      const timer = setInterval(() => response.write("a"), 100);
      response.on("close", () => clearInterval(timer));
    });
    expectDown(outcome, "context deadline exceeded");
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(outcome.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
  });

  it("no response at all", async () => {
    const { outcome, elapsedMs } = await scrapeHostile(() => undefined);
    expectDown(outcome, "context deadline exceeded");
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it("connection dropped in the middle of the body", async () => {
    const { outcome } = await scrapeHostile((_, response) => {
      response.writeHead(200, TEXT);
      response.write("half_a_metric", () => response.destroy());
    });
    expectDown(outcome, /^Get "http:\/\/127\.0\.0\.1:\d+\/metrics": read: connection reset by peer$/);
  });

  it("HTTP 500", async () => {
    const { outcome } = await scrapeHostile((_, response) => void response.writeHead(500, TEXT).end("up 1\n"));
    expectDown(outcome, "server returned HTTP status 500 Internal Server Error");
  });

  it("redirect loop", async () => {
    let hops = 0;
    const { outcome } = await scrapeHostile((request, response) => {
      hops++;
      response.writeHead(302, { Location: request.url === "/metrics" ? "/elsewhere" : "/metrics" }).end();
    });
    expectDown(outcome, /^Get "http:\/\/127\.0\.0\.1:\d+\/metrics": stopped after 10 redirects$/);
    expect(hops).toBe(11);
  });

  it("follows a redirect, sending the bearer token only to the target's own host", async () => {
    const seen: (string | undefined)[] = [];
    const other = await startTargetServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(200, TEXT).end("elsewhere 1\n");
    });
    try {
      server = await startTargetServer((request, response) => {
        seen.push(request.headers.authorization);
        const location = request.url === "/metrics" ? "/moved" : other.url;
        response.writeHead(301, { Location: location }).end();
      });
      const outcome = await scrape(testTarget(server.url, { bearerToken: "t0ken" }), new MemoryStalenessState());
      expect(outcome.error).toBeUndefined();
      expect(outcome.writes[0]?.labels.__name__).toBe("elsewhere");
      expect(seen).toEqual(["Bearer t0ken", "Bearer t0ken", undefined]);
    } finally {
      await other.close();
    }
  });

  it("unparsable Location header", async () => {
    const { outcome } = await scrapeHostile((_, response) => void response.writeHead(302, { Location: "http://[::1" }).end());
    expectDown(outcome, /: failed to parse Location header "http:\/\/\[::1"$/);
  });

  it("invalid or non-HTTP target URL", async () => {
    const invalid = await scrape(testTarget("http://127.0.0.1:9100/metrics", { url: "not a url" }), new MemoryStalenessState());
    expectDown(invalid, 'parse "not a url": invalid URL');
    const ftp = await scrape(testTarget("ftp://127.0.0.1/metrics"), new MemoryStalenessState());
    expectDown(ftp, 'Get "ftp://127.0.0.1/metrics": unsupported protocol scheme "ftp"');
  });

  it("retries once when a pooled connection turns out closed by the target", async () => {
    const requestsPerSocket = new Map<unknown, number>();
    server = await startTargetServer((request, response) => {
      const count = (requestsPerSocket.get(request.socket) ?? 0) + 1;
      requestsPerSocket.set(request.socket, count);
      // The second request on a kept-alive connection meets a server that has just closed it.
      if (count === 2) return void request.socket.destroy();
      response.writeHead(200, TEXT).end("ok 1\n");
    });
    const state = new MemoryStalenessState();
    expect((await scrape(testTarget(server.url), state)).up).toBe(1);
    const second = await scrape(testTarget(server.url), state);
    expect(second.error).toBeUndefined();
    expect(requestsPerSocket.size).toBe(2);
  });

  it("connection refused", async () => {
    const listener = createServer();
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const address = listener.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    await new Promise((resolve) => listener.close(resolve));
    const url = `http://127.0.0.1:${address.port}/metrics`;
    const outcome = await scrape(testTarget(url, { timeoutMs: TIMEOUT_MS }), new MemoryStalenessState());
    expectDown(outcome, `Get "${url}": dial tcp 127.0.0.1:${address.port}: connect: connection refused`);
  });

  it("throws on a target configured without a positive timeout: a caller bug, not a target down", async () => {
    await expect(scrape(testTarget("http://127.0.0.1:9/metrics", { timeoutMs: 0 }), new MemoryStalenessState())).rejects.toThrow(RangeError);
  });

  it("aborting the signal rejects the scrape and closes the socket", async () => {
    server = await startTargetServer(() => undefined);
    const controller = new AbortController();
    const pending = scrape(testTarget(server.url, { timeoutMs: 10_000 }), new MemoryStalenessState(), { signal: controller.signal });
    controller.abort(new Error("worker shutting down"));
    await expect(pending).rejects.toThrow("worker shutting down");
    await server.allConnectionsClosed();
  });
});
