// The whole test suite: typecheck, lint, unit + integration tests (real Postgres and Redis), then the
// Playwright end-to-end flows in Debian's Chromium.
import { existsSync } from "node:fs";
import { defaults, ensureInstalled, requireServices, run } from "./lib.mjs";

await ensureInstalled();
const env = { ...defaults, ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
await requireServices(env);
const chromium = env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  throw new Error(`no Chromium at ${chromium}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`);
}
await run("npx", ["turbo", "run", "typecheck", "lint", "test", "--concurrency=2"], { env });
await run("npm", ["run", "test:e2e"], { env });
