import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";

export function insertAuditEvent(
  db: Db,
  data: { tenantId: string | null; actorUserId: string | null; actor: string; action: string; target?: string | null; metadata?: Prisma.InputJsonValue; ip?: string | null },
) {
  return db.auditEvent.create({ data });
}

/** A tenant's events plus the account events (such as failed logins) of its members, newest first. */
export function listAuditEvents(db: Db, tenantId: string, memberUserIds: string[], opts: { limit: number; before?: Date }) {
  return db.auditEvent.findMany({
    where: {
      OR: [{ tenantId }, { tenantId: null, actorUserId: { in: memberUserIds } }],
      ...(opts.before ? { createdAt: { lt: opts.before } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: opts.limit,
  });
}
