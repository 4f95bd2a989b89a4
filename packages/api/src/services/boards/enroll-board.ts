import { boards, enrolmentTokens, type Db } from "@boardwatch/db";
import { z } from "zod";
import { AppError } from "../../errors";
import { hashSecretToken } from "../../lib/secret-token";
import { issueBoardCredential } from "./board-credential";
import { boardLabels, scrapeUrl } from "../../schemas";
import { recordAuditEvent } from "../audit/record-audit-event";

/** What `boardwatch-agent enroll` sends. */
export const enrolmentRequest = z.object({
  token: z.string().min(10, "must be an enrolment token").max(100),
  hostname: z.string().trim().min(1, "must not be empty").max(100).regex(/^[A-Za-z0-9._-]+$/, "must be a host name"),
  facts: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).default({}),
  scrapeUrl: scrapeUrl.nullish(),
  mode: z.enum(["pull", "push"]).default("pull"),
  labels: boardLabels.default({}),
  /** Job names of the exporters the agent relays; "node" is the agent's own metrics. */
  relays: z
    .array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_-]{0,62}$/, "must be job names").refine((j) => j !== "node", 'relay jobs cannot be called "node" (the agent\'s own metrics)'))
    .max(20, "at most 20 relays")
    .default([]),
});

/**
 * Trades an enrolment token for a board credential and registers (or re-registers) the board. The scrapers
 * pick the board up on their next reconciliation; the credential is returned only here.
 */
export async function enrollBoard(ctx: { db: Db; ip?: string | null }, input: z.infer<typeof enrolmentRequest>, publicUrl: string) {
  if (input.mode === "pull" && !input.scrapeUrl) throw new AppError("BAD_REQUEST", "required for pull mode", "scrapeUrl");
  const token = await enrolmentTokens.consumeEnrolmentToken(ctx.db, hashSecretToken(input.token), new Date());
  if (!token) throw new AppError("UNAUTHORIZED", "invalid, expired, used up or revoked enrolment token");
  const credential = issueBoardCredential();
  const board = await boards.upsertEnrolledBoard(ctx.db, {
    tenantId: token.tenantId,
    name: input.hostname,
    hostname: input.hostname,
    labels: { ...(token.labels as Record<string, string>), ...input.labels },
    facts: input.facts,
    mode: input.mode === "push" ? "PUSH" : "PULL",
    scrapeUrl: input.scrapeUrl ?? null,
    relays: [...new Set(input.relays)],
    credential: credential.stored,
  });
  await recordAuditEvent(
    { db: ctx.db, actor: { userId: null, label: `enrolment:${token.prefix}`, ip: ctx.ip ?? null } },
    { tenantId: token.tenantId, action: "board.enroll", target: board.name, metadata: { boardId: board.id, mode: input.mode } },
  );
  return {
    boardId: board.id,
    tenant: token.tenant.slug,
    credential: credential.token,
    scrapeIntervalSeconds: board.scrapeIntervalSeconds,
    remoteWriteUrl: `${publicUrl}/api/v1/write`,
  };
}
