import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";

/** A database handle or an open transaction: every function here works in either. */
type Tx = Db | Prisma.TransactionClient;

// ---- Rule groups ----------------------------------------------------------------------------------------

export function listRuleGroups(db: Tx, tenantId: string) {
  return db.ruleGroup.findMany({ where: { tenantId }, include: { state: true }, orderBy: [{ namespace: "asc" }, { name: "asc" }] });
}

export function findRuleGroup(db: Tx, id: string) {
  return db.ruleGroup.findUnique({ where: { id }, include: { state: true, tenant: { select: { slug: true } } } });
}

export function findRuleGroupByName(db: Tx, tenantId: string, namespace: string, name: string) {
  return db.ruleGroup.findUnique({ where: { tenantId_namespace_name: { tenantId, namespace, name } }, include: { state: true } });
}

/** Every group of every tenant with its interval: what the worker schedules. */
export function listAllRuleGroupSchedules(db: Tx) {
  return db.ruleGroup.findMany({ select: { id: true, intervalMs: true } });
}

export function upsertRuleGroup(db: Tx, data: { tenantId: string; namespace: string; name: string; intervalMs: number; source: string }) {
  const { tenantId, namespace, name } = data;
  return db.ruleGroup.upsert({
    where: { tenantId_namespace_name: { tenantId, namespace, name } },
    create: data,
    update: { intervalMs: data.intervalMs, source: data.source },
  });
}

export function deleteRuleGroups(db: Tx, tenantId: string, namespace: string, name?: string) {
  return db.ruleGroup.deleteMany({ where: { tenantId, namespace, ...(name !== undefined && { name }) } });
}

/**
 * Commits one evaluation's state unless an evaluation of the same or a later slot already committed (a stalled
 * job's retry racing the next run): returns false then, and the caller drops its results.
 */
export async function commitRuleGroupState(
  db: Tx,
  groupId: string,
  data: { evalTimeMs: number; state: Prisma.InputJsonValue; rules: Prisma.InputJsonValue },
): Promise<boolean> {
  const state = JSON.stringify(data.state);
  const rules = JSON.stringify(data.rules);
  const changed = await db.$executeRaw`
    INSERT INTO "rule_group_state" ("groupId", "lastEvalMs", "state", "rules", "updatedAt")
    VALUES (${groupId}, ${data.evalTimeMs}, ${state}::jsonb, ${rules}::jsonb, now())
    ON CONFLICT ("groupId") DO UPDATE SET "lastEvalMs" = EXCLUDED."lastEvalMs", "state" = EXCLUDED."state", "rules" = EXCLUDED."rules", "updatedAt" = now()
    WHERE "rule_group_state"."lastEvalMs" < EXCLUDED."lastEvalMs"`;
  return changed === 1;
}

export function insertAlertEvents(
  db: Tx,
  events: Array<{ tenantId: string; groupId: string; alertname: string; fingerprint: string; labels: Prisma.InputJsonValue; state: string; value: number; at: Date }>,
) {
  return db.alertEvent.createMany({ data: events });
}

export function listAlertEvents(db: Tx, tenantId: string, fingerprint: string | undefined, limit: number) {
  return db.alertEvent.findMany({ where: { tenantId, ...(fingerprint && { fingerprint }) }, orderBy: { at: "desc" }, take: limit });
}

// ---- Alertmanager ---------------------------------------------------------------------------------------

export function findAlertmanagerConfig(db: Tx, tenantId: string) {
  return db.alertmanagerConfig.findUnique({ where: { tenantId } });
}

export function saveAlertmanagerConfig(db: Tx, tenantId: string, sealed: string, updatedById: string | null) {
  return db.alertmanagerConfig.upsert({ where: { tenantId }, create: { tenantId, sealed, updatedById }, update: { sealed, updatedById } });
}

export function deleteAlertmanagerConfig(db: Tx, tenantId: string) {
  return db.alertmanagerConfig.deleteMany({ where: { tenantId } });
}

/** The dispatcher snapshot of a tenant, row-locked until the transaction ends: dispatching is serial per tenant. */
export async function lockAlertmanagerState(tx: Prisma.TransactionClient, tenantId: string): Promise<unknown> {
  await tx.$executeRaw`INSERT INTO "alertmanager_state" ("tenantId", "snapshot", "updatedAt") VALUES (${tenantId}, '{"groups":[]}'::jsonb, now()) ON CONFLICT DO NOTHING`;
  const rows = await tx.$queryRaw<Array<{ snapshot: unknown }>>`SELECT "snapshot" FROM "alertmanager_state" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
  return rows[0]?.snapshot;
}

export function saveAlertmanagerState(db: Tx, tenantId: string, snapshot: Prisma.InputJsonValue) {
  return db.alertmanagerState.update({ where: { tenantId }, data: { snapshot } });
}

export function listAlertmanagerStates(db: Tx) {
  return db.alertmanagerState.findMany({ select: { tenantId: true, snapshot: true } });
}

// ---- Silences -------------------------------------------------------------------------------------------

export function listSilences(db: Tx, tenantId: string, activeAt?: Date) {
  return db.silence.findMany({
    where: { tenantId, ...(activeAt && { startsAt: { lte: activeAt }, endsAt: { gt: activeAt } }) },
    orderBy: [{ endsAt: "desc" }],
    take: 500,
  });
}

export function insertSilence(db: Tx, data: { tenantId: string; matchers: string; startsAt: Date; endsAt: Date; createdBy: string; comment: string }) {
  return db.silence.create({ data });
}

export function expireSilence(db: Tx, tenantId: string, id: string, at: Date) {
  return db.silence.updateMany({ where: { id, tenantId, endsAt: { gt: at } }, data: { endsAt: at } });
}

export function findSilence(db: Tx, tenantId: string, id: string) {
  return db.silence.findFirst({ where: { id, tenantId } });
}

// ---- Notification log and outbox -----------------------------------------------------------------------

export function findNotificationLogEntry(db: Tx, tenantId: string, groupKey: string, receiver: string, integration: number) {
  return db.notificationLogEntry.findUnique({ where: { tenantId_groupKey_receiver_integration: { tenantId, groupKey, receiver, integration } } });
}

export function saveNotificationLogEntry(
  db: Tx,
  e: { tenantId: string; groupKey: string; receiver: string; integration: number; firing: string[]; resolved: string[]; timestampMs: number; idempotencyKey: string },
) {
  const { tenantId, groupKey, receiver, integration } = e;
  const data = { firing: e.firing, resolved: e.resolved, timestampMs: e.timestampMs, idempotencyKey: e.idempotencyKey };
  return db.notificationLogEntry.upsert({
    where: { tenantId_groupKey_receiver_integration: { tenantId, groupKey, receiver, integration } },
    create: { tenantId, groupKey, receiver, integration, ...data },
    update: data,
  });
}

/** Adds a notification to the outbox; a second flush computing the same one (same key) adds nothing. */
export async function enqueueNotification(
  db: Tx,
  n: { id: string; tenantId: string; groupKey: string; receiver: string; integration: number; status: string; payload: Prisma.InputJsonValue; alerts: number },
) {
  await db.notification.createMany({ data: [n], skipDuplicates: true });
}

/** Whether an earlier notification of this group and integration is still being delivered. */
export function hasNotificationInFlight(db: Tx, tenantId: string, groupKey: string, receiver: string, integration: number) {
  return db.notification.count({ where: { tenantId, groupKey, receiver, integration, sentAt: null, abandonedAt: null } }).then((n) => n > 0);
}

export function findNotification(db: Tx, id: string) {
  return db.notification.findUnique({ where: { id } });
}

export function isNotificationSent(db: Tx, id: string) {
  return db.notification.count({ where: { id, sentAt: { not: null } } }).then((n) => n > 0);
}

export function markNotificationSent(db: Tx, id: string, attempts: number, at: Date) {
  return db.notification.update({ where: { id }, data: { sentAt: at, attempts: { increment: attempts }, error: null } });
}

/** Records a failed attempt; `abandon` when it will not be retried (Slack refused it, or attempts ran out). */
export function markNotificationFailed(db: Tx, id: string, attempts: number, error: string, abandon: boolean) {
  return db.notification.update({ where: { id }, data: { attempts: { increment: attempts }, error, ...(abandon && { abandonedAt: new Date() }) } });
}

/** Notifications written but not yet delivered since before `olderThan`: a crashed deliverer's leftovers. */
export function listUndeliveredNotifications(db: Tx, olderThan: Date) {
  return db.notification.findMany({ where: { sentAt: null, abandonedAt: null, createdAt: { lt: olderThan } }, select: { id: true }, take: 1000 });
}

export function listNotifications(db: Tx, tenantId: string, limit: number) {
  return db.notification.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, take: limit });
}
