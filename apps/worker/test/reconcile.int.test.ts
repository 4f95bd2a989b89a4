import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { reconcileScrapeSchedules, scrapeSchedulerId } from "../src/scheduling/reconcile-scrape-schedules";

const connection = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
const queue = new Queue("scrape", { connection, prefix: `bwtest-reconcile-${randomBytes(4).toString("hex")}` });

afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
});

const keys = async () => (await queue.getJobSchedulers(0, -1)).map((s) => s.key).sort();

describe("scrape schedule reconciliation", () => {
  it("adds, keeps, changes and removes one scheduler per board", async () => {
    expect(await reconcileScrapeSchedules(queue, [{ boardId: "a", intervalMs: 15_000 }, { boardId: "b", intervalMs: 15_000 }])).toMatchObject({ targets: 2, upserted: 2, removed: 0 });
    expect(await keys()).toEqual([scrapeSchedulerId("a"), scrapeSchedulerId("b")]);
    // Unchanged boards are left alone; a changed interval is applied; a removed board loses its scheduler.
    expect(await reconcileScrapeSchedules(queue, [{ boardId: "a", intervalMs: 15_000 }, { boardId: "b", intervalMs: 15_000 }])).toMatchObject({ upserted: 0, removed: 0 });
    expect(await reconcileScrapeSchedules(queue, [{ boardId: "a", intervalMs: 30_000 }])).toMatchObject({ targets: 1, upserted: 1, removed: 1, removedTargets: [{ boardId: "b" }] });
    expect(await keys()).toEqual([scrapeSchedulerId("a")]);
    expect((await queue.getJobSchedulers(0, -1))[0]?.every).toBe(30_000);
    // Nothing more is scheduled for the removed board (a first run already waiting is skipped by the job,
    // which finds no scrape target for it).
    const delayed = await queue.getJobs(["delayed"]);
    expect(delayed.filter((j) => j.repeatJobKey === scrapeSchedulerId("b"))).toEqual([]);
  });

  it("schedules each relay of a board as its own target", async () => {
    await reconcileScrapeSchedules(queue, [{ boardId: "a", intervalMs: 30_000, relays: ["app"] }]);
    expect(await keys()).toEqual([scrapeSchedulerId("a"), scrapeSchedulerId("a", "app")]);
    const relay = (await queue.getJobSchedulers(0, -1)).find((s) => s.key === scrapeSchedulerId("a", "app"));
    expect(relay?.template?.data).toEqual({ boardId: "a", relay: "app" });
    await reconcileScrapeSchedules(queue, [{ boardId: "a", intervalMs: 30_000 }]);
    expect(await keys()).toEqual([scrapeSchedulerId("a")]);
  });

  it("restarts a scheduler whose next run is overdue (a worker died before scheduling the next iteration)", async () => {
    const pendingOfA = async () => (await queue.getJobs(["delayed", "wait"])).filter((j) => j.repeatJobKey === scrapeSchedulerId("a"));
    // Seen from ten intervals later the scheduler looks stuck: it is restarted, and restarting a scheduler that
    // was in fact healthy must not double its next run.
    const [scheduler] = await queue.getJobSchedulers(0, -1);
    const later = Number(scheduler!.next) + 10 * 30_000;
    expect(await reconcileScrapeSchedules(queue, [{ boardId: "a", intervalMs: 30_000 }], later)).toMatchObject({ upserted: 1 });
    expect(await pendingOfA()).toHaveLength(1);
  });
});
