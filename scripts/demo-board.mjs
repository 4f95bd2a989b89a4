// The quick start's live demo board: this machine, running the real agent, enrolled into the demo tenant
// with the token `npm run db:seed` left in .boardwatch/.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { root, run, stateDir } from "./lib.mjs";

const bundle = path.join(root, "packages/agent/dist/boardwatch-agent.mjs");
const state = path.join(stateDir, "demo-agent", "state.json");
const tokenFile = path.join(stateDir, "demo-enrolment-token");

async function waitForWeb(url) {
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`the web app at ${url} did not come up`);
}

/** Enrols the demo board once, then runs its agent; resolves with the agent process (or null if there is none to run). */
export async function startDemoBoard(env) {
  if (!existsSync(bundle) || (!existsSync(state) && !existsSync(tokenFile))) return null;
  if (!existsSync(state)) {
    await waitForWeb(env.BOARDWATCH_PUBLIC_URL);
    const port = env.DEMO_AGENT_PORT ?? "9845";
    await run(process.execPath, [bundle, "enroll", "--server", env.BOARDWATCH_PUBLIC_URL, "--state", state,
      "--listen", `127.0.0.1:${port}`, "--scrape-url", `http://127.0.0.1:${port}/metrics`], {
      env: { ...env, BOARDWATCH_TOKEN: readFileSync(tokenFile, "utf8").trim() },
    });
  }
  return spawn(process.execPath, [bundle, "run", "--state", state], { env, stdio: "inherit" });
}
