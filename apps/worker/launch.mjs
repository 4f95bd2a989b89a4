// How a worker process is started, wherever one is: `npm run start:worker` (this file run directly),
// scripts/start.mjs, and the tests and benchmarks that spawn real workers.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Node's arguments for a worker. A scrape allocates a few short-lived objects per sample while hundreds of
 * scrapes are in flight; with V8's default 16 MB semi-spaces much of that survived into the old generation.
 * 64 MB cut the worker's CPU per sample by about a quarter (`npm run bench -- scrape-e2e`: 21.8 -> 16.3 CPU-s).
 */
export const workerNodeArgs = ["--max-semi-space-size=64", "--import", "tsx", fileURLToPath(new URL("./src/main.ts", import.meta.url))];

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const child = spawn(process.execPath, workerNodeArgs, { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  // A worker ended by a signal exits as a shell reports it (128 + the signal's number). Re-raising the signal here
  // would only reach the forwarding handlers above, and leave this process waiting for a child that is gone.
  child.on("exit", (code, signal) => process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1)));
}
