import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";

export function createEnrolmentToken(
  db: Db,
  data: { tenantId: string; name: string; prefix: string; hash: string; labels: Prisma.InputJsonValue; expiresAt: Date | null; maxUses: number | null; createdById: string | null },
) {
  return db.enrolmentToken.create({ data });
}

export function listEnrolmentTokens(db: Db, tenantId: string) {
  return db.enrolmentToken.findMany({
    where: { tenantId },
    select: { id: true, name: true, prefix: true, labels: true, expiresAt: true, maxUses: true, uses: true, createdAt: true, revokedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export function findEnrolmentToken(db: Db, tenantId: string, id: string) {
  return db.enrolmentToken.findFirst({ where: { id, tenantId } });
}

export function revokeEnrolmentToken(db: Db, tenantId: string, id: string) {
  return db.enrolmentToken.updateMany({ where: { id, tenantId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * Uses one enrolment of the token with this hash, atomically: a token at its use limit, revoked or expired
 * is not consumed. Returns the token (with its tenant) or null.
 */
export async function consumeEnrolmentToken(db: Db, hash: string, now: Date) {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    UPDATE "enrolment_token" SET "uses" = "uses" + 1
    WHERE "hash" = ${hash} AND "revokedAt" IS NULL AND ("expiresAt" IS NULL OR "expiresAt" > ${now})
      AND ("maxUses" IS NULL OR "uses" < "maxUses")
    RETURNING "id"`;
  if (rows.length !== 1) return null;
  return db.enrolmentToken.findUnique({ where: { id: rows[0]!.id }, include: { tenant: { select: { id: true, slug: true } } } });
}
