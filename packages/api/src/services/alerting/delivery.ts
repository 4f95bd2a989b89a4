import {
  buildSlackMessage,
  Dispatcher,
  fingerprint,
  sendSlack,
  SlackDeliveryError,
  type AlertmanagerConfig,
  type DispatcherSnapshot,
  type Notification,
  type NotificationLog,
  type SlackSendOptions,
} from "@boardwatch/alerting";
import { alerting, type Db, type Prisma } from "@boardwatch/db";
import { publicUrl } from "../../env";
import { AppError } from "../../errors";
import { requireRole } from "../../lib/roles";
import type { TenantContext } from "../context";
import { loadAlertmanagerConfig } from "./alertmanager-config";
import { activeSilences } from "./silences";

type Tx = Prisma.TransactionClient;

/** Alertmanager's notification log over the tenant's rows, inside the dispatcher's transaction. */
function notificationLog(tx: Tx, tenantId: string): NotificationLog {
  return {
    async get(groupKey, receiver, integration) {
      const e = await alerting.findNotificationLogEntry(tx, tenantId, groupKey, receiver, integration);
      return e ? { ...e, timestampMs: Number(e.timestampMs) } : undefined;
    },
    record: async (entry) => void (await alerting.saveNotificationLogEntry(tx, { tenantId, ...entry })),
    has: (key) => alerting.isNotificationSent(tx, key),
  };
}

/**
 * Runs `fn` on the tenant's dispatcher inside a transaction holding its state row, and saves the state it leaves:
 * every change to a tenant's aggregation groups goes through here, one at a time.
 */
export async function withDispatcher<T>(
  db: Db,
  tenantId: string,
  fn: (dispatcher: Dispatcher, tx: Tx) => Promise<T>,
  config?: AlertmanagerConfig,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const snapshot = (await alerting.lockAlertmanagerState(tx, tenantId)) as DispatcherSnapshot;
    const dispatcher = new Dispatcher(config ?? (await loadAlertmanagerConfig(tx, tenantId)), snapshot);
    const result = await fn(dispatcher, tx);
    await alerting.saveAlertmanagerState(tx, tenantId, dispatcher.snapshot() as unknown as Prisma.InputJsonValue);
    return result;
  });
}

/** Notifications carry no webhook URL in the outbox: the deliverer looks it up in the current configuration. */
function withoutSecret(n: Notification): Notification {
  return { ...n, slack: { ...n.slack, apiURL: "" } };
}

/**
 * Flushes the tenant's due aggregation groups: the notifications that must go out are written to the outbox in
 * the same transaction that advances the dispatcher's timers, so none is lost and none is computed twice.
 */
export async function flushNotifications(db: Db, tenantId: string, nowMs: number): Promise<{ notifications: string[]; nextFlushMs: number | undefined }> {
  return withDispatcher(db, tenantId, async (dispatcher, tx) => {
    const log = notificationLog(tx, tenantId);
    const due = await dispatcher.due(nowMs, { silences: await activeSilences(tx, tenantId, new Date(nowMs)), log });
    const ids: string[] = [];
    for (const n of due) {
      if (await log.has(n.idempotencyKey)) continue;
      // The group's previous message is still on its way: the next flush after it is logged sends what changed.
      if (await alerting.hasNotificationInFlight(tx, tenantId, n.groupKey, n.receiver, n.integration)) continue;
      const payload = withoutSecret(n) as unknown as Prisma.InputJsonValue;
      const { groupKey, receiver, integration, status } = n;
      await alerting.enqueueNotification(tx, { id: n.idempotencyKey, tenantId, groupKey, receiver, integration, status, payload, alerts: n.firing.length + n.resolved.length });
      ids.push(n.idempotencyKey);
    }
    return { notifications: ids, nextFlushMs: dispatcher.nextFlushMs() };
  });
}

/** Attempts (HTTP requests) after which a notification is abandoned, so its group can notify again. */
export const MAX_DELIVERY_ATTEMPTS = 20;

export type DeliveryOutcome = { skipped: string } | { sent: string; attempts: number };

/**
 * Sends one notification from the outbox to Slack (retrying 5xx and honouring 429 Retry-After), then records it in
 * the notification log under the dispatcher's lock. A notification already marked sent is never sent again.
 */
export async function deliverNotification(db: Db, id: string, o: SlackSendOptions = {}): Promise<DeliveryOutcome> {
  const row = await alerting.findNotification(db, id);
  if (!row) return { skipped: "unknown notification" };
  if (row.sentAt) return { skipped: "already sent" };
  if (row.abandonedAt) return { skipped: "abandoned" };
  const n = row.payload as unknown as Notification;
  const config = await loadAlertmanagerConfig(db, row.tenantId);
  const slack = config.receivers.find((r) => r.name === n.receiver)?.slackConfigs[n.integration];
  if (!slack) {
    await alerting.markNotificationFailed(db, id, 0, `receiver ${n.receiver} has no integration ${n.integration} any more`, true);
    return { skipped: "receiver removed" };
  }
  const tenant = await db.tenant.findUnique({ where: { id: row.tenantId }, select: { slug: true } });
  const message = buildSlackMessage({ ...n, slack }, { linkBase: `${publicUrl}/t/${tenant?.slug ?? ""}` });
  let attempts: number;
  try {
    attempts = await sendSlack(slack.apiURL, message, o);
  } catch (e) {
    const failed = e instanceof SlackDeliveryError ? e.attempts : 1;
    // A 4xx other than 429 will not get better by retrying; nor will anything after MAX_DELIVERY_ATTEMPTS.
    const permanent = e instanceof SlackDeliveryError && e.status !== undefined && e.status < 500 && e.status !== 429;
    await alerting.markNotificationFailed(db, id, failed, (e as Error).message, permanent || row.attempts + failed >= MAX_DELIVERY_ATTEMPTS);
    throw e;
  }
  await withDispatcher(
    db,
    row.tenantId,
    async (dispatcher, tx) => {
      await dispatcher.markSent(n, notificationLog(tx, row.tenantId));
      await alerting.markNotificationSent(tx, id, attempts, new Date());
    },
    config,
  );
  return { sent: id, attempts };
}

/** Outbox entries a crashed worker left, and tenants whose dispatcher has groups waiting: what reconciliation restarts. */
export async function pendingDeliveryWork(db: Db, nowMs: number) {
  const undelivered = (await alerting.listUndeliveredNotifications(db, new Date(nowMs - 30_000))).map((n) => n.id);
  const flushes = (await alerting.listAlertmanagerStates(db)).flatMap(({ tenantId, snapshot }) => {
    const times = ((snapshot as unknown as DispatcherSnapshot).groups ?? []).map((g) => g.nextFlushMs);
    return times.length > 0 ? [{ tenantId, atMs: Math.min(...times) }] : [];
  });
  return { undelivered, flushes };
}

/** "Send test message": a synthetic firing alert to a contact point, straight from the server. */
export async function sendTestMessage(ctx: TenantContext, input: { name: string }) {
  requireRole(ctx.role, "EDITOR", "sending test messages");
  const config = await loadAlertmanagerConfig(ctx.db, ctx.tenant.id);
  const receiver = config.receivers.find((r) => r.name === input.name);
  if (!receiver || receiver.slackConfigs.length === 0) throw new AppError("NOT_FOUND", `no Slack contact point "${input.name}"`, "name");
  const now = Date.now();
  const labels = { alertname: "TestAlert", severity: "info", instance: "boardwatch-test" };
  const alert = { labels, annotations: { summary: "This is a test notification from Boardwatch", description: `Contact point ${receiver.name} works.` }, startsAtMs: now, endsAtMs: now + 300_000, generatorURL: `${publicUrl}/t/${ctx.tenant.slug}/alerting`, value: 1 };
  for (const [integration, slack] of receiver.slackConfigs.entries()) {
    const n: Notification = {
      idempotencyKey: `test:${now}`, groupKey: "test", receiver: receiver.name, integration, slack, status: "firing", groupLabels: { alertname: "TestAlert" },
      commonLabels: labels, commonAnnotations: alert.annotations, firing: [alert], resolved: [], timestampMs: now, loggedResolved: [],
    };
    try {
      await sendSlack(slack.apiURL, buildSlackMessage(n, { linkBase: `${publicUrl}/t/${ctx.tenant.slug}` }), { maxAttempts: 2, timeoutMs: 5000 });
    } catch (e) {
      throw new AppError("UNPROCESSABLE", `Slack did not accept the test message: ${(e as Error).message}`, "name");
    }
  }
  return { sent: receiver.slackConfigs.length, fingerprint: fingerprint(labels) };
}
