import { migrateAll } from "../migrate-all";

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/boardwatch";
migrateAll(databaseUrl, (msg) => console.log(`[migrate] ${msg}`)).catch((error: unknown) => {
  console.error(`[migrate] ${(error as Error).message}`);
  process.exit(1);
});
