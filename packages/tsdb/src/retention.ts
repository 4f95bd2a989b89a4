import type pg from "pg";
import { ROLLUP_MS } from "./layout";
import { deleteRollupsBefore } from "./plain-rollups";
import { ALL_TENANTS, BUMP_GENERATION_SQL } from "./settled-samples";
import type { Backend } from "./types";

/** How long samples are kept: a default and per-tenant overrides (ms). */
export interface RetentionPolicy {
  defaultMs: number;
  tenants?: Record<string, number>;
}

export interface RetentionReport {
  /** Whole partitions / chunks dropped (older than the longest retention). */
  droppedPartitions: number;
  /** Rows deleted for tenants whose retention is shorter than the longest one. */
  deletedSamples: number;
  /** Series rows whose last sample is past their tenant's retention. */
  deletedSeries: number;
}

async function dropWhole(client: pg.PoolClient, backend: Backend, cutoff: number): Promise<number> {
  if (backend === "timescaledb") {
    const { rows } = await client.query("select drop_chunks('tsdb.samples', older_than => $1::bigint)", [cutoff]);
    for (const res of Object.keys(ROLLUP_MS)) {
      await client.query(`select drop_chunks('tsdb.rollup_${res}', older_than => $1::bigint)`, [cutoff]);
    }
    return rows.length;
  }
  const { rows } = await client.query<{ name: string }>("select name from tsdb.partitions where hi <= $1 order by lo", [cutoff]);
  for (const { name } of rows) {
    if (!/^samples_[pm]\d+$/.test(name)) throw new Error(`unexpected partition name ${name}`);
    await client.query(`drop table tsdb.${name}`);
    await client.query("delete from tsdb.partitions where name = $1", [name]);
  }
  await client.query("delete from tsdb.sample_blocks where hi <= $1", [cutoff]);
  await deleteRollupsBefore(client, cutoff);
  return rows.length;
}

/** The condition on `r.tenant_id`, with its parameter at position `at`. */
interface TenantFilter {
  sql: (at: number) => string;
  param: unknown;
}

/** Tenants of a deletion step: one named tenant, or everyone not named in the policy. */
function tenantFilter(tenantId: string | undefined, named: string[]): TenantFilter {
  return tenantId === undefined
    ? { sql: (at) => `r.tenant_id <> all($${at}::text[])`, param: named }
    : { sql: (at) => `r.tenant_id = $${at}`, param: tenantId };
}

async function deleteTenant(
  client: pg.PoolClient,
  backend: Backend,
  cutoff: number,
  lastSeenSlackMs: number,
  tenant: TenantFilter,
): Promise<{ samples: number; raw: number; series: number }> {
  const samples = await client.query(
    `delete from tsdb.samples as s using tsdb.series as r where r.id = s.series_id and ${tenant.sql(2)} and s.t < $1`,
    [cutoff, tenant.param],
  );
  let packed = 0;
  if (backend === "postgres") {
    packed = await deletePacked(client, cutoff, tenant);
    // Continuous aggregates drop these buckets themselves on their next refresh; the plain tables need it done.
    await deleteRollupsBefore(client, cutoff, tenant.sql(2), tenant.param);
  }
  // last_seen may trail the newest sample by the slack: only series surely without samples go.
  const series = await client.query(`delete from tsdb.series as r where ${tenant.sql(2)} and r.last_seen < $1`, [
    cutoff - lastSeenSlackMs,
    tenant.param,
  ]);
  if (series.rowCount) {
    // Metadata goes with the last series of its metric, as it leaves Prometheus with the last target exposing it.
    await client.query(
      `delete from tsdb.metric_metadata as r where ${tenant.sql(1)}
       and not exists (select 1 from tsdb.series as s where s.tenant_id = r.tenant_id and s.metric = r.metric)`,
      [tenant.param],
    );
  }
  return { samples: (samples.rowCount ?? 0) + packed, raw: samples.rowCount ?? 0, series: series.rowCount ?? 0 };
}

/** Deletes a tenant's packed samples older than `cutoff`: whole blocks, and the old part of a block across it. */
async function deletePacked(client: pg.PoolClient, cutoff: number, tenant: TenantFilter): Promise<number> {
  const whole = await client.query<{ n: number }>(
    `with gone as (
       delete from tsdb.sample_blocks as b using tsdb.series as r
       where r.id = b.series_id and ${tenant.sql(2)} and b.hi <= $1 returning cardinality(b.ts) as n)
     select coalesce(sum(n), 0)::float8 as n from gone`,
    [cutoff, tenant.param],
  );
  const trimmed = await client.query<{ n: number }>(
    `with kept as (
       select b.series_id, b.lo, x.ts, x.vs, cardinality(b.ts) - coalesce(cardinality(x.ts), 0) as removed
       from tsdb.sample_blocks as b join tsdb.series as r on r.id = b.series_id
       cross join lateral (
         select array_agg(u.t order by u.t) as ts, array_agg(u.v order by u.t) as vs
         from unnest(b.ts, b.vs) as u(t, v) where u.t >= $1) as x
       where ${tenant.sql(2)} and b.lo < $1 and b.ts[1] < $1),
     shortened as (
       update tsdb.sample_blocks as b set ts = k.ts, vs = k.vs from kept as k
       where b.series_id = k.series_id and b.lo = k.lo and k.ts is not null returning 1),
     emptied as (
       delete from tsdb.sample_blocks as b using kept as k
       where b.series_id = k.series_id and b.lo = k.lo and k.ts is null returning 1)
     select coalesce(sum(removed), 0)::float8 as n from kept`,
    [cutoff, tenant.param],
  );
  return (whole.rows[0]?.n ?? 0) + (trimmed.rows[0]?.n ?? 0);
}

/** Deletes samples, rollups and series rows past each tenant's retention (on a connection holding the maintenance lock). */
export async function applyRetention(
  client: pg.PoolClient,
  backend: Backend,
  policy: RetentionPolicy,
  nowMs: number,
  lastSeenSlackMs: number,
): Promise<RetentionReport> {
  const tenants = policy.tenants ?? {};
  const named = Object.keys(tenants);
  const longest = Math.max(policy.defaultMs, ...Object.values(tenants));
  const report: RetentionReport = { droppedPartitions: await dropWhole(client, backend, nowMs - longest), deletedSamples: 0, deletedSeries: 0 };
  const steps: Array<[string | undefined, number]> = [[undefined, policy.defaultMs], ...Object.entries(tenants)];
  let raw = 0;
  for (const [tenantId, ms] of steps) {
    const done = await deleteTenant(client, backend, nowMs - ms, lastSeenSlackMs, tenantFilter(tenantId, named));
    report.deletedSamples += done.samples;
    report.deletedSeries += done.series;
    raw += done.raw;
  }
  // Readers may hold some of the deleted raw samples as settled ones (packed blocks carry their own versions).
  if (report.droppedPartitions || raw) await client.query(BUMP_GENERATION_SQL, [ALL_TENANTS]);
  return report;
}
