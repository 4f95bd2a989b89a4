import { tenants } from "@boardwatch/db";
import { requireRole } from "../../lib/roles";
import type { TenantContext } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";

/** Renames a tenant or changes its retention; admins and owners only. */
export async function updateTenant(ctx: TenantContext, input: { name?: string; retentionDays?: number }) {
  requireRole(ctx.role, "ADMIN", "changing tenant settings");
  const tenant = await tenants.updateTenant(ctx.db, ctx.tenant.id, input);
  await recordAuditEvent(ctx, { tenantId: tenant.id, action: "tenant.update", target: tenant.slug, metadata: input });
  return { id: tenant.id, slug: tenant.slug, name: tenant.name, retentionDays: tenant.retentionDays };
}
