import type pg from "pg";
import { listedBlocks } from "./block-cache";
import { decodeFloat8Array, decodeInt8Array } from "./decode-arrays";
import { ROLLUP_COLUMNS, ROLLUP_MS } from "./layout";
import { LruCache } from "./lru-cache";
import { rollupBlocksQuery, rollupQuery } from "./read-queries";
import { runQuery } from "./run-query";
import type { LabelMatcher, Labels, RollupResolution, SampleGrid, SeriesBuckets } from "./types";

type Column = (typeof ROLLUP_COLUMNS)[number];
const INT_COLUMNS = new Set<string>(["count", "first_t", "last_t", "stale_t"]);

/** Whether a bucket ending at `end` lies in one of the grid's windows `(first + i * step - width, first + i * step]`. */
function inWindow(grid: SampleGrid, end: number): boolean {
  const i = Math.ceil((end - grid.first) / grid.step);
  return i >= 0 && i < grid.count && grid.first + i * grid.step - grid.width < end;
}

/** Buckets in time order, each column decoded (ROLLUP_COLUMNS order). */
interface Buckets {
  buckets: Float64Array;
  columns: Float64Array[];
}

/** A rollup block's key in the block cache. */
const blockKey = (resolution: RollupResolution, id: string, lo: string): string => `${resolution}:${id}:${lo}`;

/** A decoded block, with the row version it was read at. */
type Block = Buckets & { version: string };

/** A row of rollupQuery: a series' bucket rows (columns) or its blocks listed (`los`, `versions`). */
type ListRow = { complete: string | null; id: string | null; labels: Labels | null; los: string[] | null; versions: string[] | null } & Record<
  "buckets" | Column,
  string | null
>;

function decode(row: Record<"buckets" | Column, string | null>): Buckets {
  return {
    buckets: decodeInt8Array(row.buckets as string),
    columns: ROLLUP_COLUMNS.map((c) => (INT_COLUMNS.has(c) ? decodeInt8Array(row[c] as string) : decodeFloat8Array(row[c] as string))),
  };
}

/**
 * Reads rollup buckets. On the plain path final buckets are packed into blocks (see plain-rollups.ts), which each
 * process keeps decoded (checked against their row version on every read, as sample blocks are): a dashboard
 * re-reading a week reads from Postgres the list of blocks and the newest buckets only.
 */
export class RollupReader {
  /** Decoded blocks by `resolution:series id:block start`, with the version they were read at. */
  private readonly blocks: LruCache<string, Block>;

  /** `complete` as the last read of each resolution found it. */
  readonly lastComplete = new Map<RollupResolution, number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly plain: boolean,
    private readonly pruneMs: number,
    cacheBuckets: number,
  ) {
    this.blocks = new LruCache(cacheBuckets, (b) => b.buckets.length);
  }

  /**
   * Buckets ending in (from, to] of the matching series, each holding the samples in (end - width, end], and the
   * end of the complete ones (see rollupQuery; null on TimescaleDB and before the first refresh). With `grid`, only
   * the buckets ending in its windows.
   */
  async read(
    tenantId: string,
    matchers: LabelMatcher[],
    resolution: RollupResolution,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
    grid?: SampleGrid,
  ): Promise<{ series: SeriesBuckets[]; complete: number | null }> {
    if (!(resolution in ROLLUP_MS)) throw new RangeError(`unknown rollup resolution ${String(resolution)}`);
    const width = ROLLUP_MS[resolution];
    const rows = await runQuery<ListRow>(this.pool, rollupQuery(tenantId, matchers, resolution, fromMs, toMs, this.pruneMs, this.plain), signal);
    const complete = rows[0]?.complete == null ? null : Number(rows[0].complete);
    if (complete !== null) this.lastComplete.set(resolution, complete);
    const keyOf = (id: string, lo: string): string => blockKey(resolution, id, lo);
    const blocks = await listedBlocks(this.blocks, rows, keyOf, (missing) => this.loadBlocks(resolution, missing, signal));
    const limit = complete === null ? Infinity : complete - width; // the last final bucket start
    const parts = new Map<string, { labels: Labels; parts: Buckets[] }>();
    for (const r of rows) {
      if (r.id === null || r.labels === null) continue;
      const entry = parts.get(r.id) ?? { labels: r.labels, parts: [] };
      parts.set(r.id, entry);
      if (r.los === null) entry.parts.push(decode(r));
      else {
        for (const lo of r.los) {
          const block = blocks.get(keyOf(r.id, lo)); // absent: deleted by retention since it was listed
          if (block) entry.parts.push(block);
        }
      }
    }
    const series = [...parts.values()].map(({ labels, parts: all }) => {
      // Each part's buckets in (from, to] and final, as an index range; parts in time order. Parts never interleave:
      // a refresh packs again the blocks it unpacked, so bucket rows all come after the blocks.
      const used = all
        .map((p) => {
          let a = 0;
          while (a < p.buckets.length && (p.buckets[a] as number) + width - 1 <= fromMs) a++;
          let b = a;
          while (b < p.buckets.length && (p.buckets[b] as number) + width - 1 <= toMs && (p.buckets[b] as number) <= limit) b++;
          return { p, a, b };
        })
        .filter((u) => u.b > u.a)
        .sort((x, y) => (x.p.buckets[x.a] as number) - (y.p.buckets[y.a] as number));
      const n = used.reduce((k, u) => k + u.b - u.a, 0);
      // One allocation per series: typed arrays of this size live outside the heap, and each costs.
      const buffer = new Float64Array((ROLLUP_COLUMNS.length + 1) * n);
      const ends = buffer.subarray(0, n);
      let m = 0; // buckets kept
      for (const { p, a, b } of used) {
        for (let i = a; i < b; i++) {
          const end = (p.buckets[i] as number) + width - 1;
          if (grid && !inWindow(grid, end)) continue;
          ends[m] = end;
          for (let j = 0; j < ROLLUP_COLUMNS.length; j++) buffer[(j + 1) * n + m] = (p.columns[j] as Float64Array)[i] as number;
          m++;
        }
      }
      const c = (name: Column): Float64Array => {
        const j = ROLLUP_COLUMNS.indexOf(name);
        return buffer.subarray((j + 1) * n, (j + 1) * n + m);
      };
      return {
        labels,
        ends: ends.subarray(0, m),
        ...{ count: c("count"), firstT: c("first_t"), lastT: c("last_t"), sum: c("sum"), min: c("min"), max: c("max") },
        ...{ first: c("first"), last: c("last"), increase: c("increase"), staleT: c("stale_t") },
      };
    });
    return { series, complete };
  }

  /** Reads blocks (at their current version) by key. */
  private async loadBlocks(resolution: RollupResolution, listed: Array<{ id: string; lo: string }>, signal?: AbortSignal): Promise<Array<[string, Block]>> {
    const q = rollupBlocksQuery(
      resolution,
      listed.map((m) => Number(m.id)),
      listed.map((m) => Number(m.lo)),
    );
    const rows = await runQuery<{ series_id: string; lo: string; version: string } & Record<"buckets" | Column, string>>(this.pool, q, signal);
    return rows.map((b) => [blockKey(resolution, b.series_id, b.lo), { ...decode(b), version: b.version }]);
  }
}
