import type pg from "pg";
import { LATE_AFTER_MS, MAX_ROLLUP_BLOCK_MS, PARTITION_MS, ROLLUP_BLOCK_MS, ROLLUP_COLUMNS, ROLLUP_MS } from "./layout";
import { plainRollupSelect } from "./migrations";
import { BUMP_GENERATION_SQL, CLOCK_MARGIN_MS } from "./settled-samples";
import type { RollupResolution } from "./types";


const RESOLUTIONS = Object.keys(ROLLUP_MS) as RollupResolution[];
const ALL_COLUMNS = ["bucket", ...ROLLUP_COLUMNS].join(", ");

/**
 * Records a late write on the plain path once it is stored: its buckets [lo, hi] need a rollup recompute, and its
 * tenant's read generation moves on (readers drop the settled samples they cached).
 */
export async function recordLateWrite(pool: pg.Pool, tenantId: string, lo: number, hi: number): Promise<void> {
  await pool.query(`with rollups as (insert into tsdb.rollup_invalidation (lo, hi) values ($2, $3)) ${BUMP_GENERATION_SQL}`, [tenantId, lo, hi]);
}

/** Moves the buckets of the blocks overlapping [lo, hi) back into rows, to be recomputed (and packed again). */
async function unpack(client: pg.PoolClient, res: RollupResolution, lo: number, hi: number): Promise<void> {
  const arrays = ["buckets", ...ROLLUP_COLUMNS].map((c) => `b.${c}`).join(", ");
  await client.query(
    `with b as (delete from tsdb.rollup_${res}_blocks where lo > $1::bigint - ${MAX_ROLLUP_BLOCK_MS} and lo < $2 and hi > $1 returning *)
     insert into tsdb.rollup_${res} (series_id, ${ALL_COLUMNS}) select b.series_id, u.* from b cross join lateral unnest(${arrays}) as u`,
    [lo, hi],
  );
}

/**
 * Packs the buckets of every whole block ending at or before `bound`: bucket rows into blocks of the first span,
 * blocks into blocks of the next span (when whole). Blocks start at 1 (mod their span), as buckets do.
 */
async function pack(client: pg.PoolClient, res: RollupResolution, bound: number): Promise<void> {
  const aggregates = ALL_COLUMNS.split(", ").map((c) => `array_agg(${c} order by bucket)`).join(", ");
  const columns = `series_id, lo, hi, buckets, ${ROLLUP_COLUMNS.join(", ")}`;
  const unnested = `unnest(${["buckets", ...ROLLUP_COLUMNS].map((c) => `gone.${c}`).join(", ")}) as u(${ALL_COLUMNS})`;
  const spans: readonly number[] = ROLLUP_BLOCK_MS[res];
  for (const [level, span] of spans.entries()) {
    // The lowest start of what this level packs: bucket rows, or blocks narrower than the span.
    const lowest =
      level === 0 ? `select min(bucket) as lo from tsdb.rollup_${res}` : `select min(lo) as lo from tsdb.rollup_${res}_blocks where hi - lo < ${span}`;
    const moved =
      level === 0
        ? `moved as (delete from tsdb.rollup_${res} where bucket >= $1 and bucket < $2 returning *)`
        : `gone as (delete from tsdb.rollup_${res}_blocks where lo >= $1 and lo < $2 and hi - lo < ${span} returning *),
           moved as (select gone.series_id, u.* from gone cross join lateral ${unnested})`;
    for (;;) {
      const next = await client.query<{ lo: string | null }>(lowest);
      if (next.rows[0]?.lo == null) break;
      const lo = Math.floor((Number(next.rows[0].lo) - 1) / span) * span + 1;
      if (lo + span > bound) break;
      await client.query(
        `with ${moved}
         insert into tsdb.rollup_${res}_blocks (${columns}) select series_id, $1, $2, ${aggregates} from moved group by series_id`,
        [lo, lo + span],
      );
    }
  }
}

/**
 * Deletes the plain-path rollup buckets starting before `cutoff`, rows and blocks (a block across the cutoff keeps
 * its later buckets), of the series `r` matching `tenantSql` (its parameter `$2`), or of all series.
 */
export async function deleteRollupsBefore(client: pg.PoolClient, cutoff: number, tenantSql?: string, tenantParam?: unknown): Promise<void> {
  const of = (alias: string): string => (tenantSql ? `and exists (select 1 from tsdb.series as r where r.id = ${alias}.series_id and ${tenantSql})` : "");
  const params = tenantSql ? [cutoff, tenantParam] : [cutoff];
  for (const res of RESOLUTIONS) {
    await client.query(`delete from tsdb.rollup_${res} as u where u.bucket < $1 ${of("u")}`, params);
    await client.query(`delete from tsdb.rollup_${res}_blocks as b where b.lo < $1 and b.hi <= $1 ${of("b")}`, params);
    const kept = ["buckets", ...ROLLUP_COLUMNS].map((c) => `${c} = b.${c}[k.i:]`).join(", ");
    await client.query(
      `update tsdb.rollup_${res}_blocks as b set ${kept}
       from (select series_id, lo, 1 + (select count(*) from unnest(buckets) as x where x < $1) as i
             from tsdb.rollup_${res}_blocks as b where b.lo < $1 ${of("b")}) as k
       where k.series_id = b.series_id and k.lo = b.lo and k.i > 1`,
      params,
    );
    // A block whose buckets all went (they need not fill its span).
    await client.query(`delete from tsdb.rollup_${res}_blocks as b where b.lo < $1 and cardinality(b.buckets) = 0 ${of("b")}`, params);
  }
}

async function recompute(client: pg.PoolClient, res: RollupResolution, lo: number, hi: number): Promise<void> {
  if (hi <= lo) return;
  await unpack(client, res, lo, hi);
  await client.query(`delete from tsdb.rollup_${res} where bucket >= $1 and bucket < $2`, [lo, hi]);
  const packed = await client.query("select 1 from tsdb.sample_blocks where lo < $2 and hi > $1 and lo > $1::bigint - $3 limit 1", [
    lo,
    hi,
    PARTITION_MS,
  ]);
  await client.query(
    `insert into tsdb.rollup_${res} (series_id, bucket, count, sum, min, max, first, last, first_t, last_t, increase, stale_t)
     ${plainRollupSelect(ROLLUP_MS[res], packed.rowCount !== 0)}`,
    [lo, hi],
  );
}

/**
 * Brings the plain-path rollup tables up to date: every complete bucket since the watermark (minus the late
 * window), plus the buckets of recorded late writes. Mirrors the continuous aggregates' end offset of one bucket.
 */
export async function refreshPlainRollups(client: pg.PoolClient, nowMs: number): Promise<void> {
  await client.query("begin");
  try {
    const invalid = (await client.query<{ lo: string; hi: string }>("delete from tsdb.rollup_invalidation returning lo, hi")).rows;
    const oldest = await client.query<{ lo: string | null }>("select min(lo) as lo from tsdb.partitions");
    for (const res of RESOLUTIONS) {
      const width = ROLLUP_MS[res];
      // The start of the bucket holding `t`: buckets start at 1 (mod width), see migrations.ts.
      const bucketOf = (t: number): number => Math.floor((t - 1) / width) * width + 1;
      const hi = bucketOf(nowMs - width);
      const mark = await client.query<{ refreshed_to: string }>("select refreshed_to from tsdb.rollup_watermark where resolution = $1", [res]);
      const since = mark.rows[0] ? Number(mark.rows[0].refreshed_to) - LATE_AFTER_MS : Number(oldest.rows[0]?.lo ?? hi);
      const ranges: Array<[number, number]> = [[bucketOf(since), hi]];
      for (const r of invalid) ranges.push([bucketOf(Number(r.lo)), Math.min(hi, bucketOf(Number(r.hi)) + width)]);
      for (const [lo, rangeHi] of ranges) await recompute(client, res, lo, rangeHi);
      // Buckets this far behind the watermark are final (see rollupsCompleteSql); recorded late writes were just applied.
      await pack(client, res, hi - LATE_AFTER_MS - CLOCK_MARGIN_MS);
      await client.query(
        `insert into tsdb.rollup_watermark (resolution, refreshed_to) values ($1, $2)
         on conflict (resolution) do update set refreshed_to = greatest(tsdb.rollup_watermark.refreshed_to, excluded.refreshed_to)`,
        [res, hi],
      );
    }
    await client.query("commit");
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw err;
  }
}

/**
 * SQL for the end of the plain-path rollups readers may use at resolution `res` (a bound parameter): buckets ending
 * before it hold every sample they ever will, unless a late write recorded since says otherwise (its range is not
 * refreshed yet). The last LATE_AFTER_MS before the watermark are computed again by every refresh, as samples may
 * still arrive there without being late; the clock margin covers writers and the maintenance on different hosts.
 * Null before the first refresh.
 */
export function rollupsCompleteSql(res: string): string {
  return `(select case when w.refreshed_to is null then null
      else least(w.refreshed_to - ${LATE_AFTER_MS + CLOCK_MARGIN_MS}, (select min(lo) from tsdb.rollup_invalidation)) end
    from (select (select refreshed_to from tsdb.rollup_watermark where resolution = ${res}) as refreshed_to) as w)`;
}
