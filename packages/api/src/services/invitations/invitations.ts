import { invitations, memberships, users, type Role } from "@boardwatch/db";
import { AppError } from "../../errors";
import { requireRole } from "../../lib/roles";
import { generateSecretToken, hashSecretToken } from "../../lib/secret-token";
import type { ServiceContext, TenantContext } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Creates an invitation and returns its link; the token in it is shown only now. */
export async function createInvitation(ctx: TenantContext, input: { email: string; role: Role }, publicUrl: string) {
  requireRole(ctx.role, "ADMIN", "inviting members");
  if (input.role === "OWNER") requireRole(ctx.role, "OWNER", "inviting an owner");
  const existing = await users.findUserByEmail(ctx.db, input.email);
  if (existing && (await memberships.findMembership(ctx.db, ctx.tenant.id, existing.id))) {
    throw new AppError("CONFLICT", `${input.email} is already a member`, "email");
  }
  const token = generateSecretToken("bwi");
  const invitation = await invitations.createInvitation(ctx.db, {
    tenantId: ctx.tenant.id,
    email: input.email,
    role: input.role,
    tokenHash: hashSecretToken(token),
    invitedById: ctx.actor.userId ?? "system",
    expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
  });
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "invitation.create", target: input.email, metadata: { role: input.role } });
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, url: `${publicUrl}/invite/${token}` };
}

/** Pending invitations of the tenant; admins and owners only. */
export async function listInvitations(ctx: TenantContext) {
  requireRole(ctx.role, "ADMIN", "viewing invitations");
  const rows = await invitations.listPendingInvitations(ctx.db, ctx.tenant.id);
  return rows.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt, createdAt: i.createdAt }));
}

/** Withdraws a pending invitation so its link stops working. */
export async function revokeInvitation(ctx: TenantContext, input: { invitationId: string }) {
  requireRole(ctx.role, "ADMIN", "revoking invitations");
  const { count } = await invitations.revokeInvitation(ctx.db, ctx.tenant.id, input.invitationId);
  if (count !== 1) throw new AppError("NOT_FOUND", "no pending invitation with this id", "invitationId");
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "invitation.revoke", target: input.invitationId });
  return { id: input.invitationId };
}

async function findUsableInvitation(ctx: ServiceContext, token: string) {
  const invitation = await invitations.findInvitationByTokenHash(ctx.db, hashSecretToken(token));
  if (!invitation || invitation.revokedAt || invitation.acceptedAt || invitation.expiresAt <= new Date()) {
    throw new AppError("NOT_FOUND", "this invitation link is invalid, expired or already used", "token");
  }
  if (!ctx.actor.userId) throw new AppError("UNAUTHORIZED", "sign in to accept the invitation");
  const user = await users.findUserById(ctx.db, ctx.actor.userId);
  if (user?.email.toLowerCase() !== invitation.email.toLowerCase()) {
    throw new AppError("FORBIDDEN", `this invitation is for ${invitation.email}; sign in with that address to accept it`, "token");
  }
  return invitation;
}

/** What an invitation link offers, for the signed-in user it was sent to. */
export async function previewInvitation(ctx: ServiceContext, input: { token: string }) {
  const invitation = await findUsableInvitation(ctx, input.token);
  return { tenant: { slug: invitation.tenant.slug, name: invitation.tenant.name }, role: invitation.role, email: invitation.email };
}

/** Joins the signed-in user to the invitation's tenant with the invited role. */
export async function acceptInvitation(ctx: ServiceContext, input: { token: string }) {
  const invitation = await findUsableInvitation(ctx, input.token);
  const userId = ctx.actor.userId as string;
  if (await memberships.findMembership(ctx.db, invitation.tenantId, userId)) {
    throw new AppError("CONFLICT", "you are already a member of this tenant", "token");
  }
  const membership = await invitations.acceptInvitation(ctx.db, invitation.id, userId);
  if (!membership) throw new AppError("NOT_FOUND", "this invitation link is invalid, expired or already used", "token");
  await recordAuditEvent(ctx, { tenantId: invitation.tenantId, action: "invitation.accept", target: invitation.email, metadata: { role: invitation.role } });
  return { tenant: { slug: invitation.tenant.slug, name: invitation.tenant.name }, role: membership.role };
}
