import { enrolmentTokens } from "@boardwatch/db";
import { AppError } from "../../errors";
import { requireRole } from "../../lib/roles";
import { issueSecretToken } from "../../lib/secret-token";
import type { TenantContext } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";

export interface EnrolmentTokenInput {
  name: string;
  labels: Record<string, string>;
  expiresInHours?: number | null;
  maxUses?: number | null;
}

/** The one-liner an admin copies onto a board: fetch the installer, enrol with the token. */
export function installCommand(publicUrl: string, token: string): string {
  return `curl -fsSL ${publicUrl}/api/agent/install.sh | sudo sh -s -- --token ${token}`;
}

/** Creates an enrolment token; its plaintext and install command are returned only now. */
export async function createEnrolmentToken(ctx: TenantContext, input: EnrolmentTokenInput, publicUrl: string) {
  requireRole(ctx.role, "ADMIN", "creating enrolment tokens");
  const { token, prefix, hash } = issueSecretToken("bwe");
  const row = await enrolmentTokens.createEnrolmentToken(ctx.db, {
    tenantId: ctx.tenant.id,
    name: input.name,
    prefix,
    hash,
    labels: input.labels,
    expiresAt: input.expiresInHours ? new Date(Date.now() + input.expiresInHours * 3_600_000) : null,
    maxUses: input.maxUses ?? null,
    createdById: ctx.actor.userId,
  });
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "enrolment_token.create", target: row.prefix, metadata: { name: row.name } });
  return { id: row.id, name: row.name, prefix: row.prefix, token, installCommand: installCommand(publicUrl, token) };
}

/** The tenant's enrolment tokens, without secrets; admins and owners only. */
export async function listEnrolmentTokens(ctx: TenantContext) {
  requireRole(ctx.role, "ADMIN", "viewing enrolment tokens");
  const rows = await enrolmentTokens.listEnrolmentTokens(ctx.db, ctx.tenant.id);
  return rows.map((r) => ({ ...r, labels: r.labels as Record<string, string> }));
}

/** Revokes an enrolment token; boards already enrolled keep their own credentials. */
export async function revokeEnrolmentToken(ctx: TenantContext, input: { tokenId: string }) {
  requireRole(ctx.role, "ADMIN", "revoking enrolment tokens");
  const { count } = await enrolmentTokens.revokeEnrolmentToken(ctx.db, ctx.tenant.id, input.tokenId);
  if (count !== 1) throw new AppError("NOT_FOUND", "no active enrolment token with this id", "tokenId");
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "enrolment_token.revoke", target: input.tokenId });
  return { id: input.tokenId };
}

/** Replaces a token with a fresh one of the same settings (the old one stops working). */
export async function rotateEnrolmentToken(ctx: TenantContext, input: { tokenId: string }, publicUrl: string) {
  requireRole(ctx.role, "ADMIN", "rotating enrolment tokens");
  const old = await enrolmentTokens.findEnrolmentToken(ctx.db, ctx.tenant.id, input.tokenId);
  if (!old || old.revokedAt) throw new AppError("NOT_FOUND", "no active enrolment token with this id", "tokenId");
  await revokeEnrolmentToken(ctx, input);
  const hoursLeft = old.expiresAt ? Math.max(1, Math.ceil((old.expiresAt.getTime() - Date.now()) / 3_600_000)) : null;
  return createEnrolmentToken(
    ctx,
    { name: old.name, labels: old.labels as Record<string, string>, expiresInHours: hoursLeft, maxUses: old.maxUses === null ? null : Math.max(1, old.maxUses - old.uses) },
    publicUrl,
  );
}
