import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serverEnvFile } from "./server-env.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Runs the admin CLI against the e2e server's database and returns its stdout. Asynchronous on purpose:
 * blocking the test's event loop would leave its HTTP keep-alive sockets stale.
 */
export async function boardwatchCli(...args: string[]): Promise<string> {
  const env = { ...process.env, ...(JSON.parse(readFileSync(serverEnvFile, "utf8")) as Record<string, string>) };
  const { stdout } = await promisify(execFile)(process.execPath, [`${root}/packages/cli/bin/boardwatch.js`, ...args], { cwd: root, env });
  return stdout.trim();
}

/** A fresh tenant (no members) with a read token and a write token. */
export async function seedTenant(label: string) {
  const slug = `${label}-${randomBytes(3).toString("hex")}`;
  await boardwatchCli("tenant", "create", slug);
  const [readToken, writeToken] = await Promise.all([
    boardwatchCli("token", "create", "--tenant", slug, "--name", "reader", "--scope", "read"),
    boardwatchCli("token", "create", "--tenant", slug, "--name", "writer", "--scope", "write"),
  ]);
  return { slug, readToken, writeToken };
}
