import { hostname } from "node:os";
import { getDb } from "@boardwatch/db";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { env } from "./env";
import { startHttpServer } from "./http";
import { MAINTENANCE_QUEUE, reconcileSchedules, RULES_QUEUE, SCRAPE_QUEUE, startWorker } from "./queues";

const workerId = `${hostname()}:${process.pid}`;
// BullMQ workers block on Redis, so they need `maxRetriesPerRequest: null` to wait out a Redis restart.
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
// The jobs' own commands (staleness state, locks, ...) on a connection of their own that sends what hundreds
// of concurrent scrapes issue in one event loop turn as one write; BullMQ keeps a plain one.
const jobRedis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, enableAutoPipelining: true });
const maintenance = new Queue(MAINTENANCE_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX });
const scrapeQueue = new Queue(SCRAPE_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX });
const rulesQueue = new Queue(RULES_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX });
const ctx = { workerId, redis: jobRedis, keyPrefix: env.QUEUE_PREFIX, db: getDb(env.DATABASE_URL), scrapeQueue, rulesQueue };

await reconcileSchedules(maintenance, { heartbeatEveryMs: env.HEARTBEAT_INTERVAL_MS, reconcileEveryMs: env.RECONCILE_INTERVAL_MS });
const workers = [
  startWorker(MAINTENANCE_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX, concurrency: 4 }, ctx),
  startWorker(SCRAPE_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY }, ctx),
  // A killed worker's evaluation or delivery is picked up within seconds, not BullMQ's default half minute.
  startWorker(RULES_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX, concurrency: env.RULES_CONCURRENCY, lockDuration: 10_000, stalledInterval: 5_000 }, ctx),
];
const server = await startHttpServer(env.WORKER_METRICS_PORT, redis);
const address = server.address();
console.log(`[worker] ${workerId} ready; metrics on :${typeof address === "object" && address ? address.port : env.WORKER_METRICS_PORT}`);

async function shutdown(signal: string) {
  console.log(`[worker] ${signal}: finishing running jobs`);
  server.close();
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all([maintenance.close(), scrapeQueue.close(), rulesQueue.close()]);
  redis.disconnect();
  jobRedis.disconnect();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
