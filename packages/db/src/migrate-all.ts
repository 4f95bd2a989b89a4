import { migrateSampleStore } from "@boardwatch/tsdb";
import pg from "pg";
import { applyPrismaMigrations } from "./migrate";

/** Creates the database named in the URL when it does not exist yet (so a fresh machine needs no manual step). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}

/** Brings a database to the current schema: the control plane (Prisma migrations), then the sample store. */
export async function migrateAll(databaseUrl: string, log: (msg: string) => void = () => {}) {
  if (await ensureDatabase(databaseUrl)) log(`created database ${new URL(databaseUrl).pathname.slice(1)}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const client = await pool.connect();
    try {
      const result = await applyPrismaMigrations(client);
      log(`control plane: ${result.applied.length} applied, ${result.skipped.length} already up to date`);
    } finally {
      client.release();
    }
    const store = await migrateSampleStore(pool, (msg) => log(`sample store: ${msg}`));
    log(`sample store: ${store.timescale ? "TimescaleDB" : "plain PostgreSQL (native partitioning)"}`);
  } finally {
    await pool.end();
  }
}
export { applyPrismaMigrations, prismaMigrationsDir, type MigrationResult } from "./migrate";
