import { compileMatchers } from "./compile-matchers";
import { MAX_ROLLUP_BLOCK_MS, PARTITION_MS, ROLLUP_COLUMNS, ROLLUP_MS, SERIES_GROUP_BITS } from "./layout";
import { rollupsCompleteSql } from "./plain-rollups";
import type { Query } from "./query";
import { ALL_TENANTS } from "./settled-samples";
import { SqlParams } from "./sql-params";
import type { LabelMatcher, OverTimeFunction, RollupResolution } from "./types";

/** Base64 of an array's binary form (`array_send`): bit-exact floats (text would lose NaN payloads), 16 characters a value. */
const sent = (array: string): string => `encode(array_send(${array}), 'base64')`;

/**
 * Samples of the matching series in [start, end], in parts: the raw samples of each series in range (one row
 * with `ts` and `vs`) and, on the plain path (`packed`), the blocks overlapping the range (one row listing their
 * partition starts `los` and `versions`, without their samples, which come from the block cache or
 * `blocksQuery`). Rows of a series are adjacent (ordered by series id), its labels on the first (on the plain
 * path a row of its own, with every matching series, samples or not); parts are unordered and may overlap
 * (late samples not packed yet). Raw samples come in scan order (the index's: by time), not sorted by the
 * aggregate, which costs two sorts per series; the reader checks the order. `pruneMs` is the slack of
 * `series.last_seen` (see SeriesCatalogue) used to skip series that cannot have samples in range.
 *
 * Every row carries the tenant's read generation (see settled-samples.ts), and one row with a null id stands
 * for "no series". With `cached`, the [from, to] of the settled raw samples the reader holds, the raw samples
 * there are not read: the reader must check that the generation is still the one it read them at.
 */
export function selectSamplesQuery(
  tenantId: string,
  matchers: LabelMatcher[],
  startMs: number,
  endMs: number,
  pruneMs: number,
  packed: boolean,
  cached?: { from: number; to: number },
): Query {
  const p = new SqlParams();
  const tenant = p.add(tenantId);
  const start = p.add(startMs);
  const end = p.add(endMs);
  const where = compileMatchers(matchers, p, "r", tenant);
  // Constant bounds, so that the planner keeps only the partitions in range: the raw samples before and after
  // the cached ones (the caller reads again without `cached` if the generation moved on).
  const ranges: Array<[string, string]> = [];
  if (!cached) ranges.push([start, end]);
  else {
    if (startMs < cached.from) ranges.push([start, p.add(Math.min(endMs, cached.from - 1))]);
    if (endMs > cached.to) ranges.push([p.add(Math.max(startMs, cached.to + 1)), end]);
  }
  const generation = `g as (
    select coalesce(sum(generation), 0)::text as generation from tsdb.read_generation where tenant_id in (${tenant}, '${ALL_TENANTS}'))`;
  const series = `select r.id, r.labels from tsdb.series as r where ${where} and r.last_seen >= ${p.add(startMs - pruneMs)}`;
  const arrays = `${sent("array_agg(s.t)")} as ts, ${sent("array_agg(s.v)")} as vs`;
  if (!packed) {
    // TimescaleDB: chunks keyed by (series_id, t), read series by series.
    const raw = ranges.length
      ? ranges.map(([lo, hi]) => `select s.t, s.v from tsdb.samples as s where s.series_id = r.id and s.t >= ${lo} and s.t <= ${hi}`).join(" union all ")
      : "select null::bigint as t, null::float8 as v where false";
    return {
      sql: `with ${generation}
            select g.generation, q.* from g left join lateral (
              select r.id, r.labels, x.ts, x.vs, null::bigint[] as los, null::text[] as versions from (${series}) as r
              cross join lateral (select ${arrays} from (${raw}) as s having count(*) > 0) as x) as q on true
            order by q.id`,
      params: p.values,
    };
  }
  // Plain path: each series group's part of the index scanned once (groupSamples). A series' labels come in a row
  // of their own, first; its raw samples and its blocks in rows without labels (joining them with `r` for the
  // labels is the comparison of every row with every series groupSamples avoids).
  const raw = ranges.length
    ? `select s.series_id, null, ${arrays}, null, null from (${groupSamples("r", ranges)}) as s group by s.series_id
       union all`
    : "";
  return {
    sql: `with ${generation}, r as materialized (${series})
          select g.generation, q.* from g left join lateral (
            select r.id, r.labels, null::text as ts, null::text as vs, null::bigint[] as los, null::text[] as versions from r
            union all
            ${raw}
            select r.id, null, null, null, x.los, x.versions from r cross join lateral (
              select array_agg(b.lo) as los, array_agg(${BLOCK_VERSION}) as versions from tsdb.sample_blocks as b
              where b.series_id = r.id and b.lo <= ${end} and b.hi > ${start} and b.lo > ${start}::bigint - ${PARTITION_MS}
              having count(*) > 0) as x) as q on true
          order by q.id, q.labels is null`,
    params: p.values,
  };
}

/**
 * Plain path: the raw samples (`series_id, t, v`) in the given ranges of the series in relation `ids` (with an `id`
 * column), in index order. Each series group's range of the index (see SERIES_GROUP_BITS) is scanned once for all
 * its wanted series; ids below the lowest or above the highest wanted one are skipped in the index, the others by
 * a hash lookup. That lookup is not a join on purpose: the planner, misjudging how many series match (a new
 * tenant's, before statistics), compared every row with every wanted id. `is true` keeps it a hashed subplan.
 */
export function groupSamples(ids: string, ranges: Array<[string, string]>): string {
  const scans = ranges.map(
    ([lo, hi]) => `select s.series_id, s.t, s.v from tsdb.samples as s
                   where (s.series_id >> ${SERIES_GROUP_BITS}) = k.g and s.t >= ${lo} and s.t <= ${hi} and s.series_id between k.lo and k.hi`,
  );
  return `select s.series_id, s.t, s.v
          from (select id >> ${SERIES_GROUP_BITS} as g, min(id) as lo, max(id) as hi from ${ids} group by 1) as k
          cross join lateral (${scans.join(" union all ")}) as s
          where (s.series_id in (select id from ${ids})) is true`;
}

/** A block's version: its row version, which every repacking changes (so cached copies of older ones are never used). */
const BLOCK_VERSION = "b.xmin::text";

/** The samples of the given blocks (series id and partition start pairs) that still exist, with their versions. */
export function blocksQuery(seriesIds: number[], los: number[]): Query {
  return {
    sql: `select b.series_id, b.lo, ${BLOCK_VERSION} as version, ${sent("b.ts")} as ts, ${sent("b.vs")} as vs
          from tsdb.sample_blocks as b join unnest($1::bigint[], $2::bigint[]) as k(series_id, lo) using (series_id, lo)`,
    params: [seriesIds, los],
  };
}

/** Label sets of the matching series with at least one sample (or, packed, a block overlapping) in [start, end]. */
export function seriesQuery(tenantId: string, matchers: LabelMatcher[], startMs: number, endMs: number, pruneMs: number, packed: boolean): Query {
  const p = new SqlParams();
  const tenant = p.add(tenantId);
  const start = p.add(startMs);
  const end = p.add(endMs);
  const where = compileMatchers(matchers, p, "r", tenant);
  return {
    sql: `select r.labels from tsdb.series as r
          where ${where} and r.last_seen >= ${p.add(startMs - pruneMs)}
            and (exists (select 1 from tsdb.samples as s
                         where (s.series_id >> ${SERIES_GROUP_BITS}) = (r.id >> ${SERIES_GROUP_BITS}) and s.series_id = r.id and s.t >= ${start} and s.t <= ${end})${
              packed
                ? ` or exists (select 1 from tsdb.sample_blocks as b
                     where b.series_id = r.id and b.lo <= ${end} and b.hi > ${start} and b.lo > ${start}::bigint - ${PARTITION_MS})`
                : ""
            })
          order by r.id`,
    params: p.values,
  };
}

/** Distinct label names of the tenant's series (restricted to the matching ones when matchers are given). */
export function labelNamesQuery(tenantId: string, matchers: LabelMatcher[]): Query {
  const p = new SqlParams();
  const tenant = p.add(tenantId);
  if (!matchers.length) {
    // Loose index scan: one index probe per distinct name instead of reading every (series, label) row.
    return {
      sql: `with recursive names as (
              select min(name) as v from tsdb.series_labels where tenant_id = ${tenant}
              union all
              select (select min(name) from tsdb.series_labels where tenant_id = ${tenant} and name > names.v)
              from names where names.v is not null)
            select v from names where v is not null`,
      params: p.values,
    };
  }
  const where = compileMatchers(matchers, p, "r", tenant);
  return {
    sql: `select distinct k.v collate "C" as v from tsdb.series as r, jsonb_object_keys(r.labels) as k(v) where ${where} order by 1`,
    params: p.values,
  };
}

/** Distinct values of label `name` (restricted to the matching series when matchers are given). */
export function labelValuesQuery(tenantId: string, name: string, matchers: LabelMatcher[]): Query {
  const p = new SqlParams();
  const tenant = p.add(tenantId);
  const label = `${p.add(name)}::text`;
  if (!matchers.length) {
    // Loose index scan over (tenant_id, name, value): one probe per distinct value.
    return {
      sql: `with recursive vals as (
              select min(value) as v from tsdb.series_labels where tenant_id = ${tenant} and name = ${label}
              union all
              select (select min(value) from tsdb.series_labels where tenant_id = ${tenant} and name = ${label} and value > vals.v)
              from vals where vals.v is not null)
            select v from vals where v is not null`,
      params: p.values,
    };
  }
  const where = compileMatchers(matchers, p, "r", tenant);
  return {
    sql: `select distinct (r.labels ->> ${label}) collate "C" as v from tsdb.series as r where ${where} and r.labels ? ${label} order by 1`,
    params: p.values,
  };
}

/**
 * Rollup buckets ending in (from, to] of each matching series, in parts: the buckets kept as rows (one row, each
 * column an array, base64 `array_send`) and, on the plain path, the blocks overlapping the range (one row listing
 * their starts `los` and `versions`, without their buckets, which come from the reader's cache or
 * rollupBlocksQuery; blocks hold buckets outside the range too). Every row carries the end of the buckets that
 * are complete (`complete`: null before the first plain-path refresh, and on TimescaleDB, whose refresh is not
 * tracked here); without matching series, one row with null labels carries it.
 */
export function rollupQuery(
  tenantId: string,
  matchers: LabelMatcher[],
  resolution: RollupResolution,
  fromMs: number,
  toMs: number,
  pruneMs: number,
  plain: boolean,
): Query {
  const width = ROLLUP_MS[resolution];
  const p = new SqlParams();
  const tenant = p.add(tenantId);
  // A bucket [k, k + width) ends at k + width - 1 (see migrations.ts).
  const lo = p.add(fromMs - width + 2);
  const hi = p.add(toMs - width + 1);
  const complete = plain ? rollupsCompleteSql(p.add(resolution)) : "null::bigint";
  const where = compileMatchers(matchers, p, "r", tenant);
  const columns = ["bucket", ...ROLLUP_COLUMNS];
  const rows = columns.map((c) => `${sent(`array_agg(u.${c} order by u.bucket)`)} as ${c === "bucket" ? "buckets" : c}`).join(", ");
  const blocks = plain
    ? `union all
       select ${columns.map(() => "null").join(", ")}, array_agg(b.lo), array_agg(${BLOCK_VERSION})
       from tsdb.rollup_${resolution}_blocks as b
       where b.series_id = r.id and b.lo > ${lo}::bigint - ${MAX_ROLLUP_BLOCK_MS} and b.lo <= ${hi} and b.hi > ${lo}
       having count(*) > 0`
    : "";
  return {
    sql: `with c as (select ${complete} as complete)
          select c.complete, s.* from c left join lateral (
            select r.id, r.labels, a.* from tsdb.series as r
            cross join lateral (
              select ${rows}, null::bigint[] as los, null::text[] as versions
              from tsdb.rollup_${resolution} as u
              where u.series_id = r.id and u.bucket >= ${lo} and u.bucket <= ${hi}
              having count(*) > 0
              ${blocks}) as a
            where ${where} and r.last_seen >= ${p.add(fromMs - pruneMs)}) as s on true`,
    params: p.values,
  };
}

/** The buckets of the given rollup blocks (series id and block start pairs) that still exist, with their versions. */
export function rollupBlocksQuery(resolution: RollupResolution, seriesIds: number[], los: number[]): Query {
  const columns = ["buckets", ...ROLLUP_COLUMNS].map((c) => `${sent(`b.${c}`)} as ${c}`).join(", ");
  return {
    sql: `select b.series_id, b.lo, ${BLOCK_VERSION} as version, ${columns}
          from tsdb.rollup_${resolution}_blocks as b join unnest($1::bigint[], $2::bigint[]) as k(series_id, lo) using (series_id, lo)`,
    params: [seriesIds, los],
  };
}

/** Range functions the store evaluates in SQL (Querier.overTime), each as an aggregate over one window's samples `w`. */
const OVER_TIME_SQL: Record<OverTimeFunction, string> = {
  count_over_time: "count(*)::float8",
  // Postgres sorts NaN above every number: min skips NaN unless all are, as Prometheus; max must be told to.
  min_over_time: "min(w.v)",
  max_over_time: "coalesce(max(w.v) filter (where w.v <> 'NaN'::float8), 'NaN'::float8)",
  last_over_time: "(array_agg(w.v order by w.t desc))[1]",
  present_over_time: "1::float8",
};

/**
 * `fn(selector[range])` at the eval times `first + i * interval` (i < count; interval 0 for one time): per matching
 * series with samples, the step indexes `i` whose window `(time - range, time]` holds non-stale samples, the
 * function's value there and the number of samples read (`n`). Each sample joins only the steps whose window holds
 * it, found by arithmetic rather than by comparing it with every step. On the plain path packed blocks are read
 * too, and a timestamp both packed and raw counts once, packed (as in every other read).
 */
export function overTimeQuery(
  tenantId: string,
  matchers: LabelMatcher[],
  fn: OverTimeFunction,
  rangeMs: number,
  grid: { first: number; interval: number; count: number },
  pruneMs: number,
  packed: boolean,
): Query {
  const p = new SqlParams();
  const tenant = p.add(tenantId);
  const startMs = grid.first - rangeMs + 1;
  const endMs = grid.first + grid.interval * (grid.count - 1);
  const start = p.add(startMs);
  const end = p.add(endMs);
  const first = p.add(grid.first);
  const interval = p.add(Math.max(1, grid.interval));
  const last = p.add(grid.count - 1);
  const range = p.add(rangeMs);
  const where = compileMatchers(matchers, p, "r", tenant);
  const raw = packed
    ? `select s.series_id, s.t, s.v, false as packed from (${groupSamples("matched", [[start, end]])}) as s`
    : `select s.series_id, s.t, s.v, false as packed from tsdb.samples as s join matched as m on m.id = s.series_id
       where s.t >= ${start} and s.t <= ${end}`;
  const points = packed
    ? `select distinct on (series_id, t) series_id, t, v from (
         ${raw}
         union all
         select b.series_id, u.t, u.v, true from tsdb.sample_blocks as b join matched as m on m.id = b.series_id
           cross join lateral unnest(b.ts, b.vs) as u(t, v)
         where b.lo <= ${end} and b.hi > ${start} and b.lo > ${start}::bigint - ${PARTITION_MS} and u.t >= ${start} and u.t <= ${end}
       ) as x order by series_id, t, packed desc`
    : raw;
  return {
    sql: `with matched as materialized (
            select r.id, r.labels from tsdb.series as r where ${where} and r.last_seen >= ${p.add(startMs - pruneMs)}),
          points as (${points}),
          windows as (
            select w.series_id, i.i, count(*) as n, ${OVER_TIME_SQL[fn]} as value
            from points as w
            cross join lateral generate_series(
              greatest(0, ceil((w.t - ${first})::float8 / ${interval}))::int,
              least(${last}, floor((w.t + ${range} - 1 - ${first})::float8 / ${interval}))::int) as i(i)
            where float8send(w.v) <> '\\x7ff0000000000002'::bytea
            group by w.series_id, i.i)
          select m.labels, array_agg(w.i order by w.i) as steps, array_agg(w.value order by w.i) as vals, sum(w.n)::float8 as n
          from windows as w join matched as m on m.id = w.series_id
          group by m.id, m.labels order by m.id`,
    params: p.values,
  };
}
