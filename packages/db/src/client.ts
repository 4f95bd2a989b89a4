import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

const cache = globalThis as unknown as { boardwatchDb?: Map<string, PrismaClient> };

/** Connections each pool of a process may open (control plane and sample store each have one). */
export const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 5);

/** One Prisma client per database URL and process (Next's dev server reloads modules, so cache on globalThis). */
export function getDb(databaseUrl: string): PrismaClient {
  cache.boardwatchDb ??= new Map();
  let db = cache.boardwatchDb.get(databaseUrl);
  if (!db) {
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
    cache.boardwatchDb.set(databaseUrl, db);
  }
  return db;
}

/** Throws unless the database answers. */
export async function ping(db: PrismaClient): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
