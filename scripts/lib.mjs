// Helpers shared by the operator scripts (up, start, test). Plain Node: they run before `npm ci`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const stateDir = path.join(root, ".boardwatch");

export const defaults = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/boardwatch",
  REDIS_URL: "redis://127.0.0.1:6379",
  PORT: "3000",
};

/** Runs a command with inherited stdio; rejects on a non-zero exit. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", cwd: root, ...opts });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${signal ?? code}`)),
    );
  });
}

/** `npm ci` when node_modules is missing or older than the lock file. */
export async function ensureInstalled() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log("[boardwatch] installing dependencies (npm ci)");
  await run("npm", ["ci", "--no-audit", "--no-fund"]);
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port), timeout: 2000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

/** Fails with a clear message when Postgres or Redis cannot be reached. */
export async function requireServices(env) {
  for (const [name, url, port] of [["PostgreSQL", env.DATABASE_URL, 5432], ["Redis", env.REDIS_URL, 6379]]) {
    const u = new URL(url);
    if (!(await reachable(u.hostname, u.port || port))) {
      throw new Error(`${name} is not reachable at ${u.host || u.hostname}; start it or set ${name === "Redis" ? "REDIS_URL" : "DATABASE_URL"}`);
    }
  }
}

/** A value kept in .boardwatch/ (git-ignored) so it survives restarts: created once, then reused. */
export function persistedSecret(name, make = () => randomBytes(32).toString("hex")) {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, name);
  if (!existsSync(file)) writeFileSync(file, make(), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** The environment the platform runs with: the caller's, with documented defaults filled in. */
export function platformEnv(extra = {}) {
  const env = { ...defaults, ...process.env, ...extra };
  env.BOARDWATCH_SECRET ||= persistedSecret("secret");
  env.BOARDWATCH_PUBLIC_URL ||= `http://localhost:${env.PORT}`;
  env.NEXT_TELEMETRY_DISABLED = "1";
  return env;
}
