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

// What this process last wrote per target, so a scrape writes to Redis only when the target changed or the
// entry is due for a refresh, not on every scrape.
const written = new Map<string, { json: string; at: number }>();
const REFRESH_MS = TARGET_TTL_MS / 5;

/** Remembers how a target was last scraped. */
export async function rememberTarget(redis: Redis, keyPrefix: string, stateKey: string, remembered: RememberedTarget, now = Date.now()): Promise<void> {
  const key = targetKey(keyPrefix, stateKey);
  const json = JSON.stringify(remembered);
  const last = written.get(key);
  if (last?.json === json && now - last.at < REFRESH_MS) return;
  await redis.set(key, json, "PX", TARGET_TTL_MS);
  // Boards removed by another worker's reconciliation never pass through takeTarget here: bound the map.
  if (written.size >= 100_000) written.clear();
  written.set(key, { json, at: now });
}

/** Takes (reads and forgets) how a target was last scraped, if it was scraped recently. */
export async function takeTarget(redis: Redis, keyPrefix: string, stateKey: string): Promise<RememberedTarget | null> {
  written.delete(targetKey(keyPrefix, stateKey));
  const raw = await redis.getdel(targetKey(keyPrefix, stateKey));
  return raw ? (JSON.parse(raw) as RememberedTarget) : null;
}

/** The staleness key of a board's own metrics or of one of its relays. */
export const scrapeStateKey = (boardId: string, relay?: string) => (relay ? `${boardId}:${relay}` : boardId);
