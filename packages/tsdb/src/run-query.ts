import type pg from "pg";
import type { Query } from "./query";

/** Runs `q` on a pooled connection; aborting `signal` rejects at once and drops the connection, which ends the backend's work. */
export async function runQuery<R extends pg.QueryResultRow>(pool: pg.Pool, q: Query, signal?: AbortSignal): Promise<R[]> {
  signal?.throwIfAborted();
  const client = await pool.connect();
  let failed = false;
  try {
    const run = client.query<R>(q.sql, q.params);
    if (!signal) return (await run).rows;
    run.catch(() => undefined); // its rejection after an abort is expected and already answered
    let onAbort = (): void => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return (await Promise.race([run, aborted])).rows;
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    client.release(failed || undefined);
  }
}
