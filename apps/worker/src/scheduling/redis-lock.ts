import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

// Deletes the lock only if this holder still owns it, so an expired-and-retaken lock is never released early.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Runs `fn` unless another process holds the lock; returns undefined when skipped. The TTL bounds how long a
 * crashed holder blocks the others.
 */
export async function withRedisLock<T>(redis: Redis, key: string, ttlMs: number, fn: () => Promise<T>): Promise<T | undefined> {
  const owner = randomUUID();
  if ((await redis.set(key, owner, "PX", ttlMs, "NX")) !== "OK") return undefined;
  try {
    return await fn();
  } finally {
    await redis.eval(RELEASE, 1, key, owner);
  }
}
