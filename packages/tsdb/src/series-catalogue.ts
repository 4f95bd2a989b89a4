import type pg from "pg";
import { canonicalLabels, fingerprint, labelsJson } from "./fingerprint";
import { LruCache } from "./lru-cache";
import { retryDeadlock } from "./pg-errors";
import type { Labels } from "./types";

/** A series of one write, with the time span of its samples in this batch. */
export interface SeriesRef {
  labels: Labels;
  minT: number;
  maxT: number;
}

export interface Resolution {
  /** Series id per ref, or undefined when the series was refused (active series limit). */
  ids: Array<number | undefined>;
  created: number;
  refused: number;
}

interface CachedSeries {
  id: number;
  /** What this process knows `series.last_seen` to be at least. */
  lastSeen: number;
}

interface Miss {
  index: number;
  key: string;
  fp: Buffer;
  ref: SeriesRef;
}

interface ActiveCount {
  count: number;
  at: number;
}

const ACTIVE_COUNT_TTL_MS = 10_000;

/** A label set's canonical text and cache key for one tenant, and its cached series as of `epoch`. */
interface SeriesKey {
  tenantId: string;
  canonical: string;
  key: string;
  series?: CachedSeries;
  epoch: number;
}

/**
 * Maps label sets to series ids: an LRU cache in front of `tsdb.series`.
 * Invariant kept for read pruning: `series.last_seen >= (latest sample t ever written) - touchMs`.
 */
export class SeriesCatalogue {
  private readonly cache: LruCache<string, CachedSeries>;
  private readonly activeCounts = new Map<string, ActiveCount>();
  /**
   * Keys of label objects seen before. Scrapes hand the writer the same label objects scrape after scrape (the
   * scrape cache), so their keys are built, and their hashes computed, once instead of on every write.
   */
  private readonly keys = new WeakMap<Labels, SeriesKey>();
  /** Moves on whenever cached series may have been deleted, invalidating the series remembered in `keys`. */
  private epoch = 0;

  constructor(
    private readonly pool: pg.Pool,
    cacheSize: number,
    private readonly touchMs: number,
    private readonly activeWindowMs: number,
    private readonly maxSeriesPerStatement: number,
  ) {
    this.cache = new LruCache(cacheSize);
  }

  /** The id of a cached series whose last_seen needs no update for this batch; undefined means "use resolve". */
  cachedId(tenantId: string, ref: SeriesRef): number | undefined {
    const k = this.keyOf(tenantId, ref.labels);
    const remembered = k.epoch === this.epoch ? k.series : undefined;
    if (remembered && ref.maxT <= remembered.lastSeen + this.touchMs) return remembered.id;
    // Remembered on the key, so the next write of the same label object skips the cache's hash table too.
    const entry = this.cache.get(k.key);
    k.series = entry;
    k.epoch = this.epoch;
    return entry && ref.maxT <= entry.lastSeen + this.touchMs ? entry.id : undefined;
  }

  /** Resolves (creating when needed) the ids of `refs`, refusing new series beyond `maxActiveSeries` (0 = no limit). */
  async resolve(tenantId: string, refs: SeriesRef[], maxActiveSeries: number, nowMs: number): Promise<Resolution> {
    const out: Resolution = { ids: [], created: 0, refused: 0 };
    for (let from = 0; from < refs.length; from += this.maxSeriesPerStatement) {
      const part = await this.resolveChunk(tenantId, refs.slice(from, from + this.maxSeriesPerStatement), maxActiveSeries, nowMs);
      out.ids.push(...part.ids);
      out.created += part.created;
      out.refused += part.refused;
    }
    return out;
  }

  private async resolveChunk(tenantId: string, refs: SeriesRef[], maxActiveSeries: number, nowMs: number): Promise<Resolution> {
    const ids: Array<number | undefined> = new Array(refs.length);
    const misses: Miss[] = [];
    const toTouch: Array<{ index: number; key: string; entry: CachedSeries }> = [];
    refs.forEach((ref, index) => {
      const { canonical, key } = this.keyOf(tenantId, ref.labels);
      const entry = this.cache.get(key);
      if (entry) {
        ids[index] = entry.id;
        if (ref.maxT > entry.lastSeen + this.touchMs) toTouch.push({ index, key, entry });
      } else misses.push({ index, key, fp: fingerprint(canonical), ref });
    });

    let created = 0;
    let refused = 0;
    if (misses.length) {
      const found = await this.lookup(tenantId, misses.map((m) => m.fp));
      const fresh: Miss[] = [];
      for (const m of misses) {
        const row = found.get(m.fp.toString("hex"));
        if (!row) {
          fresh.push(m);
          continue;
        }
        ids[m.index] = row.id;
        this.cache.set(m.key, row);
        if (m.ref.maxT > row.lastSeen + this.touchMs) toTouch.push({ index: m.index, key: m.key, entry: row });
      }
      let allowed = fresh;
      if (maxActiveSeries > 0 && fresh.length) {
        const headroom = Math.max(0, maxActiveSeries - (await this.activeSeries(tenantId, nowMs)));
        allowed = fresh.slice(0, headroom);
        refused = fresh.length - allowed.length;
      }
      if (allowed.length) {
        created = await this.create(tenantId, allowed, ids);
        const count = this.activeCounts.get(tenantId);
        if (count) count.count += created;
      }
    }

    const gone = await this.touch(toTouch, refs);
    if (gone.length) {
      // Deleted by retention while cached here: resolve them again (they are misses now).
      const again = await this.resolveChunk(tenantId, gone.map((i) => refs[i] as SeriesRef), maxActiveSeries, nowMs);
      gone.forEach((i, j) => (ids[i] = again.ids[j]));
      created += again.created;
      refused += again.refused;
    }
    return { ids, created, refused };
  }

  /** The key of a label set, which must not change after it was written (label objects are treated as values). */
  private keyOf(tenantId: string, labels: Labels): SeriesKey {
    const known = this.keys.get(labels);
    if (known?.tenantId === tenantId) return known;
    const canonical = canonicalLabels(labels);
    const fresh: SeriesKey = { tenantId, canonical, key: `${tenantId}\u0000${canonical}`, epoch: -1 };
    this.keys.set(labels, fresh);
    return fresh;
  }

  /** Forgets every cached series (used after retention deletes series rows). */
  clear(): void {
    this.epoch++;
    this.cache.clear();
  }

  private async lookup(tenantId: string, fps: Buffer[]): Promise<Map<string, CachedSeries>> {
    const { rows } = await this.pool.query<{ id: string; fingerprint: Buffer; last_seen: string }>(
      "select id, fingerprint, last_seen from tsdb.series where tenant_id = $1 and fingerprint = any($2::bytea[])",
      [tenantId, fps],
    );
    return new Map(rows.map((r) => [r.fingerprint.toString("hex"), { id: Number(r.id), lastSeen: Number(r.last_seen) }]));
  }

  private async activeSeries(tenantId: string, nowMs: number): Promise<number> {
    const cached = this.activeCounts.get(tenantId);
    if (cached && nowMs - cached.at < ACTIVE_COUNT_TTL_MS) return cached.count;
    const { rows } = await this.pool.query<{ n: number }>(
      "select count(*)::int as n from tsdb.series where tenant_id = $1 and last_seen >= $2",
      [tenantId, nowMs - this.activeWindowMs],
    );
    const count = rows[0]?.n ?? 0;
    this.activeCounts.set(tenantId, { count, at: nowMs });
    return count;
  }

  private async create(tenantId: string, fresh: Miss[], ids: Array<number | undefined>): Promise<number> {
    // Insert in fingerprint order so concurrent creators lock keys in the same order (no deadlock).
    const sorted = [...fresh].sort((a, b) => Buffer.compare(a.fp, b.fp));
    const { rows } = await retryDeadlock(() =>
      this.pool.query<{ id: string; fingerprint: Buffer }>(
        `with input as (
           select * from unnest($2::bytea[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
             with ordinality as u(fingerprint, metric, labels, first_seen, last_seen, ord)),
         ins as (
           insert into tsdb.series (tenant_id, fingerprint, metric, labels, first_seen, last_seen)
           select $1, fingerprint, metric, labels::jsonb, first_seen, last_seen from input order by ord
           on conflict (tenant_id, fingerprint) do nothing
           returning id, fingerprint, labels),
         lbl as (
           insert into tsdb.series_labels (tenant_id, name, value, series_id)
           select $1, l.key, l.value, ins.id from ins, jsonb_each_text(ins.labels) as l)
         select id, fingerprint from ins`,
        [
          tenantId,
          sorted.map((m) => m.fp),
          sorted.map((m) => m.ref.labels.__name__),
          sorted.map((m) => labelsJson(m.ref.labels)),
          sorted.map((m) => m.ref.minT),
          sorted.map((m) => m.ref.maxT),
        ],
      ),
    );
    const byFp = new Map(rows.map((r) => [r.fingerprint.toString("hex"), Number(r.id)]));
    const raced = sorted.filter((m) => !byFp.has(m.fp.toString("hex")));
    // Another process created these between our lookup and insert: read their ids (a new statement sees its commit).
    const theirs = raced.length ? await this.lookup(tenantId, raced.map((m) => m.fp)) : new Map<string, CachedSeries>();
    for (const m of sorted) {
      const hex = m.fp.toString("hex");
      const mine = byFp.get(hex);
      const entry = mine !== undefined ? { id: mine, lastSeen: m.ref.maxT } : theirs.get(hex);
      if (!entry) throw new Error(`series ${m.key} vanished while being created`);
      ids[m.index] = entry.id;
      this.cache.set(m.key, entry);
    }
    return rows.length;
  }

  /** Raises last_seen where this batch moves it forward; returns ref indexes whose series row no longer exists. */
  private async touch(items: Array<{ index: number; key: string; entry: CachedSeries }>, refs: SeriesRef[]): Promise<number[]> {
    if (!items.length) return [];
    const sorted = [...items].sort((a, b) => a.entry.id - b.entry.id);
    const { rows } = await retryDeadlock(() =>
      this.pool.query<{ id: string; last_seen: string }>(
        `update tsdb.series as s set last_seen = greatest(s.last_seen, u.t)
         from unnest($1::bigint[], $2::bigint[]) as u(id, t) where s.id = u.id returning s.id, s.last_seen`,
        [sorted.map((i) => i.entry.id), sorted.map((i) => (refs[i.index] as SeriesRef).maxT)],
      ),
    );
    const seen = new Map(rows.map((r) => [Number(r.id), Number(r.last_seen)]));
    const gone: number[] = [];
    for (const item of sorted) {
      const lastSeen = seen.get(item.entry.id);
      if (lastSeen === undefined) {
        this.cache.delete(item.key);
        this.epoch++;
        gone.push(item.index);
      } else item.entry.lastSeen = lastSeen;
    }
    return gone;
  }
}
