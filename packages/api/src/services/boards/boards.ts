import { boards, type BoardMode } from "@boardwatch/db";
import { AppError } from "../../errors";
import { requireRole } from "../../lib/roles";
import type { TenantContext } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { issueBoardCredential } from "./board-credential";
import { boardStatus, type BoardStatus } from "./board-status";

type BoardRow = NonNullable<Awaited<ReturnType<typeof boards.findBoard>>>;

function present(board: BoardRow, now: Date) {
  return {
    id: board.id,
    name: board.name,
    hostname: board.hostname,
    labels: board.labels as Record<string, string>,
    facts: board.facts as Record<string, string | number | boolean | null>,
    mode: board.mode,
    scrapeUrl: board.scrapeUrl,
    scrapeIntervalSeconds: board.scrapeIntervalSeconds,
    scrapeTimeoutSeconds: board.scrapeTimeoutSeconds,
    lastScrapeAt: board.lastScrapeAt,
    lastScrapeDurationMs: board.lastScrapeDurationMs,
    lastScrapeError: board.lastScrapeError,
    lastSeenAt: board.lastSeenAt,
    seriesCount: board.seriesCount,
    createdAt: board.createdAt,
    status: boardStatus(board, now),
  };
}

/** The tenant's boards with their derived status, optionally filtered by a search text and a status. */
export async function listBoards(ctx: TenantContext, input: { search?: string; status?: BoardStatus }) {
  const now = new Date();
  const rows = (await boards.listBoards(ctx.db, ctx.tenant.id, input.search)).map((b) => present(b, now));
  return input.status ? rows.filter((b) => b.status === input.status) : rows;
}

async function findOrThrow(ctx: TenantContext, boardId: string) {
  const board = await boards.findBoard(ctx.db, ctx.tenant.id, boardId);
  if (!board) throw new AppError("NOT_FOUND", "no such board in this tenant", "boardId");
  return board;
}

/** One board. */
export async function getBoard(ctx: TenantContext, input: { boardId: string }) {
  return present(await findOrThrow(ctx, input.boardId), new Date());
}

/** Changes a board's name, labels, scraping settings or mode; editors and up. */
export async function updateBoard(
  ctx: TenantContext,
  input: { boardId: string; name?: string; labels?: Record<string, string>; mode?: BoardMode; scrapeIntervalSeconds?: number; scrapeTimeoutSeconds?: number },
) {
  requireRole(ctx.role, "EDITOR", "editing boards");
  const board = await findOrThrow(ctx, input.boardId);
  const interval = input.scrapeIntervalSeconds ?? board.scrapeIntervalSeconds;
  const timeout = input.scrapeTimeoutSeconds ?? board.scrapeTimeoutSeconds;
  if (timeout > interval) throw new AppError("BAD_REQUEST", "must not exceed the scrape interval", "scrapeTimeoutSeconds");
  const { boardId, name, labels, mode, scrapeIntervalSeconds, scrapeTimeoutSeconds } = input;
  const changes = { name, labels, mode, scrapeIntervalSeconds, scrapeTimeoutSeconds };
  await boards.updateBoard(ctx.db, ctx.tenant.id, boardId, changes).catch((error: unknown) => {
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "another board has this name", "name");
    throw error;
  });
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "board.update", target: board.name, metadata: changes });
  return getBoard(ctx, { boardId });
}

/** Deletes a board (its samples stay until retention drops them); admins and owners. */
export async function deleteBoard(ctx: TenantContext, input: { boardId: string }) {
  requireRole(ctx.role, "ADMIN", "deleting boards");
  const board = await findOrThrow(ctx, input.boardId);
  await boards.deleteBoard(ctx.db, ctx.tenant.id, board.id);
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "board.delete", target: board.name });
  return { id: board.id };
}

/** Revokes the board's credential: scrapes and pushes stop at once until the board is enrolled again. */
export async function revokeBoardCredential(ctx: TenantContext, input: { boardId: string }) {
  requireRole(ctx.role, "ADMIN", "revoking board credentials");
  const board = await findOrThrow(ctx, input.boardId);
  await boards.revokeBoardCredential(ctx.db, board.id);
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "board.credential_revoke", target: board.name });
  return { id: board.id };
}

/** Issues a new credential for a board (shown once; the agent's state file must be updated with it). */
export async function rotateBoardCredential(ctx: TenantContext, input: { boardId: string }) {
  requireRole(ctx.role, "ADMIN", "rotating board credentials");
  const board = await findOrThrow(ctx, input.boardId);
  const credential = issueBoardCredential();
  await boards.replaceBoardCredential(ctx.db, board.id, credential.stored);
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "board.credential_rotate", target: board.name });
  return { id: board.id, credential: credential.token };
}
