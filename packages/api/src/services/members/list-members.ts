import { memberships } from "@boardwatch/db";
import type { TenantContext } from "../context";

/** Everyone in the tenant with their role; any member may look. */
export async function listMembers(ctx: TenantContext) {
  const rows = await memberships.listMembers(ctx.db, ctx.tenant.id);
  return rows.map((m) => ({ id: m.id, userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role, createdAt: m.createdAt }));
}
