import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { createEnrolmentToken, createTenant, enrollBoard, enrolmentRequest, env, getSampleStore } from "@boardwatch/api";
import { boards, getDb } from "@boardwatch/db";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnWorker } from "./spawn-worker";

const TARGETS = 200;
const INTERVAL_S = 2;
const WORKER_CONCURRENCY = 200;
const db = getDb(env.DATABASE_URL);

/** Removes what a run left in Redis (queues, schedulers, staleness state). */
async function deleteKeys(pattern: string) {
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  for await (const keys of redis.scanStream({ match: pattern, count: 1000 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
  redis.disconnect();
}

function fetchesTotal() {
  return [...fleet.hits.values()].reduce((n, h) => n + h.length, 0);
}

/** A loopback server standing in for 200 boards; it records when each board was scraped and checks credentials. */
class Fleet {
  readonly hits = new Map<number, number[]>();
  readonly credentials = new Map<number, string>();
  unauthorised = 0;
  server: Server = createServer((req, res) => {
    const i = Number(/^\/b\/(\d+)\/metrics$/.exec(req.url ?? "")?.[1]);
    if (req.headers.authorization !== `Bearer ${this.credentials.get(i)}`) {
      this.unauthorised++;
      res.writeHead(401).end();
      return;
    }
    this.hits.set(i, [...(this.hits.get(i) ?? []), Date.now()]);
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(`# TYPE fleet_board_info gauge\nfleet_board_info{n="${i}"} 1\nfleet_temp_celsius ${40 + (i % 10)}\n`);
  });
  get port() {
    return (this.server.address() as { port: number }).port;
  }
  /** Resolves when every board has been scraped at least `n` more times than in `since`. */
  async scrapedAtLeast(n: number, since: Map<number, number> = new Map()) {
    for (;;) {
      const behind = [...Array(TARGETS).keys()].filter((i) => (this.hits.get(i)?.length ?? 0) < (since.get(i) ?? 0) + n);
      if (behind.length === 0) return;
      await once(this.server, "request");
    }
  }
  snapshot() {
    return new Map([...this.hits].map(([i, h]) => [i, h.length]));
  }
}

let fleet: Fleet;
let tenantId: string;
const boardIds: string[] = [];

beforeAll(async () => {
  fleet = new Fleet();
  fleet.server.listen(0, "127.0.0.1");
  await once(fleet.server, "listening");
  const tenant = await createTenant({ db, actor: { userId: null, label: "test" } }, { slug: `fleet-${randomBytes(3).toString("hex")}`, name: "Fleet", ownerUserId: null });
  tenantId = tenant.id;
  const scope = { db, actor: { userId: null, label: "test" }, tenant, role: "OWNER" as const };
  const { token } = await createEnrolmentToken(scope, { name: "fleet", labels: { site: "lab" } }, "http://x");
  for (let i = 0; i < TARGETS; i++) {
    const enrolled = await enrollBoard({ db }, enrolmentRequest.parse({ token, hostname: `board-${i}`, scrapeUrl: `http://127.0.0.1:${fleet.port}/b/${i}/metrics` }), "http://x");
    fleet.credentials.set(i, enrolled.credential);
    boardIds.push(enrolled.boardId);
    await boards.updateBoard(db, tenant.id, enrolled.boardId, { scrapeIntervalSeconds: INTERVAL_S, scrapeTimeoutSeconds: 1 });
  }
});

afterAll(() => fleet.server.close());

describe.each([2, 5])("%i worker processes scraping 200 boards", (workerCount) => {
  it("scrape every board once per interval, store each scrape once, and go on when one is SIGKILLed", async () => {
    const prefix = `bwtest-fleet-${randomBytes(4).toString("hex")}`;
    const events = new QueueEvents("scrape", { connection: { url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" }, prefix });
    const activations = new Map<string, number>();
    events.on("active", ({ jobId }) => activations.set(jobId, (activations.get(jobId) ?? 0) + 1));
    await events.waitUntilReady();
    const before = fetchesTotal();
    const workers = await Promise.all(
      Array.from({ length: workerCount }, () => spawnWorker({ QUEUE_PREFIX: prefix, RECONCILE_INTERVAL_MS: "500", HEARTBEAT_INTERVAL_MS: "60000", DATABASE_POOL_SIZE: "3", WORKER_CONCURRENCY: String(WORKER_CONCURRENCY) })),
    );
    try {
      await fleet.scrapedAtLeast(4, fleet.snapshot());
      // Once per interval: every scrape is a job of the board's scheduler for one interval slot
      // (`repeat:scrape:<board>:<slot ms>`); no slot gets two jobs and no job runs twice.
      const slots = new Map<string, number[]>();
      for (const id of activations.keys()) {
        const m = /^repeat:scrape:([^:]+):(\d+)$/.exec(id);
        expect(m, id).not.toBeNull();
        slots.set(m![1]!, [...(slots.get(m![1]!) ?? []), Number(m![2])]);
      }
      expect(Math.max(...activations.values())).toBe(1);
      expect(slots.size).toBe(TARGETS);
      for (const times of slots.values()) {
        const sorted = [...new Set(times)].sort((a, b) => a - b);
        expect(sorted).toHaveLength(times.length);
        sorted.slice(1).forEach((t, k) => expect(t - sorted[k]!).toBeGreaterThanOrEqual(INTERVAL_S * 1000));
      }
      // And every fetch a board saw came from one of those jobs (some jobs may still be on their way).
      const fetches = fetchesTotal() - before;
      expect(fetches).toBeLessThanOrEqual([...activations.values()].reduce((n, c) => n + c, 0));
      expect(fleet.unauthorised).toBe(0);

      const victim = workers.shift()!;
      victim.child.kill("SIGKILL");
      await once(victim.child, "exit");
      const killedAt = Date.now();
      // The survivors take over the victim's share: every board is scraped twice more. (How fast is a
      // figure, not a test assertion: it is printed, and `npm run bench -- scrape` measures drift.)
      await fleet.scrapedAtLeast(2, new Map([...fleet.hits].map(([i, h]) => [i, h.filter((t) => t <= killedAt).length])));
      console.log(`${workerCount} workers: every board scraped twice more ${Date.now() - killedAt} ms after the SIGKILL`);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await events.close();
      await deleteKeys(`${prefix}*`);
    }

    // What the boards saw is what the store holds: at most one successful scrape (`up` 1) per fetch a board
    // answered (never a duplicate); missing are only scrapes that never got stored, such as those the killed
    // worker held. Failed scrapes (a timeout on a loaded machine may never reach the board) are not counted.
    const store = await getSampleStore();
    const stored = await store.select(tenantId, [{ type: "=", name: "__name__", value: "up" }], 0, Date.now() + 1000);
    const perBoard = new Map(stored.map((s) => [s.labels.board, [...s.values].filter((v) => v === 1).length]));
    let lost = 0;
    for (let i = 0; i < TARGETS; i++) {
      const missing = fleet.hits.get(i)!.length - perBoard.get(`board-${i}`)!;
      expect(missing, `board-${i}`).toBeGreaterThanOrEqual(0);
      lost += missing;
    }
    console.log(`${workerCount} workers: ${lost} of ${fetchesTotal()} scrapes not stored`);
    expect(lost).toBeLessThan(fetchesTotal() / 4);
    const up = await store.select(tenantId, [{ type: "=", name: "__name__", value: "up" }, { type: "=", name: "board", value: "board-7" }], 0, Date.now());
    expect(up[0]?.labels).toMatchObject({ job: "node", instance: `127.0.0.1:${fleet.port}`, board: "board-7", site: "lab" });
    const row = await boards.findBoard(db, tenantId, boardIds[7]!);
    expect(row?.lastScrapeError).toBeNull();
    expect(row?.lastSeenAt).not.toBeNull();
  });
});
