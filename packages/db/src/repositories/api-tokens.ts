import type { Db } from "../client";
import type { TokenScope } from "../generated/prisma/enums";

export function createApiToken(
  db: Db,
  data: { tenantId: string; name: string; prefix: string; hash: string; scopes: TokenScope[]; createdById: string | null; expiresAt: Date | null },
) {
  return db.apiToken.create({ data });
}

export function listApiTokens(db: Db, tenantId: string) {
  return db.apiToken.findMany({
    where: { tenantId },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export function findApiTokenByHash(db: Db, hash: string) {
  return db.apiToken.findUnique({ where: { hash }, include: { tenant: { select: { id: true, slug: true, name: true } } } });
}

export function revokeApiToken(db: Db, tenantId: string, tokenId: string) {
  return db.apiToken.updateMany({ where: { id: tokenId, tenantId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Records use, at most once per `resolutionMs`, so that a busy token does not write on every request. */
export function touchApiToken(db: Db, tokenId: string, now: Date, resolutionMs: number) {
  return db.apiToken.updateMany({
    where: { id: tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - resolutionMs) } }] },
    data: { lastUsedAt: now },
  });
}
