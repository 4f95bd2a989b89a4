import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";

export const prismaMigrationsDir = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

// Any constant works; it only has to be the same for every migrator so that several machines starting at
// once apply migrations one after another.
const MIGRATION_LOCK_KEY = 7_316_842_001;

export interface MigrationResult {
  applied: string[];
  skipped: string[];
}

/**
 * Applies Prisma-layout migrations (`<dir>/<name>/migration.sql`) offline, recording them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so either tool can take over later.
 */
export async function applyPrismaMigrations(client: pg.ClientBase, dir = prismaMigrationsDir): Promise<MigrationResult> {
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const recorded = new Map(rows.map((r) => [r.migration_name, r]));
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const result: MigrationResult = { applied: [], skipped: [] };
    for (const name of names) {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const row = recorded.get(name);
      if (row?.finished_at) {
        if (row.checksum !== checksum) {
          throw new Error(`migration ${name} was modified after it was applied (checksum mismatch)`);
        }
        result.skipped.push(name);
        continue;
      }
      if (row) {
        throw new Error(`migration ${name} failed earlier and is marked unfinished in _prisma_migrations; resolve it first`);
      }
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [id, checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      result.applied.push(name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}
