import { apiTokens, type TokenScope } from "@boardwatch/db";
import { AppError } from "../../errors";
import { apiTokenAuthentications } from "../../metrics";
import { requireRole } from "../../lib/roles";
import { hashSecretToken, issueSecretToken } from "../../lib/secret-token";
import type { ServiceContext, TenantContext } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";

const LAST_USED_RESOLUTION_MS = 60_000;

/** Creates a tenant API token. The plaintext is returned only here and stored nowhere. */
export async function createApiToken(ctx: TenantContext, input: { name: string; scopes: TokenScope[]; expiresAt?: Date | null }) {
  requireRole(ctx.role, "ADMIN", "creating API tokens");
  const { token, prefix, hash } = issueSecretToken("bwt");
  const row = await apiTokens.createApiToken(ctx.db, {
    tenantId: ctx.tenant.id,
    name: input.name,
    prefix,
    hash,
    scopes: input.scopes,
    createdById: ctx.actor.userId,
    expiresAt: input.expiresAt ?? null,
  });
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "token.create", target: row.prefix, metadata: { name: row.name, scopes: row.scopes } });
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, token };
}

/** The tenant's tokens without their secrets; admins and owners only. */
export async function listApiTokens(ctx: TenantContext) {
  requireRole(ctx.role, "ADMIN", "viewing API tokens");
  return apiTokens.listApiTokens(ctx.db, ctx.tenant.id);
}

/** Revokes a token; requests using it fail from the next one on. */
export async function revokeApiToken(ctx: TenantContext, input: { tokenId: string }) {
  requireRole(ctx.role, "ADMIN", "revoking API tokens");
  const { count } = await apiTokens.revokeApiToken(ctx.db, ctx.tenant.id, input.tokenId);
  if (count !== 1) throw new AppError("NOT_FOUND", "no active token with this id", "tokenId");
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "token.revoke", target: input.tokenId });
  return { id: input.tokenId };
}

/** Resolves a bearer token to its tenant, checking revocation, expiry and scope on every call. */
export async function authenticateApiToken(ctx: Pick<ServiceContext, "db">, token: string, scope: TokenScope) {
  const row = token ? await apiTokens.findApiTokenByHash(ctx.db, hashSecretToken(token)) : null;
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) {
    apiTokenAuthentications.inc({ result: "invalid" });
    throw new AppError("UNAUTHORIZED", "invalid, expired or revoked API token");
  }
  if (!row.scopes.includes(scope)) {
    apiTokenAuthentications.inc({ result: "wrong_scope" });
    throw new AppError("FORBIDDEN", `this API token lacks the ${scope.toLowerCase()} scope`);
  }
  apiTokenAuthentications.inc({ result: "ok" });
  await apiTokens.touchApiToken(ctx.db, row.id, now, LAST_USED_RESOLUTION_MS);
  return { tokenId: row.id, prefix: row.prefix, tenant: row.tenant };
}
