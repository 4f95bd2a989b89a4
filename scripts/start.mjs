// Starts the web app and one worker in the foreground; Ctrl-C stops both. `--dev` runs Next in dev mode.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { workerNodeArgs } from "../apps/worker/launch.mjs";
import { startDemoBoard } from "./demo-board.mjs";
import { platformEnv, root, stateDir } from "./lib.mjs";

const dev = process.argv.includes("--dev");
const env = platformEnv();
const bin = (name) => path.join(root, "node_modules", ".bin", name);

const children = [
  spawn(bin("next"), [dev ? "dev" : "start", "-p", env.PORT], { cwd: path.join(root, "apps/web"), env, stdio: "inherit" }),
  spawn(process.execPath, workerNodeArgs, { cwd: root, env, stdio: "inherit" }),
];

const demo = path.join(stateDir, "demo-login.json");
if (existsSync(demo)) {
  const { email, password, tenant } = JSON.parse(readFileSync(demo, "utf8"));
  console.log(`\n  Boardwatch is starting on ${env.BOARDWATCH_PUBLIC_URL}\n  demo login: ${email} / ${password} (tenant "${tenant}")\n`);
}

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  process.exitCode = code;
}
for (const child of children) child.on("exit", (code) => stop(code ?? 1));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
// The demo board is a convenience: if it cannot start, the platform still runs.
if (!process.argv.includes("--no-demo-board")) {
  startDemoBoard(env).then(
    (agent) => agent && children.push(agent),
    (error) => console.error(`[demo board] not started: ${error.message}`),
  );
}
