import type pg from "pg";
import type { Query } from "./query";

/** The backend pid node-postgres learnt at connect time (BackendKeyData); not in its type definitions. */
function backendPid(client: pg.PoolClient): number | undefined {
  return (client as unknown as { processID?: number }).processID;
}

/**
 * Runs `q` on a pooled connection. Aborting `signal` rejects at once, drops the connection and asks the
 * server to cancel the backend's statement, so an abandoned query stops using the database.
 */
export async function runQuery<R extends pg.QueryResultRow>(pool: pg.Pool, q: Query, signal?: AbortSignal): Promise<R[]> {
  signal?.throwIfAborted();
  const client = await pool.connect();
  let failed = false;
  let onAbort = (): void => undefined;
  try {
    const run = client.query<R>(q.sql, q.params);
    if (!signal) return (await run).rows;
    run.catch(() => undefined); // its rejection after an abort is expected and already answered
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        const pid = backendPid(client);
        if (pid !== undefined) pool.query("select pg_cancel_backend($1)", [pid]).catch(() => undefined);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
    return (await Promise.race([run, aborted])).rows;
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    client.release(failed || undefined);
  }
}
