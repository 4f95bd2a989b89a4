import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { MAINTENANCE_QUEUE } from "./queues";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `bwtest-${randomBytes(4).toString("hex")}`;
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
const events = new QueueEvents(MAINTENANCE_QUEUE, { connection: connection.duplicate(), prefix });
const workers: ChildProcess[] = [];

/** Starts a real worker process and resolves with its metrics port once it says it is ready. */
async function startWorker(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./main.ts", import.meta.url))], {
    env: { ...process.env, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, HEARTBEAT_INTERVAL_MS: "200", WORKER_METRICS_PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  workers.push(child);
  for await (const line of createInterface({ input: child.stdout! })) {
    const port = /metrics on :(\d+)/.exec(line)?.[1];
    if (port) return { child, port: Number(port) };
  }
  throw new Error("worker exited before it was ready");
}

function completions(n: number): Promise<string[]> {
  const ids: string[] = [];
  return new Promise((resolve) => {
    const onCompleted = ({ jobId }: { jobId: string }) => {
      ids.push(jobId);
      if (ids.length === n) {
        events.off("completed", onCompleted);
        resolve(ids);
      }
    };
    events.on("completed", onCompleted);
  });
}

async function heartbeatsRun(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^boardwatch_worker_heartbeats_total (\S+)$/m.exec(text)?.[1] ?? NaN);
}

afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  await queue.obliterate({ force: true });
  await Promise.all([queue.close(), events.close()]);
  connection.disconnect();
});

describe("worker processes", () => {
  it("share one heartbeat schedule, run each heartbeat once, and survive a SIGKILLed peer", async () => {
    await events.waitUntilReady();
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    for (const { port } of [a, b]) {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
    }
    const ids = await completions(6);
    expect(new Set(ids).size).toBe(6);
    expect(await queue.getJobSchedulers()).toHaveLength(1);

    // Stop producing, let in-flight work finish, then compare what ran with what completed.
    await queue.removeJobScheduler("heartbeat");
    await queue.drain(true);
    await queue.pause();
    const counts = await queue.getJobCounts("active");
    if (counts.active) await completions(counts.active);
    const completed = await queue.getCompletedCount();
    expect((await heartbeatsRun(a.port)) + (await heartbeatsRun(b.port))).toBe(completed);

    // One worker dies hard; the survivor keeps the schedule going.
    a.child.kill("SIGKILL");
    await once(a.child, "exit");
    await queue.resume();
    await queue.upsertJobScheduler("heartbeat", { every: 200 }, { name: "heartbeat", data: {} });
    const before = await heartbeatsRun(b.port);
    await completions(3);
    expect(await heartbeatsRun(b.port)).toBeGreaterThanOrEqual(before + 3);
  });
});
