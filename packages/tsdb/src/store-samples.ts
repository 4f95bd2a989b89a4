import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { sampleArrayParams } from "./binary-arrays";
import { encodeBinaryCopy, type SampleRows } from "./binary-copy";
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

function slice(rows: SampleRows, from: number, to: number): SampleRows {
  return {
    seriesIds: rows.seriesIds.subarray(from, to),
    timestamps: rows.timestamps.subarray(from, to),
    values: rows.values.subarray(from, to),
    length: to - from,
  };
}

/** Inserts rows with `on conflict do nothing` from binary array parameters (bit-exact floats); returns rows newly stored. */
async function insertSamples(pool: pg.Pool, rows: SampleRows, maxRows: number): Promise<number> {
  let stored = 0;
  for (let from = 0; from < rows.length; from += maxRows) {
    const res = await pool.query(
      `insert into tsdb.samples (series_id, t, v)
       select * from unnest($1::int8[], $2::int8[], $3::float8[]) on conflict do nothing`,
      sampleArrayParams(slice(rows, from, Math.min(rows.length, from + maxRows))),
    );
    stored += res.rowCount ?? 0;
  }
  return stored;
}

/** Rows encoded per COPY chunk: the server works on one chunk while the next is encoded. */
const COPY_CHUNK_ROWS = 8192;

async function copyInto(client: pg.PoolClient, rows: SampleRows): Promise<void> {
  const stream = client.query(copyFrom("copy tsdb.samples (series_id, t, v) from stdin (format binary)"));
  // A connection lost mid-COPY surfaces as a client 'error' event, not on the COPY stream.
  let onError = (_err: Error): void => undefined;
  const lost = new Promise<never>((_, reject) => {
    onError = reject;
    client.once("error", onError);
  });
  const done = Promise.race([finished(stream), lost]);
  done.catch(() => undefined); // awaited below; a failure while still writing must not go unhandled
  try {
    for (let from = 0; from < rows.length; from += COPY_CHUNK_ROWS) {
      const chunk = encodeBinaryCopy(rows, from, Math.min(rows.length, from + COPY_CHUNK_ROWS));
      if (!stream.write(chunk)) await Promise.race([once(stream, "drain"), done]);
    }
    stream.end();
    await done;
  } finally {
    client.off("error", onError);
  }
}

/** One binary COPY (atomic on its own); false when some (series_id, t) already exists and nothing was stored. */
async function tryCopy(pool: pg.Pool, rows: SampleRows): Promise<boolean> {
  const client = await pool.connect();
  let failed = false;
  try {
    await copyInto(client, rows);
    return true;
  } catch (err) {
    if (sqlState(err) === UNIQUE_VIOLATION) return false;
    failed = true;
    throw err;
  } finally {
    // A connection that died mid-COPY must not go back to the pool.
    client.release(failed || undefined);
  }
}

/**
 * Stores rows exactly once. The unique (series_id, t) key makes a retried batch (whose first attempt may have
 * committed wholly or partly) add only what is missing; the common case pays only for a plain COPY.
 */
export async function storeSamples(pool: pg.Pool, rows: SampleRows, mode: WriteMode): Promise<StoreResult> {
  if (!rows.length) return { stored: 0, deduplicated: false };
  if (mode.kind === "copy" && (await tryCopy(pool, rows))) return { stored: rows.length, deduplicated: false };
  const stored = await insertSamples(pool, rows, mode.kind === "insert" ? mode.maxRows : rows.length);
  return { stored, deduplicated: stored < rows.length };
}
