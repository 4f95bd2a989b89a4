import { z } from "zod";
import { idInput } from "../schemas";
import { deleteContactPoint, getDeliverySettings, saveContactPoint, savePolicy } from "../services/alerting/alertmanager-config";
import { sendTestMessage } from "../services/alerting/delivery";
import { alertHistory, listNotifications } from "../services/alerting/history";
import { deleteRuleGroup, importRuleFile, listRuleGroupsWithStatus, saveAlertRule, setRuleGroup } from "../services/alerting/rule-groups";
import { createSilence, expireSilence, listSilences } from "../services/alerting/silences";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const namespace = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const yaml = z.string().min(1, "must not be empty").max(1024 * 1024, "must be at most 1 MiB");
const receiverName = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").regex(/^[A-Za-z0-9 _.-]+$/, "must be letters, digits, spaces, _ . or -");
const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, "must be a duration like 30s, 5m or 4h");
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$|^\.\.\.$/, "must be a label name or ...");

export const alertingRouter = createTRPCRouter({
  ruleGroups: tenantProcedure.query(({ ctx }) => listRuleGroupsWithStatus(ctx.scope)),
  setRuleGroup: tenantProcedure.input(z.object({ namespace, yaml })).mutation(({ ctx, input }) => setRuleGroup(ctx.scope, input)),
  importRuleFile: tenantProcedure.input(z.object({ namespace, yaml })).mutation(({ ctx, input }) => importRuleFile(ctx.scope, input)),
  saveRule: tenantProcedure
    .input(
      z.object({
        namespace,
        group: z.string().trim().min(1, "must not be empty").max(200),
        interval: duration.optional(),
        originalName: z.string().max(200).optional(),
        rule: z.object({
          alert: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "must be a valid metric name (letters, digits, _ and :)"),
          expr: z.string().trim().min(1, "must not be empty").max(10_000),
          for: duration.optional(),
          keepFiringFor: duration.optional(),
          labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "label names must match [a-zA-Z_][a-zA-Z0-9_]*"), z.string().max(1000)),
          annotations: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "annotation names must match [a-zA-Z_][a-zA-Z0-9_]*"), z.string().max(10_000)),
        }),
      }),
    )
    .mutation(({ ctx, input }) => saveAlertRule(ctx.scope, input)),
  deleteRuleGroup: tenantProcedure.input(z.object({ namespace, name: z.string().min(1).max(200) })).mutation(({ ctx, input }) => deleteRuleGroup(ctx.scope, input)),
  history: tenantProcedure
    .input(z.object({ fingerprint: z.string().regex(/^[0-9a-f]{16}$/, "must be an alert fingerprint").optional(), limit: z.number().int().min(1).max(1000).optional() }))
    .query(({ ctx, input }) => alertHistory(ctx.scope, input)),
  notifications: tenantProcedure.input(z.object({ limit: z.number().int().min(1).max(1000).optional() })).query(({ ctx, input }) => listNotifications(ctx.scope, input)),
  delivery: tenantProcedure.query(({ ctx }) => getDeliverySettings(ctx.scope)),
  saveContactPoint: tenantProcedure
    .input(
      z.object({
        name: receiverName,
        webhookUrl: z.string().url("must be an http(s) URL").regex(/^https?:\/\//, "must be an http(s) URL").max(2000).optional(),
        channel: z.string().max(80).optional(),
        sendResolved: z.boolean(),
        title: z.string().max(2000).optional(),
        text: z.string().max(10_000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => saveContactPoint(ctx.scope, input)),
  deleteContactPoint: tenantProcedure.input(z.object({ name: receiverName })).mutation(({ ctx, input }) => deleteContactPoint(ctx.scope, input)),
  sendTestMessage: tenantProcedure.input(z.object({ name: receiverName })).mutation(({ ctx, input }) => sendTestMessage(ctx.scope, input)),
  savePolicy: tenantProcedure
    .input(
      z.object({
        receiver: receiverName,
        groupBy: z.array(labelName).max(20),
        groupWait: duration,
        groupInterval: duration,
        repeatInterval: duration,
        routes: z.array(z.object({ matchers: z.array(z.string().min(1).max(500)).min(1, "a route needs at least one matcher").max(20), receiver: receiverName, continue: z.boolean() })).max(50),
      }),
    )
    .mutation(({ ctx, input }) => savePolicy(ctx.scope, input)),
  silences: tenantProcedure.query(({ ctx }) => listSilences(ctx.scope)),
  createSilence: tenantProcedure
    .input(z.object({ matchers: z.string().min(1, "must not be empty").max(2000), startsAt: z.date().optional(), endsAt: z.date(), comment: z.string().trim().min(1, "must not be empty").max(1000) }))
    .mutation(({ ctx, input }) => createSilence(ctx.scope, input)),
  expireSilence: tenantProcedure.input(z.object({ id: idInput })).mutation(({ ctx, input }) => expireSilence(ctx.scope, input)),
});
