import { alerting } from "@boardwatch/db";
import type { TenantContext } from "../context";

/** State changes of the tenant's alerts, newest first; of one alert when its fingerprint is given. */
export async function alertHistory(ctx: TenantContext, input: { fingerprint?: string; limit?: number }) {
  const rows = await alerting.listAlertEvents(ctx.db, ctx.tenant.id, input.fingerprint, input.limit ?? 100);
  return rows.map((e) => ({ id: String(e.id), alertname: e.alertname, fingerprint: e.fingerprint, labels: e.labels as Record<string, string>, state: e.state, value: e.value, at: e.at }));
}

/** The notification log as the UI lists it: what went to which contact point, and whether it arrived. */
export async function listNotifications(ctx: TenantContext, input: { limit?: number }) {
  const rows = await alerting.listNotifications(ctx.db, ctx.tenant.id, input.limit ?? 100);
  return rows.map((n) => ({ id: n.id, receiver: n.receiver, status: n.status, alerts: n.alerts, attempts: n.attempts, error: n.error, createdAt: n.createdAt, sentAt: n.sentAt }));
}
