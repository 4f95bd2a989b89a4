import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";

/** Creates a tenant together with its first owner's membership (if any), atomically. */
export function createTenant(db: Db, data: { slug: string; name: string; ownerUserId: string | null }) {
  return db.tenant.create({
    data: {
      slug: data.slug,
      name: data.name,
      ...(data.ownerUserId ? { memberships: { create: { userId: data.ownerUserId, role: "OWNER" } } } : {}),
    },
  });
}

export function findTenantBySlug(db: Db, slug: string) {
  return db.tenant.findUnique({ where: { slug } });
}

export function updateTenant(db: Db, tenantId: string, data: { name?: string; retentionDays?: number }) {
  return db.tenant.update({ where: { id: tenantId }, data });
}

/** The tenants a user belongs to, with the user's role in each. */
export async function listTenantsOfUser(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { tenant: true },
    orderBy: { tenant: { name: "asc" } },
  });
  return memberships.map((m) => ({ id: m.tenant.id, slug: m.tenant.slug, name: m.tenant.name, role: m.role as Role }));
}

export function listRetention(db: Db) {
  return db.tenant.findMany({ select: { id: true, retentionDays: true } });
}

export function findTenantLimits(db: Db, tenantId: string) {
  return db.tenant.findUnique({ where: { id: tenantId }, select: { limits: true } });
}

export function setTenantLimits(db: Db, slug: string, limits: Prisma.InputJsonValue) {
  return db.tenant.update({ where: { slug }, data: { limits }, select: { id: true, limits: true } });
}
