import type { Queue } from "bullmq";
import type { Redis } from "ioredis";

export const SCRAPE_JOB = "scrape";

/**
 * The job scheduler id of one scrape target: the board's own metrics, or one of its relays. Deterministic, so
 * concurrent reconcilers converge on the same set.
 */
export const scrapeSchedulerId = (boardId: string, relay?: string) => (relay ? `scrape:${boardId}:${relay}` : `scrape:${boardId}`);

/**
 * Whether a target's scheduler exists: one ZSCORE on the queue's set of schedulers (BullMQ's `getJobScheduler`
 * also reads and parses the scheduler's template). Every scrape asks, so it goes through the jobs' auto-pipelined
 * connection.
 */
export async function scrapeScheduled(redis: Redis, queue: Queue, boardId: string, relay?: string): Promise<boolean> {
  return (await redis.zscore(queue.keys.repeat as string, scrapeSchedulerId(boardId, relay))) !== null;
}

/**
 * Upserts one scheduler per target and removes schedulers of boards that are gone (deleted, switched to push,
 * credential revoked). A healthy scheduler with an unchanged interval is left alone so its cadence does not
 * jump. One whose next run is overdue is restarted: BullMQ adds the next iteration only after a worker picked
 * up the current one, so a worker killed in between breaks the chain until its stalled job is recovered.
 */
export async function reconcileScrapeSchedules(
  queue: Queue,
  targets: Array<{ boardId: string; intervalMs: number; relays?: string[] }>,
  nowMs = Date.now(),
) {
  const wanted = new Map<string, { boardId: string; relay?: string; intervalMs: number }>();
  for (const t of targets) {
    wanted.set(scrapeSchedulerId(t.boardId), t);
    for (const relay of t.relays ?? []) wanted.set(scrapeSchedulerId(t.boardId, relay), { ...t, relay });
  }
  const existing = new Map((await queue.getJobSchedulers(0, -1)).map((s) => [s.key, s]));
  const removedTargets: Array<{ boardId: string; relay?: string }> = [];
  let upserted = 0;
  for (const [key, scheduler] of existing) {
    if (!wanted.has(key)) {
      await queue.removeJobScheduler(key);
      removedTargets.push(scheduler.template?.data as { boardId: string; relay?: string });
    }
  }
  for (const [key, target] of wanted) {
    const current = existing.get(key);
    const healthy = current?.next !== undefined && Number(current.next) > nowMs - 2 * target.intervalMs;
    if (Number(current?.every) === target.intervalMs && healthy) continue;
    await queue.upsertJobScheduler(
      key,
      { every: target.intervalMs },
      {
        name: SCRAPE_JOB,
        data: target.relay ? { boardId: target.boardId, relay: target.relay } : { boardId: target.boardId },
        opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
      },
    );
    upserted++;
  }
  return { targets: wanted.size, upserted, removed: removedTargets.length, removedTargets };
}
