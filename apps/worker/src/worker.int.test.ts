import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { spawnWorker } from "../test/spawn-worker";
import { MAINTENANCE_QUEUE } from "./queues";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `bwtest-${randomBytes(4).toString("hex")}`;
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
const events = new QueueEvents(MAINTENANCE_QUEUE, { connection: connection.duplicate(), prefix });
const workers: Array<Awaited<ReturnType<typeof spawnWorker>>> = [];

async function startWorker() {
  const worker = await spawnWorker({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, HEARTBEAT_INTERVAL_MS: "200" });
  workers.push(worker);
  return worker;
}

/** Resolves after `n` more jobs completed (of the scheduler `scheduler` only, when given). */
function completions(n: number, scheduler?: string): Promise<string[]> {
  const ids: string[] = [];
  return new Promise((resolve) => {
    const onCompleted = ({ jobId }: { jobId: string }) => {
      if (scheduler && !jobId.startsWith(`repeat:${scheduler}:`)) return;
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
  for (const w of workers) w.child.kill("SIGKILL");
  await Promise.all([queue.close(), events.close()]);
  // Everything the run's workers created under its prefix: both queues, schedulers, locks, state.
  for await (const keys of connection.scanStream({ match: `${prefix}*`, count: 1000 })) if ((keys as string[]).length) await connection.del(...(keys as string[]));
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
    const ids = await completions(6, "heartbeat");
    expect(new Set(ids).size).toBe(6);
    expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(["heartbeat", "reconcile-rules", "reconcile-scrapes", "sample-maintenance"]);

    // Stop producing, let in-flight work finish, then compare what ran with what completed.
    for (const s of await queue.getJobSchedulers()) await queue.removeJobScheduler(s.key);
    await queue.drain(true);
    await queue.pause();
    const counts = await queue.getJobCounts("active");
    if (counts.active) await completions(counts.active);
    const heartbeats = (await queue.getCompleted(0, -1)).filter((j) => j.name === "heartbeat").length;
    expect((await heartbeatsRun(a.port)) + (await heartbeatsRun(b.port))).toBe(heartbeats);

    // One worker dies hard; the survivor keeps the schedule going.
    a.child.kill("SIGKILL");
    await once(a.child, "exit");
    await queue.resume();
    await queue.upsertJobScheduler("heartbeat", { every: 200 }, { name: "heartbeat", data: {} });
    const before = await heartbeatsRun(b.port);
    await completions(3, "heartbeat");
    expect(await heartbeatsRun(b.port)).toBeGreaterThanOrEqual(before + 3);
  });
});
