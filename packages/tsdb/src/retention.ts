import type pg from "pg";
import { ROLLUP_MS } from "./layout";
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
  for (const res of Object.keys(ROLLUP_MS)) await client.query(`delete from tsdb.rollup_${res} where bucket < $1`, [cutoff]);
  return rows.length;
}

/** Tenants of a deletion step: one named tenant, or everyone not named in the policy. */
function tenantFilter(tenantId: string | undefined, named: string[]): { sql: string; param: unknown } {
  return tenantId === undefined ? { sql: "r.tenant_id <> all($2::text[])", param: named } : { sql: "r.tenant_id = $2", param: tenantId };
}

async function deleteTenant(
  client: pg.PoolClient,
  backend: Backend,
  cutoff: number,
  lastSeenSlackMs: number,
  tenant: { sql: string; param: unknown },
): Promise<{ samples: number; series: number }> {
  const samples = await client.query(
    `delete from tsdb.samples as s using tsdb.series as r where r.id = s.series_id and ${tenant.sql} and s.t < $1`,
    [cutoff, tenant.param],
  );
  if (backend === "postgres") {
    // Continuous aggregates drop these buckets themselves on their next refresh; the plain tables need it done.
    for (const res of Object.keys(ROLLUP_MS)) {
      await client.query(
        `delete from tsdb.rollup_${res} as u using tsdb.series as r where r.id = u.series_id and ${tenant.sql} and u.bucket < $1`,
        [cutoff, tenant.param],
      );
    }
  }
  // last_seen may trail the newest sample by the slack: only series surely without samples go.
  const series = await client.query(`delete from tsdb.series as r where ${tenant.sql} and r.last_seen < $1`, [
    cutoff - lastSeenSlackMs,
    tenant.param,
  ]);
  return { samples: samples.rowCount ?? 0, series: series.rowCount ?? 0 };
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
  for (const [tenantId, ms] of steps) {
    const done = await deleteTenant(client, backend, nowMs - ms, lastSeenSlackMs, tenantFilter(tenantId, named));
    report.deletedSamples += done.samples;
    report.deletedSeries += done.series;
  }
  return report;
}
