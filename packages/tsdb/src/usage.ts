import type pg from "pg";
import { groupSamples } from "./read-queries";
import type { Backend } from "./types";

export interface TenantUsage {
  /** Series with a sample in the active window. */
  activeSeries: number;
  /** Samples stored with timestamps in the last 5 minutes, per second. */
  samplesPerSecond: number;
  /** The tenant's share of the sample tables' bytes on disk (raw and packed), by sample count (from the 1h rollups). */
  bytesEstimate: number;
}

const RATE_WINDOW_MS = 300_000;

function totalBytesSql(backend: Backend): string {
  return backend === "timescaledb"
    ? "select hypertable_size('tsdb.samples')::float8 as bytes"
    : `select (coalesce(sum(pg_total_relation_size(format('tsdb.%I', name)::regclass)), 0)
               + pg_total_relation_size('tsdb.sample_blocks'))::float8 as bytes from tsdb.partitions`;
}

/** Usage figures of one tenant for quotas and the admin view. */
export async function tenantUsage(
  pool: pg.Pool,
  backend: Backend,
  tenantId: string,
  nowMs: number,
  activeWindowMs: number,
  lastSeenSlackMs: number,
): Promise<TenantUsage> {
  const [active, recent, counts, bytes] = await Promise.all([
    pool.query<{ n: number }>("select count(*)::int as n from tsdb.series where tenant_id = $1 and last_seen >= $2", [
      tenantId,
      nowMs - activeWindowMs,
    ]),
    pool.query<{ n: number }>(
      backend === "timescaledb"
        ? `select count(*)::float8 as n from tsdb.series as r join tsdb.samples as s on s.series_id = r.id
           where r.tenant_id = $1 and r.last_seen >= $2 and s.t > $3 and s.t <= $4`
        : `with r as materialized (select id from tsdb.series where tenant_id = $1 and last_seen >= $2)
           select count(*)::float8 as n from (${groupSamples("r", [["$3::bigint + 1", "$4"]])}) as s`,
      [tenantId, nowMs - RATE_WINDOW_MS - lastSeenSlackMs, nowMs - RATE_WINDOW_MS, nowMs],
    ),
    pool.query<{ mine: number | null; total: number | null }>(
      `select sum(u.count) filter (where r.tenant_id = $1)::float8 as mine, sum(u.count)::float8 as total
       from tsdb.rollup_1h as u join tsdb.series as r on r.id = u.series_id`,
      [tenantId],
    ),
    pool.query<{ bytes: number }>(totalBytesSql(backend)),
  ]);
  const mine = counts.rows[0]?.mine ?? 0;
  const total = counts.rows[0]?.total ?? 0;
  return {
    activeSeries: active.rows[0]?.n ?? 0,
    samplesPerSecond: (recent.rows[0]?.n ?? 0) / (RATE_WINDOW_MS / 1000),
    bytesEstimate: total > 0 ? Math.round(((bytes.rows[0]?.bytes ?? 0) * mine) / total) : 0,
  };
}
