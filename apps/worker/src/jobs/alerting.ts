import { deliverNotification, evaluateRuleGroupOnce, flushNotifications } from "@boardwatch/api";
import { z } from "zod";
import { env } from "../env";
import { enqueueSend, EVALUATE_JOB, FLUSH_JOB, scheduleFlush, SEND_JOB } from "../scheduling/alerting-queue";
import { defineJob } from "./job";

/** Evaluates a rule group at its current slot (at most once per slot, whichever worker runs it). */
export const evaluateRuleGroupJob = defineJob({
  name: EVALUATE_JOB,
  schema: z.object({ groupId: z.string().min(1) }),
  attempts: 1,
  async handler({ groupId }, ctx) {
    const outcome = await evaluateRuleGroupOnce(ctx.db, groupId, Date.now(), { queryOffsetMs: env.RULE_QUERY_OFFSET_MS });
    if ("nextFlushMs" in outcome && outcome.nextFlushMs !== undefined) await scheduleFlush(ctx.rulesQueue, outcome.tenantId, outcome.nextFlushMs);
    return outcome;
  },
});

/** Flushes a tenant's due aggregation groups into the outbox and hands each notification to a sender. */
export const flushNotificationsJob = defineJob({
  name: FLUSH_JOB,
  schema: z.object({ tenantId: z.string().min(1) }),
  attempts: 3,
  async handler({ tenantId }, ctx) {
    const { notifications, nextFlushMs } = await flushNotifications(ctx.db, tenantId, Date.now());
    for (const id of notifications) await enqueueSend(ctx.rulesQueue, id);
    if (nextFlushMs !== undefined) await scheduleFlush(ctx.rulesQueue, tenantId, nextFlushMs);
    return { notifications: notifications.length, nextFlushMs };
  },
});

/** Posts one notification to Slack and logs it. */
export const sendNotificationJob = defineJob({
  name: SEND_JOB,
  schema: z.object({ id: z.string().min(1) }),
  attempts: 5,
  handler: ({ id }, ctx) => deliverNotification(ctx.db, id),
});
