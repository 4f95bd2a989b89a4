import { hostname } from "node:os";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { env } from "./env";
import { startHttpServer } from "./http";
import { MAINTENANCE_QUEUE, reconcileSchedules, startMaintenanceWorker } from "./queues";

const workerId = `${hostname()}:${process.pid}`;
// BullMQ workers block on Redis, so they need `maxRetriesPerRequest: null` to wait out a Redis restart.
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue(MAINTENANCE_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX });

await reconcileSchedules(queue, { heartbeatEveryMs: env.HEARTBEAT_INTERVAL_MS });
const worker = startMaintenanceWorker({ connection: redis, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY }, { workerId, redis, keyPrefix: env.QUEUE_PREFIX });
const server = await startHttpServer(env.WORKER_METRICS_PORT, redis);
const address = server.address();
console.log(`[worker] ${workerId} ready; metrics on :${typeof address === "object" && address ? address.port : env.WORKER_METRICS_PORT}`);

async function shutdown(signal: string) {
  console.log(`[worker] ${signal}: finishing running jobs`);
  server.close();
  await worker.close();
  await queue.close();
  redis.disconnect();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
