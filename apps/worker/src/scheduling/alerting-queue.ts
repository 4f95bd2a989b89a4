import { groupEvalOffset } from "@boardwatch/alerting";
import type { Queue } from "bullmq";

export const EVALUATE_JOB = "evaluate-rule-group";
export const FLUSH_JOB = "flush-notifications";
export const SEND_JOB = "send-notification";

const RULES_SCHEDULER = "rules-";

/** BullMQ job ids may not contain ":"; ours are deterministic so that adding the same work twice adds it once. */
const jobId = (...parts: Array<string | number>) => parts.join("-").replaceAll(":", "_");

/** Runs a tenant's dispatcher flush at `atMs`; every caller asking for the same time gets one job. */
export async function scheduleFlush(queue: Queue, tenantId: string, atMs: number, nowMs = Date.now()) {
  await queue.add(FLUSH_JOB, { tenantId }, { jobId: jobId("flush", tenantId, atMs), delay: Math.max(0, atMs - nowMs), removeOnComplete: true, removeOnFail: 100 });
}

/** Delivers one outbox notification; retried with backoff when Slack keeps failing after the sender's own retries. */
export async function enqueueSend(queue: Queue, id: string) {
  await queue.add(SEND_JOB, { id }, { jobId: jobId("send", id), attempts: 5, backoff: { type: "exponential", delay: 10_000 }, removeOnComplete: true, removeOnFail: 1000 });
}

/**
 * One job scheduler per rule group, firing at the group's aligned slots (multiples of the interval since the
 * epoch plus an offset that spreads groups over the interval, like Prometheus), so each run evaluates the slot
 * that has just begun. Schedulers of deleted groups are removed;
 * an overdue one (its chain broken by a killed worker) is restarted, as for scrapes.
 */
export async function reconcileRuleSchedules(queue: Queue, groups: Array<{ id: string; intervalMs: number }>, nowMs = Date.now()) {
  const existing = new Map((await queue.getJobSchedulers(0, -1)).filter((s) => s.key.startsWith(RULES_SCHEDULER)).map((s) => [s.key, s]));
  let removed = 0;
  let upserted = 0;
  const wanted = new Set(groups.map((g) => RULES_SCHEDULER + g.id));
  for (const key of existing.keys()) {
    if (!wanted.has(key)) {
      await queue.removeJobScheduler(key);
      removed++;
    }
  }
  for (const g of groups) {
    const key = RULES_SCHEDULER + g.id;
    const current = existing.get(key);
    const healthy = current?.next !== undefined && Number(current.next) > nowMs - 2 * g.intervalMs;
    if (Number(current?.every) === g.intervalMs && healthy) continue;
    // BullMQ aligns an `every` scheduler to its offset only when the offset is positive; at 0 it would start
    // now, so the first slot is given explicitly.
    const offset = groupEvalOffset(g.id, g.intervalMs);
    await queue.upsertJobScheduler(
      key,
      offset > 0 ? { every: g.intervalMs, offset } : { every: g.intervalMs, startDate: Math.ceil(nowMs / g.intervalMs) * g.intervalMs },
      { name: EVALUATE_JOB, data: { groupId: g.id }, opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
    upserted++;
  }
  return { groups: groups.length, upserted, removed };
}
