import type pg from "pg";
import { PACK_AFTER_CLOSE_MS } from "./layout";
import { ensurePartitions, partitionStart } from "./partitions";
import { refreshPlainRollups } from "./plain-rollups";
import type { RetentionReport } from "./retention";
import type { Backend } from "./types";

const MAINTENANCE_LOCK_KEY = 0x7473_646d;
/** Partitions created ahead of now. */
const PARTITIONS_AHEAD = 3;
/** Bounds one tick's work; packing a partition holds off writes of late samples into it meanwhile. */
const PACK_PER_TICK = 2;

export interface MaintenanceReport {
  /** False when another process held the maintenance lock and this tick did nothing. */
  ran: boolean;
  /** Plain path: partitions whose rows were packed into per-series blocks (again, when late samples came in). */
  packed: string[];
  /** TimescaleDB: policy jobs run in the foreground (0 when TimescaleDB's own scheduler is running them). */
  jobsRun: number;
  /** What retention deleted, when the tick was given a policy. */
  retention?: RetentionReport;
}

/**
 * Moves a closed partition's rows into `tsdb.sample_blocks`, one row per series: its samples as two arrays
 * ordered by time. Late samples written into a packed partition are merged into the series' block on the next
 * tick; where a timestamp is both in the block and raw (a retried batch), the first stored value stays, as
 * the raw table's unique key would have kept it. Reads see the samples raw or packed, never both or neither:
 * it is one transaction that deletes (not truncates, which other snapshots would see) the rows it packed.
 */
async function pack(client: pg.PoolClient, name: string, lo: number, hi: number): Promise<void> {
  if (!/^samples_[pm]\d+$/.test(name)) throw new Error(`unexpected partition name ${name}`);
  await client.query("begin");
  try {
    // Writers of late samples into this partition wait; reads go on.
    await client.query(`lock table tsdb.${name} in share row exclusive mode`);
    await client.query(
      `insert into tsdb.sample_blocks (series_id, lo, hi, ts, vs)
       select series_id, $1, $2, array_agg(t order by t), array_agg(v order by t)
       from (select distinct on (series_id, t) series_id, t, v from (
               select series_id, t, v, 1 as src from tsdb.${name}
               union all
               select b.series_id, u.t, u.v, 0 from tsdb.sample_blocks as b cross join lateral unnest(b.ts, b.vs) as u(t, v)
               where b.lo = $1 and b.series_id in (select series_id from tsdb.${name})) as both_kinds
             order by series_id, t, src) as merged
       group by series_id
       on conflict (series_id, lo) do update set ts = excluded.ts, vs = excluded.vs`,
      [lo, hi],
    );
    await client.query(`delete from tsdb.${name}`);
    await client.query("update tsdb.partitions set packed_at = now() where name = $1", [name]);
    await client.query("commit");
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw err;
  }
  // Gives the emptied heap and index back to the file system (VACUUM cannot run inside the transaction).
  await client.query(`vacuum tsdb.${name}`);
}

async function plainTick(client: pg.PoolClient, nowMs: number, partitionMs: number): Promise<Pick<MaintenanceReport, "packed" | "jobsRun">> {
  const ahead = Array.from({ length: PARTITIONS_AHEAD + 1 }, (_, i) => partitionStart(nowMs, partitionMs) + i * partitionMs);
  await ensurePartitions(client, ahead, partitionMs);
  // Rollups first: a refresh reads packed and raw samples alike, but reading raw ones is cheaper.
  await refreshPlainRollups(client, nowMs);
  // Closed partitions not packed yet, and packed ones that late samples went into.
  const { rows } = await client.query<{ name: string; lo: string; hi: string }>(
    `select p.name, p.lo, p.hi from tsdb.partitions as p
     where p.hi <= $1 and (p.packed_at is null or exists (select 1 from tsdb.samples as s where s.t >= p.lo and s.t < p.hi))
     order by p.lo limit $2`,
    [nowMs - PACK_AFTER_CLOSE_MS, PACK_PER_TICK],
  );
  const packed: string[] = [];
  for (const { name, lo, hi } of rows) {
    await pack(client, name, Number(lo), Number(hi));
    packed.push(name);
  }
  return { packed, jobsRun: 0 };
}

async function timescaleTick(client: pg.PoolClient): Promise<Pick<MaintenanceReport, "packed" | "jobsRun">> {
  // The policies are TimescaleDB's scheduler's job; run them here only where no scheduler runs (PGlite, or
  // background workers disabled), so the tick never races the scheduler over the same chunks.
  const scheduler = await client.query<{ running: boolean }>(
    `select exists (select 1 from pg_stat_activity where backend_type like 'TimescaleDB Background Worker Scheduler%') as running`,
  );
  if (scheduler.rows[0]?.running) return { packed: [], jobsRun: 0 };
  const { rows } = await client.query<{ job_id: number }>(
    `select job_id from timescaledb_information.jobs
     where (hypertable_schema = 'tsdb') and proc_name in ('policy_refresh_continuous_aggregate', 'policy_compression')
     order by proc_name desc, job_id`,
  );
  for (const { job_id } of rows) await client.query("call run_job($1)", [job_id]);
  return { packed: [], jobsRun: rows.length };
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

/** One maintenance tick on a locked connection: partitions ahead, rollup refresh, packing or compression. */
export async function maintenanceTick(
  client: pg.PoolClient,
  backend: Backend,
  nowMs: number,
  partitionMs: number,
): Promise<Pick<MaintenanceReport, "packed" | "jobsRun">> {
  return backend === "timescaledb" ? timescaleTick(client) : plainTick(client, nowMs, partitionMs);
}
