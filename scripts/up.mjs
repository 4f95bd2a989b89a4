// The quick start: install, migrate, build, seed the demo tenant, then run web + worker.
import { ensureInstalled, platformEnv, requireServices, run } from "./lib.mjs";

await ensureInstalled();
const env = platformEnv();
await requireServices(env);
await run("npm", ["run", "db:migrate"], { env });
await run("npm", ["run", "build"], { env });
await run("npm", ["run", "db:seed"], { env });
await run("node", ["scripts/start.mjs"], { env });
