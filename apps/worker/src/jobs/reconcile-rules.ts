import { pendingDeliveryWork } from "@boardwatch/api";
import { alerting } from "@boardwatch/db";
import { z } from "zod";
import { enqueueSend, reconcileRuleSchedules, scheduleFlush } from "../scheduling/alerting-queue";
import { withRedisLock } from "../scheduling/redis-lock";
import { defineJob } from "./job";

/**
 * Brings rule evaluation schedules in line with the rule groups in the database, and restarts delivery work a
 * killed worker left: undelivered outbox entries and dispatcher flushes nobody scheduled. Single-flight.
 */
export const reconcileRulesJob = defineJob({
  name: "reconcile-rules",
  schema: z.object({}).strict(),
  attempts: 1,
  async handler(_payload, ctx) {
    const result = await withRedisLock(ctx.redis, `${ctx.keyPrefix}:lock:reconcile-rules`, 60_000, async () => {
      const now = Date.now();
      const schedules = await reconcileRuleSchedules(ctx.rulesQueue, await alerting.listAllRuleGroupSchedules(ctx.db), now);
      const { undelivered, flushes } = await pendingDeliveryWork(ctx.db, now);
      for (const id of undelivered) await enqueueSend(ctx.rulesQueue, id);
      for (const f of flushes) await scheduleFlush(ctx.rulesQueue, f.tenantId, f.atMs, now);
      return { ...schedules, resent: undelivered.length, flushes: flushes.length };
    });
    return result ?? { skipped: "another worker is reconciling" };
  },
});
