import type pg from "pg";
import { PARTITION_MS } from "./layout";
import { ensurePartitions, partitionStart } from "./partitions";
import { refreshPlainRollups } from "./plain-rollups";
import type { RetentionReport } from "./retention";
import type { Backend } from "./types";

const MAINTENANCE_LOCK_KEY = 0x7473_646d;
/** Partitions created ahead of now. */
const PARTITIONS_AHEAD = 3;
/** A partition is clustered once it has been closed this long (late samples mostly arrived). */
const CLUSTER_AFTER_CLOSE_MS = 3600_000;
/** Bounds one tick's work; CLUSTER takes an exclusive lock on the partition it rewrites. */
const CLUSTER_PER_TICK = 2;

export interface MaintenanceReport {
  /** False when another process held the maintenance lock and this tick did nothing. */
  ran: boolean;
  /** Plain path: partitions rewritten in (series_id, t) order. */
  clustered: string[];
  /** TimescaleDB: policy jobs run in the foreground (0 when TimescaleDB's own scheduler is running them). */
  jobsRun: number;
  /** What retention deleted, when the tick was given a policy. */
  retention?: RetentionReport;
}

async function plainTick(client: pg.PoolClient, nowMs: number): Promise<Pick<MaintenanceReport, "clustered" | "jobsRun">> {
  const ahead = Array.from({ length: PARTITIONS_AHEAD + 1 }, (_, i) => partitionStart(nowMs) + i * PARTITION_MS);
  await ensurePartitions(client, ahead);
  await refreshPlainRollups(client, nowMs);
  // Older data is read per series: rewriting a closed partition in primary-key order makes each series' samples contiguous.
  const { rows } = await client.query<{ name: string }>(
    "select name from tsdb.partitions where clustered_at is null and hi <= $1 order by lo limit $2",
    [nowMs - CLUSTER_AFTER_CLOSE_MS, CLUSTER_PER_TICK],
  );
  const clustered: string[] = [];
  for (const { name } of rows) {
    if (!/^samples_[pm]\d+$/.test(name)) throw new Error(`unexpected partition name ${name}`);
    await client.query(`cluster tsdb.${name} using ${name}_pkey`);
    await client.query("update tsdb.partitions set clustered_at = now() where name = $1", [name]);
    clustered.push(name);
  }
  return { clustered, jobsRun: 0 };
}

async function timescaleTick(client: pg.PoolClient): Promise<Pick<MaintenanceReport, "clustered" | "jobsRun">> {
  // The policies are TimescaleDB's scheduler's job; run them here only where no scheduler runs (PGlite, or
  // background workers disabled), so the tick never races the scheduler over the same chunks.
  const scheduler = await client.query<{ running: boolean }>(
    `select exists (select 1 from pg_stat_activity where backend_type like 'TimescaleDB Background Worker Scheduler%') as running`,
  );
  if (scheduler.rows[0]?.running) return { clustered: [], jobsRun: 0 };
  const { rows } = await client.query<{ job_id: number }>(
    `select job_id from timescaledb_information.jobs
     where (hypertable_schema = 'tsdb') and proc_name in ('policy_refresh_continuous_aggregate', 'policy_compression')
     order by proc_name desc, job_id`,
  );
  for (const { job_id } of rows) await client.query("call run_job($1)", [job_id]);
  return { clustered: [], jobsRun: rows.length };
}

async function lockedRun<T>(pool: pg.Pool, wait: boolean, fn: (client: pg.PoolClient) => Promise<T>): Promise<{ value: T } | undefined> {
  const client = await pool.connect();
  let failed = false;
  try {
    const lock = await client.query<{ ok: boolean }>(
      wait ? "select pg_advisory_lock($1) is not null as ok" : "select pg_try_advisory_lock($1) as ok",
      [MAINTENANCE_LOCK_KEY],
    );
    if (!lock.rows[0]?.ok) return undefined;
    try {
      return { value: await fn(client) };
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MAINTENANCE_LOCK_KEY]);
    }
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    client.release(failed || undefined);
  }
}

/** Runs `fn` on a pooled connection holding the cross-process maintenance lock, waiting for the lock. */
export async function withMaintenanceLock<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const done = await lockedRun(pool, true, fn);
  if (!done) throw new Error("pg_advisory_lock returned without the lock");
  return done.value;
}

/** Like withMaintenanceLock, but returns undefined at once when another process holds the lock. */
export async function tryWithMaintenanceLock<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T | undefined> {
  return (await lockedRun(pool, false, fn))?.value;
}

/** One maintenance tick on a locked connection: partitions ahead, rollup refresh, clustering or compression. */
export async function maintenanceTick(client: pg.PoolClient, backend: Backend, nowMs: number): Promise<Pick<MaintenanceReport, "clustered" | "jobsRun">> {
  return backend === "timescaledb" ? timescaleTick(client) : plainTick(client, nowMs);
}
