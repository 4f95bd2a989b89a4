import { memberships, type Role } from "@boardwatch/db";
import { AppError } from "../../errors";
import { requireRole } from "../../lib/roles";
import type { TenantContext } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";

async function findTarget(ctx: TenantContext, membershipId: string) {
  const target = (await memberships.listMembers(ctx.db, ctx.tenant.id)).find((m) => m.id === membershipId);
  if (!target) throw new AppError("NOT_FOUND", "no such member in this tenant", "membershipId");
  return target;
}

async function assertNotLastOwner(ctx: TenantContext, role: Role) {
  if (role === "OWNER" && (await memberships.countOwners(ctx.db, ctx.tenant.id)) <= 1) {
    throw new AppError("CONFLICT", "a tenant must keep at least one owner", "membershipId");
  }
}

/** Changes a member's role. Admins manage members; only owners grant or take away ownership. */
export async function changeMemberRole(ctx: TenantContext, input: { membershipId: string; role: Role }) {
  requireRole(ctx.role, "ADMIN", "managing members");
  const target = await findTarget(ctx, input.membershipId);
  if (target.role === "OWNER" || input.role === "OWNER") requireRole(ctx.role, "OWNER", "granting or removing ownership");
  if (target.role === input.role) return { id: target.id, role: target.role };
  await assertNotLastOwner(ctx, target.role);
  const updated = await memberships.setMembershipRole(ctx.db, target.id, input.role);
  await recordAuditEvent(ctx, {
    tenantId: ctx.tenant.id,
    action: "member.role_change",
    target: target.user.email,
    metadata: { from: target.role, to: input.role },
  });
  return { id: updated.id, role: updated.role };
}

/** Removes a member from the tenant (same rules as changing roles). */
export async function removeMember(ctx: TenantContext, input: { membershipId: string }) {
  requireRole(ctx.role, "ADMIN", "managing members");
  const target = await findTarget(ctx, input.membershipId);
  if (target.role === "OWNER") requireRole(ctx.role, "OWNER", "removing an owner");
  await assertNotLastOwner(ctx, target.role);
  await memberships.deleteMembership(ctx.db, target.id);
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "member.remove", target: target.user.email, metadata: { role: target.role } });
  return { id: target.id };
}
