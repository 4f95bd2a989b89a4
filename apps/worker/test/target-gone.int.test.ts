import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import { createEnrolmentToken, createTenant, enrollBoard, enrolmentRequest, env, getSampleStore } from "@boardwatch/api";
import { boards, getDb } from "@boardwatch/db";
import { isStaleNaN } from "@boardwatch/tsdb";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { spawnWorker } from "./spawn-worker";

const db = getDb(env.DATABASE_URL);
const prefix = `bwtest-gone-${randomBytes(4).toString("hex")}`;
let scrapes = 0;
const target = createServer((_req, res) => {
  scrapes++;
  res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
  res.end("# TYPE board_temp_celsius gauge\nboard_temp_celsius 41\n");
});

afterAll(async () => {
  target.close();
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
  redis.disconnect();
});

/** Resolves once `check` holds, re-checking after each scrape or reconciliation tick of the worker. */
async function until(check: () => Promise<boolean>) {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 200));
}

describe("a board that leaves", () => {
  it("gets staleness markers for all its series, as a target leaving Prometheus's service discovery does", async () => {
    target.listen(0, "127.0.0.1");
    await once(target, "listening");
    const tenant = await createTenant({ db, actor: { userId: null, label: "test" } }, { slug: `gone-${randomBytes(3).toString("hex")}`, name: "Gone", ownerUserId: null });
    const scope = { db, actor: { userId: null, label: "test" }, tenant, role: "OWNER" as const };
    const { token } = await createEnrolmentToken(scope, { name: "t", labels: {} }, "http://x");
    const port = (target.address() as { port: number }).port;
    const { boardId } = await enrollBoard({ db }, enrolmentRequest.parse({ token, hostname: "leaving", scrapeUrl: `http://127.0.0.1:${port}/metrics` }), "http://x");
    await boards.updateBoard(db, tenant.id, boardId, { scrapeIntervalSeconds: 1, scrapeTimeoutSeconds: 1 });
    const worker = await spawnWorker({ QUEUE_PREFIX: prefix, RECONCILE_INTERVAL_MS: "300", HEARTBEAT_INTERVAL_MS: "60000" });
    try {
      await until(async () => scrapes >= 2);
      await boards.deleteBoard(db, tenant.id, boardId);
      const store = await getSampleStore();
      const lastIsStale = async (metric: string) => {
        const [series] = await store.select(tenant.id, [{ type: "=", name: "__name__", value: metric }], 0, Date.now() + 60_000);
        return series !== undefined && isStaleNaN(series.values[series.values.length - 1]!);
      };
      await until(async () => (await lastIsStale("board_temp_celsius")) && (await lastIsStale("up")));
      const [temp] = await store.select(tenant.id, [{ type: "=", name: "__name__", value: "board_temp_celsius" }], 0, Date.now() + 60_000);
      expect(temp!.labels).toMatchObject({ job: "node", board: "leaving", instance: `127.0.0.1:${port}` });
      expect([...temp!.values].filter((v) => isStaleNaN(v))).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });
});
