import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { workerNodeArgs } from "../launch.mjs";

/** Starts a real worker process and resolves with its metrics port once it says it is ready. */
export async function spawnWorker(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, workerNodeArgs, {
    env: { ...process.env, WORKER_METRICS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const port = /metrics on :(\d+)/.exec(line)?.[1];
    if (port) {
      return {
        child,
        port: Number(port),
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill("SIGTERM");
          await once(child, "exit");
        },
      };
    }
  }
  throw new Error("worker exited before it was ready");
}
