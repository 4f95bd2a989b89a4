import { auditEvents, memberships } from "@boardwatch/db";
import { requireRole } from "../../lib/roles";
import type { TenantContext } from "../context";

/** The tenant's audit log, newest first; owners and admins only. */
export async function listAuditEvents(ctx: TenantContext, opts: { limit: number; before?: Date }) {
  requireRole(ctx.role, "ADMIN", "viewing the audit log");
  const memberIds = await memberships.listMemberUserIds(ctx.db, ctx.tenant.id);
  const rows = await auditEvents.listAuditEvents(ctx.db, ctx.tenant.id, memberIds, opts);
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actor: r.actor,
    target: r.target,
    metadata: r.metadata,
    ip: r.ip,
    createdAt: r.createdAt,
  }));
}
