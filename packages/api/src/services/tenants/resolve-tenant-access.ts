import { memberships } from "@boardwatch/db";
import { AppError } from "../../errors";
import type { ServiceContext, TenantContext } from "../context";

/**
 * Opens a tenant for a signed-in user. A tenant the user is not a member of answers NOT_FOUND, exactly like
 * one that does not exist, so slugs of other tenants cannot be probed.
 */
export async function resolveTenantAccess(ctx: ServiceContext, slug: string): Promise<TenantContext> {
  const membership = ctx.actor.userId ? await memberships.findMembershipBySlug(ctx.db, slug, ctx.actor.userId) : null;
  if (!membership) throw new AppError("NOT_FOUND", `no tenant "${slug}" that you are a member of`, "tenant");
  const { tenant } = membership;
  return { ...ctx, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name }, role: membership.role };
}
