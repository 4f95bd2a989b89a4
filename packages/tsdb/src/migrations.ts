import type pg from "pg";
import { COMPRESS_AFTER_MS, MAX_ROLLUP_BLOCK_MS, PARTITION_MS, PLAIN_PARTITION_MS, ROLLUP_COLUMNS, ROLLUP_MS, SERIES_GROUP_BITS, STALE_BYTEA_SQL } from "./layout";
import type { Backend } from "./types";

interface Migration {
  version: number;
  name: string;
  statements(backend: Backend): string[];
}

// Both rollup paths share this aggregate: the increase inside a bucket with counter resets handled.
// Input order is not guaranteed (continuous aggregates may hash-aggregate), so the state keeps (t, v)
// pairs and the final function orders them.
const counterIncrease = [
  `create function tsdb.counter_increase_step(state float8[], t bigint, v float8) returns float8[]
     language sql immutable parallel safe as $$ select state || array[t::float8, v] $$`,
  `create function tsdb.counter_increase_final(state float8[]) returns float8
     language sql immutable parallel safe as $$
       select coalesce(sum(case when v >= prev then v - prev else v end), 0)
       from (select v, lag(v) over (order by t) as prev
             from (select state[2 * i - 1] as t, state[2 * i] as v
                   from generate_series(1, coalesce(array_length(state, 1), 0) / 2) as i) as pairs) as steps
       where prev is not null $$`,
  `create aggregate tsdb.counter_increase(bigint, float8) (
     sfunc = tsdb.counter_increase_step, stype = float8[], finalfunc = tsdb.counter_increase_final,
     initcond = '{}', parallel = safe)`,
];

const catalogue = [
  `create table tsdb.series (
     id bigint generated always as identity primary key,
     tenant_id text not null,
     metric text not null,
     labels jsonb not null,
     fingerprint bytea not null,
     first_seen bigint not null,
     last_seen bigint not null,
     unique (tenant_id, fingerprint))`,
  `create index series_tenant_metric on tsdb.series (tenant_id, metric)`,
  `create index series_tenant_last_seen on tsdb.series (tenant_id, last_seen)`,
  `create index series_labels_gin on tsdb.series using gin (labels jsonb_path_ops)`,
  `create table tsdb.series_labels (
     tenant_id text not null,
     name text not null,
     value text not null,
     series_id bigint not null references tsdb.series (id) on delete cascade,
     primary key (tenant_id, name, value, series_id))`,
  `create index series_labels_series on tsdb.series_labels (series_id)`,
];

/** `stale_t` of a bucket without staleness markers (the smallest bigint). */
export const NO_STALE_SQL = "(-9223372036854775808)::bigint";
const SAMPLE = `(float8send(v) <> ${STALE_BYTEA_SQL})`;

/**
 * A bucket's aggregates over its samples, staleness markers left out, plus the time of its last staleness marker
 * (`stale_t`; NO_STALE_SQL if none) for instant selectors. A bucket holding only markers has count 0 and zeros
 * elsewhere (arrays of them are read without nulls). `firstLast` gets `$F`, the filter of samples.
 */
function rollupSelect(widthMs: number, bucketExpr: string, firstLast: string, source = "tsdb.samples"): string {
  const only = `filter (where ${SAMPLE})`;
  return `select series_id, ${bucketExpr} as bucket, count(*) ${only} as count, coalesce(sum(v) ${only}, 0) as sum,
            coalesce(min(v) ${only}, 0) as min, coalesce(max(v) ${only}, 0) as max, ${firstLast.replaceAll("$F", only)},
            coalesce(min(t) ${only}, 0) as first_t, coalesce(max(t) ${only}, 0) as last_t,
            tsdb.counter_increase(t, v) ${only} as increase, coalesce(max(t) filter (where not ${SAMPLE}), ${NO_STALE_SQL}) as stale_t
          from ${source} as samples
          group by series_id, ${bucketExpr}`.replaceAll("$W", String(widthMs));
}

// A bucket holds the samples in [bucket, bucket + width) with bucket = 1 (mod width): integer milliseconds
// (end - width, end], a PromQL range selector's left-open window. Windows ending on a multiple of the width are
// then whole buckets. TimescaleDB: time_bucket's offset; plain: the same arithmetic (floor, also before 1970).
const TIMESCALE_BUCKET = "time_bucket($W::bigint, t, 1::bigint)";
const PLAIN_BUCKET = "(t - ((t - 1) % $W + $W) % $W)";

function timescaleRollup(res: string, width: number): string[] {
  return [
    `create materialized view tsdb.rollup_${res} with (timescaledb.continuous, timescaledb.materialized_only = true) as
       ${rollupSelect(width, TIMESCALE_BUCKET, "coalesce(first(v, t) $F, 0) as first, coalesce(last(v, t) $F, 0) as last")}
     with no data`,
    `select add_continuous_aggregate_policy('tsdb.rollup_${res}', start_offset => null,
       end_offset => ${width}::bigint, schedule_interval => interval '${res === "5m" ? "5 minutes" : "1 hour"}')`,
  ];
}

function timescaleSamples(): string[] {
  const out = [
    `create table tsdb.samples (series_id bigint not null, t bigint not null, v double precision not null,
       primary key (series_id, t))`,
    `select create_hypertable('tsdb.samples', by_range('t', ${PARTITION_MS}::bigint))`,
    `create function tsdb.now_ms() returns bigint language sql stable as $$ select (extract(epoch from now()) * 1000)::bigint $$`,
    `select set_integer_now_func('tsdb.samples', 'tsdb.now_ms')`,
    `alter table tsdb.samples set (timescaledb.compress, timescaledb.compress_segmentby = 'series_id',
       timescaledb.compress_orderby = 't')`,
    `select add_compression_policy('tsdb.samples', compress_after => ${COMPRESS_AFTER_MS}::bigint)`,
  ];
  for (const [res, width] of Object.entries(ROLLUP_MS)) out.push(...timescaleRollup(res, width));
  return out;
}

function plainSamples(): string[] {
  const out = [
    `create table tsdb.samples (series_id bigint not null, t bigint not null, v double precision not null,
       primary key (series_id, t)) partition by range (t)`,
    `create table tsdb.partitions (name text primary key, lo bigint not null unique, hi bigint not null,
       clustered_at timestamptz)`,
    `create table tsdb.rollup_watermark (resolution text primary key, refreshed_to bigint not null)`,
    `create table tsdb.rollup_invalidation (lo bigint not null, hi bigint not null)`,
  ];
  for (const res of Object.keys(ROLLUP_MS)) {
    out.push(
      `create table tsdb.rollup_${res} (series_id bigint not null, bucket bigint not null, count bigint not null,
         sum double precision, min double precision, max double precision, first double precision,
         last double precision, increase double precision, primary key (series_id, bucket))`,
    );
  }
  return out;
}

// Closed plain-path partitions are packed into one row per series and partition: reading a series' day is then
// a handful of rows instead of thousands (TimescaleDB's compression, segmented by series, plays this part there).
const sampleBlocks = [
  `create table tsdb.sample_blocks (series_id bigint not null, lo bigint not null, hi bigint not null, ts bigint[] not null,
     vs double precision[] not null, primary key (series_id, lo))`,
  "create index sample_blocks_lo on tsdb.sample_blocks (lo)",
  // lz4 decompresses several times faster than the default pglz; servers built without it keep pglz.
  `do $$ begin
     alter table tsdb.sample_blocks alter column ts set compression lz4, alter column vs set compression lz4;
   exception when others then null; end $$`,
  "alter table tsdb.partitions drop column clustered_at, add column packed_at timestamptz",
  // Databases with partitions already keep their 4 h width; new ones get narrower partitions.
  `insert into tsdb.meta (key, value)
   select 'partition_ms', case when exists (select 1 from tsdb.partitions) then '${PARTITION_MS}' else '${PLAIN_PARTITION_MS}' end`,
];

const MIGRATIONS: Migration[] = [
  { version: 1, name: "series catalogue", statements: () => [...catalogue, ...counterIncrease] },
  { version: 2, name: "samples and rollups", statements: (b) => (b === "timescaledb" ? timescaleSamples() : plainSamples()) },
  {
    // Reads return series in id order: with id in the index the planner walks it instead of the primary key.
    version: 3,
    name: "series by metric in id order",
    statements: () => [
      "drop index tsdb.series_tenant_metric",
      "create index series_tenant_metric on tsdb.series (tenant_id, metric, id)",
    ],
  },
  {
    // Prometheus orders names and values bytewise; "C" also makes the label indexes independent of the locale.
    version: 4,
    name: "bytewise collation for names and values",
    statements: () => [
      `alter table tsdb.series alter column metric type text collate "C"`,
      `alter table tsdb.series_labels alter column name type text collate "C", alter column value type text collate "C"`,
    ],
  },
  { version: 5, name: "per-series blocks of closed partitions", statements: (b) => (b === "timescaledb" ? [] : sampleBlocks) },
  {
    version: 6,
    name: "metric metadata",
    statements: () => [
      `create table tsdb.metric_metadata (tenant_id text not null, metric text collate "C" not null, type text not null,
         help text not null, unit text not null, primary key (tenant_id, metric))`,
    ],
  },
  {
    version: 7,
    name: "read generations",
    // Moves on when a tenant's stored raw samples change other than by recent writes; '' stands for every tenant.
    // Readers' caches of settled samples hold while it does not (settled-samples.ts).
    statements: () => ["create table tsdb.read_generation (tenant_id text primary key, generation bigint not null)"],
  },
  {
    version: 8,
    name: "left-open rollup buckets with first and last sample times",
    // Buckets become PromQL windows (see PLAIN_BUCKET) and keep what rate() extrapolates from; they are
    // computed again from the samples (plain: by the next maintenance tick; TimescaleDB: by the refresh policy).
    statements: (b) =>
      b === "timescaledb"
        ? Object.entries(ROLLUP_MS).flatMap(([res, width]) => [`drop materialized view tsdb.rollup_${res}`, ...timescaleRollup(res, width)])
        : [
            ...Object.keys(ROLLUP_MS).flatMap((res) => [
              `truncate tsdb.rollup_${res}`,
              `alter table tsdb.rollup_${res} add column first_t bigint, add column last_t bigint, add column stale_t bigint`,
              `create index rollup_${res}_bucket on tsdb.rollup_${res} (bucket)`,
              // Final buckets, one row per series and block (plain-rollups.ts): a week of a series is a few rows.
              `create table tsdb.rollup_${res}_blocks (series_id bigint not null, lo bigint not null, hi bigint not null, buckets bigint[] not null,
                 count bigint[] not null, first_t bigint[] not null, last_t bigint[] not null, sum double precision[] not null,
                 min double precision[] not null, max double precision[] not null, first double precision[] not null,
                 last double precision[] not null, increase double precision[] not null, stale_t bigint[] not null,
                 primary key (series_id, lo))`,
              `create index rollup_${res}_blocks_lo on tsdb.rollup_${res}_blocks (lo)`,
              // Blocks to merge into wider ones (plain-rollups.ts): only the narrowest span has more than one.
              `create index rollup_${res}_blocks_narrow on tsdb.rollup_${res}_blocks (lo) where hi - lo < ${MAX_ROLLUP_BLOCK_MS}`,
              `do $$ begin
                 alter table tsdb.rollup_${res}_blocks ${["buckets", ...ROLLUP_COLUMNS].map((c) => `alter column ${c} set compression lz4`).join(", ")};
               exception when others then null; end $$`,
            ]),
            "delete from tsdb.rollup_watermark",
            "delete from tsdb.rollup_invalidation",
          ],
  },
  {
    version: 9,
    name: "raw samples keyed by series group first, and a time index for the rollup refresh",
    // See SERIES_GROUP_BITS. TimescaleDB's chunks keep (series_id, t): compression segments them by series.
    // The rollup refresh reads the last minute of every series: without an index leading with time it read the
    // whole current partition on every tick. Rows arrive in about time order, so a BRIN index serves; page ranges
    // autovacuum has not summarized yet are still read whole.
    statements: (b) =>
      b === "timescaledb"
        ? []
        : [
            "alter table tsdb.samples drop constraint samples_pkey",
            `create unique index samples_group_key on tsdb.samples ((series_id >> ${SERIES_GROUP_BITS}), t, series_id)`,
            "create index samples_t on tsdb.samples using brin (t) with (pages_per_range = 32, autosummarize = on)",
          ],
  },
];

/**
 * The plain-path rollup refresh: buckets in [$1, $2) (aligned) from the samples in that range. With `packed`
 * it reads packed and raw samples alike, a sample stored both ways counting once with its packed value (the
 * first stored); without, raw samples only (the common case, recent ranges: no sort needed). Ordered
 * aggregates are fine here.
 */
export function plainRollupSelect(widthMs: number, packed: boolean): string {
  return rollupSelect(
    widthMs,
    PLAIN_BUCKET,
    "coalesce((array_agg(v order by t) $F)[1], 0) as first, coalesce((array_agg(v order by t desc) $F)[1], 0) as last",
    packed
      ? `(select distinct on (series_id, t) series_id, t, v from (
            select series_id, t, v, 1 as src from tsdb.samples where t >= $1 and t < $2
            union all
            select b.series_id, u.t, u.v, 0 from tsdb.sample_blocks as b cross join lateral unnest(b.ts, b.vs) as u(t, v)
            where b.lo < $2 and b.hi > $1 and b.lo > $1::bigint - ${PARTITION_MS} and u.t >= $1 and u.t < $2) as raw_and_packed
          order by series_id, t, src)`
      : "(select series_id, t, v from tsdb.samples where t >= $1 and t < $2)",
  );
}

const LOCK_KEY = 0x7473_6462; // "tsdb"

async function detectBackend(client: pg.PoolClient, log: (msg: string) => void): Promise<Backend> {
  const installed = await client.query("select 1 from pg_extension where extname = 'timescaledb'");
  if (installed.rowCount) return "timescaledb";
  const available = await client.query("select 1 from pg_available_extensions where name = 'timescaledb'");
  if (!available.rowCount) return "postgres";
  try {
    await client.query("create extension if not exists timescaledb");
    return "timescaledb";
  } catch (err) {
    // e.g. available but not in shared_preload_libraries: the plain path still works.
    log(`tsdb: timescaledb available but cannot be created (${(err as Error).message}); using plain PostgreSQL`);
    return "postgres";
  }
}

/** Applies the sample store's versioned migrations (idempotent, serialised across processes); returns whether TimescaleDB is used. */
export async function migrateSampleStore(pool: pg.Pool, log: (msg: string) => void = () => {}): Promise<{ timescale: boolean }> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query("create schema if not exists tsdb");
    await client.query(`create table if not exists tsdb.schema_migrations (version int primary key, name text not null,
      applied_at timestamptz not null default now())`);
    await client.query("create table if not exists tsdb.meta (key text primary key, value text not null)");
    const stored = await client.query<{ value: Backend }>("select value from tsdb.meta where key = 'backend'");
    const backend = stored.rows[0]?.value ?? (await detectBackend(client, log));
    await client.query("insert into tsdb.meta (key, value) values ('backend', $1) on conflict do nothing", [backend]);
    const applied = new Set(
      (await client.query<{ version: number }>("select version from tsdb.schema_migrations")).rows.map((r) => r.version),
    );
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query("begin");
      try {
        for (const sql of m.statements(backend)) await client.query(sql);
        await client.query("insert into tsdb.schema_migrations (version, name) values ($1, $2)", [m.version, m.name]);
        await client.query("commit");
      } catch (err) {
        await client.query("rollback");
        throw err;
      }
      log(`tsdb: applied migration ${m.version} (${m.name}) for ${backend}`);
    }
    return { timescale: backend === "timescaledb" };
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
