import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStalenessState } from "./redis-staleness-state";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 1 });
const prefix = `test:scrape-state:${randomUUID()}:`;

beforeAll(() => redis.connect());
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe("RedisStalenessState", () => {
  const keys = new Set(["__name__\uD800up\uD800job\uD800node", "\uDBFF__name__\uD800x", "__name__\uD800m\uD800path\uD800C:\\ \"é\" 🚀"]);

  it("round-trips keys, lone surrogates and all, and sets the TTL", async () => {
    await new RedisStalenessState(redis, prefix).save("t1", keys, 60_000);
    expect(await new RedisStalenessState(redis, prefix).load("t1")).toEqual(keys);
    const ttl = await redis.pttl(`${prefix}t1`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await new RedisStalenessState(redis, prefix).load("absent")).toBeUndefined();
  });

  it("stores a compact blob", async () => {
    const many = new Set(Array.from({ length: 300 }, (_, i) => `__name__\uD800node_metric_${i % 30}\uD800board\uD800b-1234\uD800instance\uD800pi:9100\uD800job\uD800node\uD800n\uD800${i}`));
    await new RedisStalenessState(redis, prefix).save("t2", many, 60_000);
    const raw = [...many].join("\n").length;
    const stored = (await redis.hgetBuffer(`${prefix}t2`, "k"))?.length ?? Infinity;
    expect(stored).toBeLessThan(raw / 5);
  });

  it("only refreshes the TTL when the keys did not change, and sees another worker's change", async () => {
    const worker = new RedisStalenessState(redis, prefix);
    await worker.save("t3", keys, 60_000);
    const version = await redis.hget(`${prefix}t3`, "v");
    expect(await worker.load("t3")).toEqual(keys);
    await worker.save("t3", new Set(keys), 90_000);
    expect(await redis.hget(`${prefix}t3`, "v")).toBe(version);
    expect(await redis.pttl(`${prefix}t3`)).toBeGreaterThan(85_000);

    const changed = new Set(["__name__\uD800other"]);
    await new RedisStalenessState(redis, prefix).save("t3", changed, 60_000);
    expect(await worker.load("t3")).toEqual(changed);
  });

  it("writes again when the hash expired between load and save", async () => {
    const worker = new RedisStalenessState(redis, prefix);
    await worker.save("t4", keys, 60_000);
    await redis.del(`${prefix}t4`);
    await worker.save("t4", keys, 60_000);
    expect(await new RedisStalenessState(redis, prefix).load("t4")).toEqual(keys);
  });
});
