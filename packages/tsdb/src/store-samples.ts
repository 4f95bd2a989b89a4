import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom, type CopyStreamQuery } from "pg-copy-streams";
import { sampleArrayParams } from "./binary-arrays";
import { COPY_HEADER, COPY_TRAILER, encodeCopyRows, type SampleRows } from "./binary-copy";
import { sqlState, UNIQUE_VIOLATION } from "./pg-errors";

export interface StoreResult {
  /** Rows newly stored. */
  stored: number;
  /** Whether some rows were already there (the deduplicating insert ran). */
  deduplicated: boolean;
}

/**
 * How rows reach `tsdb.samples`. `copy`: binary COPY, falling back to the deduplicating insert when a row
 * already exists. `insert`: always the deduplicating insert, in statements of at most `maxRows` rows — for
 * servers without COPY FROM STDIN or with small message limits (PGlite over pglite-socket).
 */
export type WriteMode = { kind: "copy" } | { kind: "insert"; maxRows: number };

/** Rows encoded per COPY chunk: the server works on one chunk while the next is produced. */
const COPY_CHUNK_ROWS = 8192;

function slice(rows: SampleRows, from: number, to: number): SampleRows {
  return {
    seriesIds: rows.seriesIds.subarray(from, to),
    timestamps: rows.timestamps.subarray(from, to),
    values: rows.values.subarray(from, to),
    length: to - from,
  };
}

/** Inserts rows with `on conflict do nothing` from binary array parameters (bit-exact floats); returns rows newly stored. */
export async function insertSamples(pool: pg.Pool, rows: SampleRows, maxRows: number): Promise<StoreResult> {
  let stored = 0;
  for (let from = 0; from < rows.length; from += maxRows) {
    const res = await pool.query(
      `insert into tsdb.samples (series_id, t, v)
       select * from unnest($1::int8[], $2::int8[], $3::float8[]) on conflict do nothing`,
      sampleArrayParams(slice(rows, from, Math.min(rows.length, from + maxRows))),
    );
    stored += res.rowCount ?? 0;
  }
  return { stored, deduplicated: stored < rows.length };
}

/**
 * One binary COPY into `tsdb.samples`, fed while the caller is still producing rows (the server ingests one
 * chunk while the next is prepared). The COPY is atomic: it stores everything on `finish` or nothing.
 */
export class SampleCopy {
  private sent = 0;

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly stream: CopyStreamQuery,
    private readonly done: Promise<void>,
    private readonly detach: () => void,
  ) {}

  /** Starts a COPY on a pooled connection. */
  static async open(pool: pg.Pool): Promise<SampleCopy> {
    const client = await pool.connect();
    const stream = client.query(copyFrom("copy tsdb.samples (series_id, t, v) from stdin (format binary)"));
    // A connection lost mid-COPY surfaces as a client 'error' event, not on the COPY stream.
    let onError = (_err: Error): void => undefined;
    const lost = new Promise<never>((_, reject) => {
      onError = reject;
      client.once("error", onError);
    });
    const done = Promise.race([finished(stream), lost]);
    done.catch(() => undefined); // awaited in send/finish; a failure in between must not go unhandled
    stream.write(COPY_HEADER);
    return new SampleCopy(client, stream, done, () => client.off("error", onError));
  }

  /** Sends the rows appended to `rows` since the previous call. */
  async send(rows: SampleRows): Promise<void> {
    for (let from = this.sent; from < rows.length; from += COPY_CHUNK_ROWS) {
      const chunk = encodeCopyRows(rows, from, Math.min(rows.length, from + COPY_CHUNK_ROWS));
      if (!this.stream.write(chunk)) await Promise.race([once(this.stream, "drain"), this.done]);
    }
    this.sent = rows.length;
  }

  /** Ends the COPY and releases the connection; throws the server's error (e.g. a unique violation) if it failed. */
  async finish(): Promise<void> {
    let failed = false;
    try {
      this.stream.end(COPY_TRAILER);
      await this.done;
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      this.detach();
      // After a failure the connection may be dead (killed mid-COPY): never hand it back to the pool.
      this.client.release(failed || undefined);
    }
  }

  /** Abandons the COPY after a failure, dropping the connection (the server rolls the COPY back). */
  abort(): void {
    this.detach();
    this.client.release(true);
  }
}

interface Member {
  rows: SampleRows;
  resolve: (result: StoreResult) => void;
  reject: (err: unknown) => void;
}

/** The rows of several writes as one. */
function concatRows(parts: SampleRows[], total: number): SampleRows {
  if (parts.length === 1) return parts[0] as SampleRows;
  const out: SampleRows = { seriesIds: new Float64Array(total), timestamps: new Float64Array(total), values: new Float64Array(total), length: total };
  let at = 0;
  for (const p of parts) {
    out.seriesIds.set(p.seriesIds.subarray(0, p.length), at);
    out.timestamps.set(p.timestamps.subarray(0, p.length), at);
    out.values.set(p.values.subarray(0, p.length), at);
    at += p.length;
  }
  return out;
}

/**
 * Group commit for small writes (a scrape's few hundred samples): while `maxInFlight` COPYs run, the rows of
 * the writes that arrive wait and then go to the server together, in one COPY and one commit, instead of one
 * statement, connection round and WAL flush each. A write that finds a COPY slot free goes at once: there is
 * no timer, the grouping grows with the load. A group that fails for any reason is retried write by write, so
 * one write's duplicate (a retried batch) or bad row never decides another's outcome.
 */
export class GroupCommit {
  private readonly queue: Member[] = [];
  private running = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxInFlight: number,
    private readonly maxRows: number,
  ) {}

  /** Stores `rows` exactly once, in a COPY shared with the other writes waiting at the time. */
  store(rows: SampleRows): Promise<StoreResult> {
    if (!rows.length) return Promise.resolve({ stored: 0, deduplicated: false });
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.maxInFlight && this.queue.length) {
      let rows = 0;
      let take = 0;
      while (take < this.queue.length && (take === 0 || rows + (this.queue[take] as Member).rows.length <= this.maxRows)) {
        rows += (this.queue[take] as Member).rows.length;
        take++;
      }
      const group = this.queue.splice(0, take);
      this.running++;
      void this.flush(group, rows).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async flush(group: Member[], total: number): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [Member];
      await storeSamples(this.pool, only.rows, { kind: "copy" }).then(only.resolve, only.reject);
      return;
    }
    const copy = await SampleCopy.open(this.pool).catch((err: unknown) => err as Error);
    if (!(copy instanceof SampleCopy)) {
      for (const m of group) m.reject(copy);
      return;
    }
    try {
      await copy.send(concatRows(group.map((m) => m.rows), total));
    } catch {
      copy.abort();
      return this.oneByOne(group);
    }
    try {
      await copy.finish();
    } catch {
      return this.oneByOne(group);
    }
    for (const m of group) m.resolve({ stored: m.rows.length, deduplicated: false });
  }

  private async oneByOne(group: Member[]): Promise<void> {
    for (const m of group) await storeSamples(this.pool, m.rows, { kind: "copy" }).then(m.resolve, m.reject);
  }
}

/** Whether an error means "some (series_id, t) already exists": the batch (or part of it) was stored before. */
export function isDuplicate(err: unknown): boolean {
  return sqlState(err) === UNIQUE_VIOLATION;
}

/**
 * Stores rows exactly once. The unique (series_id, t) key makes a retried batch (whose first attempt may have
 * committed wholly or partly) add only what is missing; the common case pays only for a plain COPY.
 */
export async function storeSamples(pool: pg.Pool, rows: SampleRows, mode: WriteMode): Promise<StoreResult> {
  if (!rows.length) return { stored: 0, deduplicated: false };
  if (mode.kind === "insert") return insertSamples(pool, rows, mode.maxRows);
  const copy = await SampleCopy.open(pool);
  try {
    await copy.send(rows);
  } catch (err) {
    copy.abort();
    if (!isDuplicate(err)) throw err;
    return insertSamples(pool, rows, rows.length);
  }
  try {
    await copy.finish();
    return { stored: rows.length, deduplicated: false };
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    return insertSamples(pool, rows, rows.length);
  }
}
