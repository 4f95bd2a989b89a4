import { builtinDashboard, importDashboardJson } from "@boardwatch/dashboards";
import { dashboards, type Db } from "@boardwatch/db";
import { authenticateApiToken } from "../api-tokens/api-tokens";
import { AppError } from "../../errors";
import { requireRole } from "../../lib/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { createDashboard, isReservedUid, saveDashboard } from "./dashboards";

/**
 * Imports a dashboard JSON document: ours, a Grafana dashboard, or Grafana's `{ "dashboard": …, "overwrite" }`.
 * A document whose uid exists replaces that dashboard (as a new version) only with `overwrite`; otherwise it is
 * a conflict. Returns what could not be mapped from Grafana as `warnings`.
 */
export async function importDashboard(ctx: TenantContext, input: { json: unknown; overwrite?: boolean }) {
  requireRole(ctx.role, "EDITOR", "importing dashboards");
  const doc = input.json as Record<string, unknown> | null;
  const overwrite = input.overwrite ?? (typeof doc === "object" && doc !== null && doc.overwrite === true);
  const parsed = importDashboardJson(input.json);
  if (!parsed.ok) throw new AppError("BAD_REQUEST", parsed.error.slice(parsed.error.startsWith(`${parsed.field}: `) ? parsed.field.length + 2 : 0), parsed.field);
  const { dashboard, uid, source, warnings } = parsed.value;
  const metadata = { source, warnings: warnings.length };
  const wanted = uid && !isReservedUid(uid) && !builtinDashboard(uid) ? uid : undefined;
  const existing = wanted ? await dashboards.findDashboard(ctx.db, ctx.tenant.id, wanted) : null;
  let saved;
  if (existing) {
    if (!overwrite) throw new AppError("CONFLICT", `a dashboard with uid "${wanted}" already exists; import with "overwrite": true to replace it`, "uid");
    saved = await saveDashboard(ctx, { uid: existing.uid, dashboard, message: `imported (${source})` });
    await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "dashboard.import", target: saved.title, metadata: { uid: saved.uid, ...metadata, overwrite: true } });
  } else {
    saved = await createDashboard(ctx, { dashboard, uid: wanted, message: `imported (${source})` }, { action: "dashboard.import", metadata });
  }
  return { id: saved.uid, uid: saved.uid, url: saved.url, version: saved.version, title: saved.title, warnings };
}

/**
 * Dashboards as code: a tenant API token with write scope acts as an editor of its tenant (a read-only token
 * is refused with FORBIDDEN, an unknown one with UNAUTHORIZED).
 */
export async function tokenTenantContext(ctx: { db: Db; ip?: string | null }, token: string): Promise<TenantContext> {
  const { tenant, prefix } = await authenticateApiToken(ctx, token, "WRITE");
  return {
    db: ctx.db,
    actor: { userId: null, label: `token:${prefix}`, ip: ctx.ip ?? null },
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    role: "EDITOR",
  };
}

/** An import authenticated by a write-scoped tenant API token. */
export async function importDashboardWithToken(ctx: { db: Db; ip?: string | null }, token: string, input: { json: unknown; overwrite?: boolean }) {
  return importDashboard(await tokenTenantContext(ctx, token), input);
}
