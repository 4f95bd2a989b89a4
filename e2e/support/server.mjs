// Playwright's web server: a fresh database, a production build, then web + worker exactly as
// `npm start` runs them. The database is dropped when Playwright stops the server.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { serverEnvFile } from "./server-env.mjs";
import { platformEnv, root, run } from "../../scripts/lib.mjs";

const port = process.env.E2E_PORT ?? "3210";
const admin = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbName = `bw_e2e_${randomBytes(4).toString("hex")}`;
const databaseUrl = Object.assign(new URL(admin), { pathname: `/${dbName}` }).toString();
const env = platformEnv({
  PORT: port,
  DATABASE_URL: databaseUrl,
  BOARDWATCH_PUBLIC_URL: `http://127.0.0.1:${port}`,
  BOARDWATCH_SECRET: randomBytes(32).toString("hex"),
  QUEUE_PREFIX: `bw-e2e-${randomBytes(4).toString("hex")}`,
  WORKER_METRICS_PORT: "0",
  AUTH_LOGIN_RATE_LIMIT: "100",
});

/** Removes the queues and state this server's workers kept in Redis. */
async function deleteRedisKeys() {
  const { Redis } = await import("ioredis");
  const redis = new Redis(env.REDIS_URL);
  for await (const keys of redis.scanStream({ match: `${env.QUEUE_PREFIX}*`, count: 1000 })) if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

async function dropDatabase() {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await client.end();
}

await run("npm", ["run", "db:migrate"], { env });
// Specs seed tenants through the admin CLI against this same database.
mkdirSync(path.dirname(serverEnvFile), { recursive: true });
writeFileSync(serverEnvFile, JSON.stringify({ DATABASE_URL: databaseUrl }));
await run("npx", ["turbo", "run", "build", "--filter=@boardwatch/web", "--output-logs=errors-only"], { env });
const app = spawn("node", ["scripts/start.mjs", "--no-demo-board"], { cwd: root, env, stdio: "inherit" });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await new Promise((resolve) => (app.exitCode !== null ? resolve() : app.once("exit", resolve)));
  await dropDatabase();
  await deleteRedisKeys();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
app.on("exit", (code) => {
  if (!stopping) {
    console.error(`[e2e server] platform exited with ${code}`);
    void dropDatabase().finally(() => process.exit(1));
  }
});
