import { mkdtemp, mkdir, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPrismaMigrations, prismaMigrationsDir } from "./migrate";
import { ensureDatabase } from "./migrate-all";
import { testServerUrl } from "./testing";

const name = `bw_migrate_${process.pid}_${Date.now()}`;
const url = Object.assign(new URL(testServerUrl), { pathname: `/${name}` }).toString();

async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  expect(await ensureDatabase(url)).toBe(true);
  expect(await ensureDatabase(url)).toBe(false);
});
afterAll(async () => {
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("offline Prisma migrator", () => {
  it("applies every migration to an empty database, concurrently safe, and is idempotent", async () => {
    const [a, b] = await Promise.all([withClient((c) => applyPrismaMigrations(c)), withClient((c) => applyPrismaMigrations(c))]);
    const applied = [...a!.applied, ...b!.applied];
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length); // each migration applied by exactly one migrator
    const again = await withClient((c) => applyPrismaMigrations(c));
    expect(again.applied).toEqual([]);
    expect(again.skipped.sort()).toEqual(applied.sort());
    const rows = await withClient((c) => c.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`));
    expect(rows.rows.every((r) => r.finished_at && r.applied_steps_count === 1 && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    await withClient(async (c) => expect((await c.query(`SELECT count(*)::int AS n FROM "tenant"`)).rows[0].n).toBe(0));
  });

  it("refuses a migration edited after it was applied and rolls back a failing one", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "bw-migrations-"));
    await cp(prismaMigrationsDir, dir, { recursive: true });
    const first = (await withClient((c) => applyPrismaMigrations(c, dir))).skipped[0]!;
    await writeFile(path.join(dir, first, "migration.sql"), "-- edited\n");
    await expect(withClient((c) => applyPrismaMigrations(c, dir))).rejects.toThrow(/modified after it was applied/);

    const dir2 = await mkdtemp(path.join(tmpdir(), "bw-migrations-"));
    await cp(prismaMigrationsDir, dir2, { recursive: true });
    await mkdir(path.join(dir2, "29990101000000_broken"));
    await writeFile(path.join(dir2, "29990101000000_broken", "migration.sql"), "CREATE TABLE half_done (id int);\nSELECT nope FROM nowhere;");
    await expect(withClient((c) => applyPrismaMigrations(c, dir2))).rejects.toThrow(/29990101000000_broken failed/);
    const leftovers = await withClient((c) => c.query(`SELECT to_regclass('half_done') AS t`));
    expect(leftovers.rows[0].t).toBeNull();
  });
});
