import { RedisStalenessState, type ScrapeTarget } from "@boardwatch/scrape";
import type { Redis } from "ioredis";

/** The staleness state of this process's scrapes (one Redis-backed instance per key prefix). */
const states = new Map<string, RedisStalenessState>();
export function stalenessState(redis: Redis, keyPrefix: string): RedisStalenessState {
  let state = states.get(keyPrefix);
  if (!state) states.set(keyPrefix, (state = new RedisStalenessState(redis, `${keyPrefix}:staleness`)));
  return state;
}

// The last configuration each target was scraped with, so that when its board disappears (deleted, switched to
// push, credential revoked) the reconciler can still write the staleness markers Prometheus writes for a target
// that left service discovery. Kept a little longer than the lookback delta.
const TARGET_TTL_MS = 10 * 60_000;
const targetKey = (keyPrefix: string, stateKey: string) => `${keyPrefix}:scrape-target:${stateKey}`;

export interface RememberedTarget {
  tenantId: string;
  target: ScrapeTarget;
}

/** Remembers how a target was last scraped. */
export async function rememberTarget(redis: Redis, keyPrefix: string, stateKey: string, remembered: RememberedTarget): Promise<void> {
  await redis.set(targetKey(keyPrefix, stateKey), JSON.stringify(remembered), "PX", TARGET_TTL_MS);
}

/** Takes (reads and forgets) how a target was last scraped, if it was scraped recently. */
export async function takeTarget(redis: Redis, keyPrefix: string, stateKey: string): Promise<RememberedTarget | null> {
  const raw = await redis.getdel(targetKey(keyPrefix, stateKey));
  return raw ? (JSON.parse(raw) as RememberedTarget) : null;
}

/** The staleness key of a board's own metrics or of one of its relays. */
export const scrapeStateKey = (boardId: string, relay?: string) => (relay ? `${boardId}:${relay}` : boardId);
