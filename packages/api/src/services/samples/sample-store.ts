import { getDb, poolSize } from "@boardwatch/db";
import { SampleStore } from "@boardwatch/tsdb";
import { Redis } from "ioredis";
import pg from "pg";
import { env } from "../../env";
import { sampleStoreBackend } from "../../metrics";
import { limitsOf, RedisRateLimiter } from "./limits";

/** A Redis connection that does not keep a finished process alive (CLI commands, scripts). */
function backgroundRedis(): Redis {
  // Auto-pipelined: the rate limits of concurrent writes go to Redis in one write per event loop turn.
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true });
  redis.on("connect", () => (redis as unknown as { stream?: { unref(): void } }).stream?.unref());
  redis.on("error", () => {});
  return redis;
}

const cache = globalThis as unknown as { boardwatchSampleStore?: Promise<SampleStore> };

/** The process's sample store (one pool per process; cached on globalThis across dev reloads). */
export function getSampleStore(): Promise<SampleStore> {
  const log = (msg: string) => console.log(`[samples] ${msg}`);
  cache.boardwatchSampleStore ??= SampleStore.open(new pg.Pool({ connectionString: env.DATABASE_URL, max: poolSize }), {
    log,
    limits: (tenantId) => limitsOf(getDb(env.DATABASE_URL), tenantId),
    rateLimiter: new RedisRateLimiter(backgroundRedis(), env.QUEUE_PREFIX, log),
  }).then((store) => {
    sampleStoreBackend.set({ backend: store.backend }, 1);
    return store;
  });
  return cache.boardwatchSampleStore;
}
