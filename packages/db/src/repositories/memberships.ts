import type { Db } from "../client";
import type { Role } from "../generated/prisma/enums";

export function findMembership(db: Db, tenantId: string, userId: string) {
  return db.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
}

/** The membership of a user in the tenant with this slug, with the tenant; null when either is missing. */
export function findMembershipBySlug(db: Db, slug: string, userId: string) {
  return db.membership.findFirst({ where: { userId, tenant: { slug } }, include: { tenant: true } });
}

export function listMembers(db: Db, tenantId: string) {
  return db.membership.findMany({
    where: { tenantId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export function countOwners(db: Db, tenantId: string) {
  return db.membership.count({ where: { tenantId, role: "OWNER" } });
}

export function addMembership(db: Db, data: { tenantId: string; userId: string; role: Role }) {
  return db.membership.create({ data });
}

export function setMembershipRole(db: Db, membershipId: string, role: Role) {
  return db.membership.update({ where: { id: membershipId }, data: { role } });
}

export function deleteMembership(db: Db, membershipId: string) {
  return db.membership.delete({ where: { id: membershipId } });
}

export function listMemberUserIds(db: Db, tenantId: string) {
  return db.membership.findMany({ where: { tenantId }, select: { userId: true } }).then((rows) => rows.map((r) => r.userId));
}
