import { randomBytes } from "node:crypto";
import { BUILTIN_UIDS, builtinDashboard, builtinDashboards, dashboardSchema, slugify, type Dashboard } from "@boardwatch/dashboards";
import { dashboards, type Prisma } from "@boardwatch/db";
import { AppError } from "../../errors";
import { hasRole, requireRole } from "../../lib/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";

const UID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A short random uid like Grafana's (14 characters, ~83 bits). */
export function newDashboardUid(): string {
  return [...randomBytes(14)].map((b) => UID_ALPHABET[b % UID_ALPHABET.length]).join("");
}

/** Built-in uids (and their `bw-` prefix) are reserved: stored dashboards never take them. */
export function isReservedUid(uid: string): boolean {
  return uid.startsWith("bw-");
}

export function dashboardUrl(tenantSlug: string, uid: string): string {
  return `/t/${tenantSlug}/dashboards/${uid}`;
}

type Row = NonNullable<Awaited<ReturnType<typeof dashboards.findDashboard>>>;

function present(ctx: TenantContext, row: Row) {
  return {
    uid: row.uid, title: row.title, slug: row.slug, tags: row.tags, version: row.version, builtIn: false,
    canEdit: hasRole(ctx.role, "EDITOR"), url: dashboardUrl(ctx.tenant.slug, row.uid),
    createdAt: row.createdAt, updatedAt: row.updatedAt, updatedBy: row.updatedBy,
    dashboard: dashboardSchema.parse(row.model),
  };
}

function presentBuiltin(ctx: TenantContext, uid: string, dashboard: Dashboard) {
  return {
    uid, title: dashboard.title, slug: slugify(dashboard.title), tags: dashboard.tags, version: 1, builtIn: true, canEdit: false,
    url: dashboardUrl(ctx.tenant.slug, uid), createdAt: null, updatedAt: null, updatedBy: "Boardwatch", dashboard,
  };
}

/** Built-ins first, then the tenant's dashboards; `search` matches titles and tags. */
export async function listDashboards(ctx: TenantContext, input: { search?: string }) {
  const search = input.search?.trim().toLowerCase() ?? "";
  const builtins = builtinDashboards()
    .filter(({ dashboard }) => !search || dashboard.title.toLowerCase().includes(search) || dashboard.tags.some((t) => t.toLowerCase().includes(search)))
    .map(({ uid, dashboard }) => ({ uid, title: dashboard.title, tags: dashboard.tags, version: 1, builtIn: true, updatedAt: null, updatedBy: "Boardwatch", url: dashboardUrl(ctx.tenant.slug, uid) }));
  const rows = await dashboards.listDashboards(ctx.db, ctx.tenant.id, { search: input.search });
  return [
    ...builtins,
    ...rows.map((r) => ({ uid: r.uid, title: r.title, tags: r.tags, version: r.version, builtIn: false, updatedAt: r.updatedAt as Date | null, updatedBy: r.updatedBy, url: dashboardUrl(ctx.tenant.slug, r.uid) })),
  ];
}

export async function findStoredOrThrow(ctx: TenantContext, uid: string) {
  const row = await dashboards.findDashboard(ctx.db, ctx.tenant.id, uid);
  if (!row) throw new AppError("NOT_FOUND", "no such dashboard in this tenant", "uid");
  return row;
}

/** One dashboard with its model: a built-in or one of the tenant's. */
export async function getDashboard(ctx: TenantContext, input: { uid: string }) {
  const builtin = builtinDashboard(input.uid);
  if (builtin) return presentBuiltin(ctx, input.uid, builtin);
  return present(ctx, await findStoredOrThrow(ctx, input.uid));
}

function writeOf(ctx: TenantContext, dashboard: Dashboard, message: string) {
  return {
    title: dashboard.title, slug: slugify(dashboard.title), tags: dashboard.tags, model: dashboard as unknown as Prisma.InputJsonValue,
    message, actorUserId: ctx.actor.userId, actor: ctx.actor.label,
  };
}

/** Stores a new dashboard (version 1) under a fresh uid, or `uid` when given and free. */
export async function createDashboard(ctx: TenantContext, input: { dashboard: Dashboard; uid?: string; message?: string }, audit: { action: string; metadata?: Prisma.InputJsonValue } = { action: "dashboard.create" }) {
  requireRole(ctx.role, "EDITOR", "creating dashboards");
  const uid = input.uid && !isReservedUid(input.uid) ? input.uid : newDashboardUid();
  const row = await dashboards.createDashboard(ctx.db, ctx.tenant.id, uid, writeOf(ctx, input.dashboard, input.message ?? "created")).catch((error: unknown) => {
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", `a dashboard with uid "${uid}" already exists`, "uid");
    throw error;
  });
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: audit.action, target: row.title, metadata: { uid, ...(audit.metadata as object) } });
  return present(ctx, row);
}

/**
 * Saves an edited dashboard as a new version. `version` is the one the editor started from: if someone else
 * saved in between, nothing is stored and the caller is told to reload (no silent overwrite).
 */
export async function saveDashboard(ctx: TenantContext, input: { uid: string; dashboard: Dashboard; version?: number; message?: string }) {
  requireRole(ctx.role, "EDITOR", "editing dashboards");
  if (builtinDashboard(input.uid)) throw new AppError("FORBIDDEN", "built-in dashboards are read-only; duplicate it to change it", "uid");
  await findStoredOrThrow(ctx, input.uid);
  const row = await dashboards.saveDashboardVersion(ctx.db, ctx.tenant.id, input.uid, { ...writeOf(ctx, input.dashboard, input.message ?? ""), expectedVersion: input.version });
  if (!row) throw new AppError("CONFLICT", "someone saved this dashboard after you opened it; reload to see their changes", "version");
  return present(ctx, row);
}

/** Deletes a dashboard with its versions; editors and up. */
export async function deleteDashboard(ctx: TenantContext, input: { uid: string }) {
  requireRole(ctx.role, "EDITOR", "deleting dashboards");
  if (builtinDashboard(input.uid)) throw new AppError("FORBIDDEN", "built-in dashboards cannot be deleted", "uid");
  const row = await findStoredOrThrow(ctx, input.uid);
  await dashboards.deleteDashboard(ctx.db, ctx.tenant.id, row.uid);
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "dashboard.delete", target: row.title, metadata: { uid: row.uid } });
  return { uid: row.uid };
}

/** Copies a dashboard (a built-in too) under a new uid and title. */
export async function duplicateDashboard(ctx: TenantContext, input: { uid: string; title?: string }) {
  requireRole(ctx.role, "EDITOR", "creating dashboards");
  const source = await getDashboard(ctx, { uid: input.uid });
  const title = input.title ?? `${source.title} (copy)`.slice(0, 200);
  const tags = source.builtIn ? source.dashboard.tags.filter((t) => t !== "built-in") : source.dashboard.tags;
  return createDashboard(ctx, { dashboard: { ...source.dashboard, title, tags }, message: `copied from ${source.title}` }, { action: "dashboard.create", metadata: { copiedFrom: source.uid } });
}

export { BUILTIN_UIDS };
