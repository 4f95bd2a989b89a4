/**
 * Where a scrape remembers the series keys of the previous scrape of a target, to write staleness markers for
 * series that vanish and to count `scrape_series_added`. Keys are opaque to implementations.
 */
export interface StalenessState {
  /** The series keys saved by the previous scrape of `targetKey`, undefined when there is none (or it expired). */
  load(targetKey: string): Promise<Set<string> | undefined>;
  /** Replaces the keys of `targetKey`; they expire after `ttlMs` so removed targets leave nothing behind. */
  save(targetKey: string, seriesKeys: Set<string>, ttlMs: number): Promise<void>;
}

/** Per-process staleness state, for tests and a single worker. */
export class MemoryStalenessState implements StalenessState {
  private readonly entries = new Map<string, { keys: Set<string>; expiresAt: number }>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async load(targetKey: string): Promise<Set<string> | undefined> {
    const entry = this.entries.get(targetKey);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry.keys;
    this.entries.delete(targetKey);
    return undefined;
  }

  async save(targetKey: string, seriesKeys: Set<string>, ttlMs: number): Promise<void> {
    const now = this.now();
    this.entries.set(targetKey, { keys: seriesKeys, expiresAt: now + ttlMs });
    // Removed targets are never loaded again, so their entries are swept here, at most once per TTL.
    if (now >= this.nextSweep) {
      this.nextSweep = now + ttlMs;
      for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}
