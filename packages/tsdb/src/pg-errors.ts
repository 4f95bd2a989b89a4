/** The SQLSTATE of a PostgreSQL error, if `err` is one. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** SQLSTATEs the store reacts to. */
export const UNIQUE_VIOLATION = "23505";
export const NO_PARTITION = "23514";
export const DEADLOCK = "40P01";

/** Runs `fn`, retrying once if PostgreSQL broke a deadlock by aborting it. */
export async function retryDeadlock<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (sqlState(err) !== DEADLOCK) throw err;
    return fn();
  }
}
