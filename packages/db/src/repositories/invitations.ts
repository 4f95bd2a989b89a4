import type { Db } from "../client";
import type { Role } from "../generated/prisma/enums";

export function createInvitation(
  db: Db,
  data: { tenantId: string; email: string; role: Role; tokenHash: string; invitedById: string; expiresAt: Date },
) {
  return db.invitation.create({ data });
}

export function findInvitationByTokenHash(db: Db, tokenHash: string) {
  return db.invitation.findUnique({ where: { tokenHash }, include: { tenant: true } });
}

/** Invitations still waiting for an answer. */
export function listPendingInvitations(db: Db, tenantId: string) {
  return db.invitation.findMany({
    where: { tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
}

export function revokeInvitation(db: Db, tenantId: string, invitationId: string) {
  return db.invitation.updateMany({
    where: { id: invitationId, tenantId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** Marks the invitation accepted and adds the membership in one transaction; false if it was taken meanwhile. */
export async function acceptInvitation(db: Db, invitationId: string, userId: string) {
  return db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: invitationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date(), acceptedById: userId },
    });
    if (claimed.count !== 1) return null;
    const invitation = await tx.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    return tx.membership.create({ data: { tenantId: invitation.tenantId, userId, role: invitation.role } });
  });
}
