import { builtinDashboard, dashboardSchema } from "@boardwatch/dashboards";
import { dashboards, type Prisma } from "@boardwatch/db";
import { AppError } from "../../errors";
import { requireRole } from "../../lib/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { findStoredOrThrow, saveDashboard } from "./dashboards";

/** Every saved version of a dashboard, newest first. */
export async function listDashboardVersions(ctx: TenantContext, input: { uid: string }) {
  if (builtinDashboard(input.uid)) return [];
  const row = await findStoredOrThrow(ctx, input.uid);
  return dashboards.listDashboardVersions(ctx.db, ctx.tenant.id, row.id);
}

/** Restores an old version by saving it as the newest one: history only ever grows. */
export async function restoreDashboardVersion(ctx: TenantContext, input: { uid: string; version: number }) {
  requireRole(ctx.role, "EDITOR", "restoring dashboard versions");
  const row = await findStoredOrThrow(ctx, input.uid);
  const old = await dashboards.findDashboardVersion(ctx.db, ctx.tenant.id, row.id, input.version);
  if (!old) throw new AppError("NOT_FOUND", `this dashboard has no version ${input.version}`, "version");
  const restored = await saveDashboard(ctx, { uid: row.uid, dashboard: dashboardSchema.parse(old.model), message: `restored version ${input.version}` });
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "dashboard.restore", target: row.title, metadata: { uid: row.uid, version: input.version, newVersion: restored.version } as Prisma.InputJsonValue });
  return restored;
}
