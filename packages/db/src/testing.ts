import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateAll } from "./migrate-all";

/** The server tests create their throw-away databases on. */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** Creates a uniquely named, fully migrated database; `drop()` removes it again. */
export async function createTestDatabase(label: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `bw_${label.replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  await migrateAll(url.toString());
  return {
    url: url.toString(),
    name,
    async drop() {
      const admin = new pg.Client({ connectionString: testServerUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * A Vitest global setup: one migrated database for the run, with the env the services read. Returns the
 * teardown that drops it.
 */
export async function setupTestEnvironment(label: string, extraEnv: Record<string, string> = {}) {
  const db = await createTestDatabase(label);
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    BOARDWATCH_SECRET: "test-secret-test-secret-test-secret-0123",
    BOARDWATCH_PUBLIC_URL: "http://localhost:3999",
    ...extraEnv,
  });
  return () => db.drop();
}
