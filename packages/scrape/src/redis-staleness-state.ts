import { randomBytes } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Redis } from "ioredis";
import type { StalenessState } from "./staleness-state";

export interface RedisStalenessStateOptions {
  /** Targets whose last saved keys this process keeps decoded (least recently used dropped first). */
  cachedTargets?: number;
}

interface CachedKeys {
  version: string;
  keys: Set<string>;
}

/**
 * Staleness state in Redis, so whichever worker runs the next scrape of a target sees the previous one. Each
 * target is one hash: `k`, the keys as deflated JSON (label sets compress about tenfold), and `v`, a random
 * version. A target's series rarely change between scrapes, so this process keeps the keys it saved or loaded
 * last, keyed by version: a scrape then costs one HGET of the version and one PEXPIRE, and the keys are only
 * inflated after another worker changed them, and only deflated when they changed.
 */
export class RedisStalenessState implements StalenessState {
  private readonly cache = new Map<string, CachedKeys>();
  private readonly cachedTargets: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: RedisStalenessStateOptions = {},
  ) {
    this.cachedTargets = options.cachedTargets ?? 2000;
  }

  async load(targetKey: string): Promise<Set<string> | undefined> {
    const redisKey = this.prefix + targetKey;
    const version = await this.redis.hget(redisKey, "v");
    if (version === null) return undefined;
    const cached = this.cache.get(targetKey);
    if (cached?.version === version) return this.remember(targetKey, cached).keys;
    const blob = await this.redis.hgetBuffer(redisKey, "k");
    if (blob === null) return undefined;
    const keys = new Set(JSON.parse(inflateRawSync(blob).toString("utf8")) as string[]);
    return this.remember(targetKey, { version, keys }).keys;
  }

  async save(targetKey: string, seriesKeys: Set<string>, ttlMs: number): Promise<void> {
    const redisKey = this.prefix + targetKey;
    const cached = this.cache.get(targetKey);
    // PEXPIRE answers 0 when the hash expired meanwhile; then it must be written again.
    if (cached !== undefined && sameKeys(cached.keys, seriesKeys) && (await this.redis.pexpire(redisKey, ttlMs)) === 1) return;
    const version = randomBytes(9).toString("base64");
    // JSON escapes the lone surrogate separating labels inside a key, which UTF-8 could not carry.
    const blob = deflateRawSync(Buffer.from(JSON.stringify([...seriesKeys]), "utf8"), { level: 1 });
    const replies = await this.redis.multi().hset(redisKey, { v: version, k: blob }).pexpire(redisKey, ttlMs).exec();
    const failed = replies?.find(([error]) => error !== null);
    if (failed) throw failed[0] as Error;
    this.remember(targetKey, { version, keys: seriesKeys });
  }

  private remember(targetKey: string, entry: CachedKeys): CachedKeys {
    // Re-inserting moves the entry to the end of the Map's order, so the first entry is the least recent.
    this.cache.delete(targetKey);
    this.cache.set(targetKey, entry);
    if (this.cache.size > this.cachedTargets) this.cache.delete(this.cache.keys().next().value as string);
    return entry;
  }
}

function sameKeys(a: Set<string>, b: Set<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const key of a) if (!b.has(key)) return false;
  return true;
}
