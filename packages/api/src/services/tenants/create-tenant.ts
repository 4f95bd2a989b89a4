import { tenants } from "@boardwatch/db";
import { AppError } from "../../errors";
import type { ServiceContext } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";

/** Creates a tenant whose first owner is `ownerUserId` (none for tenants only automation uses). */
export async function createTenant(ctx: ServiceContext, input: { slug: string; name: string; ownerUserId: string | null }) {
  if (await tenants.findTenantBySlug(ctx.db, input.slug)) {
    throw new AppError("CONFLICT", `"${input.slug}" is already taken`, "slug");
  }
  const tenant = await tenants.createTenant(ctx.db, input).catch((error: unknown) => {
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", `"${input.slug}" is already taken`, "slug");
    throw error;
  });
  await recordAuditEvent(ctx, { tenantId: tenant.id, action: "tenant.create", target: tenant.slug });
  return { id: tenant.id, slug: tenant.slug, name: tenant.name };
}
