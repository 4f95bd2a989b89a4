import type { LruCache } from "./lru-cache";

/** Rows of a read listing a series' packed blocks: their starts and row versions (see read-queries.ts). */
export interface BlockListing {
  id: string | null;
  los: string[] | null;
  versions: string[] | null;
}

/**
 * The blocks the rows list, from a per-process cache of decoded blocks: cached ones whose version is the listed one,
 * the others loaded (at their current version, which may be newer than listed; absent if gone since) and cached.
 * The answer holds them by key: the cache may evict some while the others load.
 */
export async function listedBlocks<V extends { version: string }>(
  cache: LruCache<string, V>,
  rows: BlockListing[],
  keyOf: (id: string, lo: string) => string,
  load: (missing: Array<{ id: string; lo: string }>) => Promise<Array<[string, V]>>,
): Promise<Map<string, V>> {
  const held = new Map<string, V>();
  const missing: Array<{ id: string; lo: string }> = [];
  for (const { id, los, versions } of rows) {
    if (id === null || los === null || versions === null) continue;
    los.forEach((lo, k) => {
      const cached = cache.get(keyOf(id, lo));
      if (cached && cached.version === versions[k]) held.set(keyOf(id, lo), cached);
      else missing.push({ id, lo });
    });
  }
  if (!missing.length) return held;
  for (const [key, value] of await load(missing)) {
    held.set(key, value);
    cache.set(key, value);
  }
  return held;
}
