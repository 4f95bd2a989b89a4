import { boards, type Db } from "@boardwatch/db";
import { AppError } from "../../errors";
import { openSecret } from "../../lib/secret-box";
import { hashSecretToken } from "../../lib/secret-token";

/** A pull board as the scrapers see it. */
export interface ScrapeTargetConfig {
  boardId: string;
  tenantId: string;
  name: string;
  url: string;
  labels: Record<string, string>;
  /** Relayed exporters, each scraped as `<url>?job=<name>`. */
  relays: string[];
  intervalMs: number;
  timeoutMs: number;
  credential: string;
}

type TargetRow = NonNullable<Awaited<ReturnType<typeof boards.findScrapeTarget>>>;

function settingsOf(row: TargetRow): Omit<ScrapeTargetConfig, "credential"> {
  return {
    boardId: row.id,
    tenantId: row.tenantId,
    name: row.name,
    url: row.scrapeUrl as string,
    labels: row.labels as Record<string, string>,
    relays: row.relays,
    intervalMs: row.scrapeIntervalSeconds * 1000,
    timeoutMs: row.scrapeTimeoutSeconds * 1000,
  };
}

/** Every board the workers must scrape now, for reconciling the job schedulers. */
export async function listScrapeTargets(ctx: { db: Db }): Promise<Array<Omit<ScrapeTargetConfig, "credential">>> {
  return (await boards.listScrapeTargets(ctx.db)).map(settingsOf);
}

/** One board's scrape settings, or null when it is gone, switched to push, or its credential was revoked. */
export async function findScrapeTarget(ctx: { db: Db }, boardId: string): Promise<ScrapeTargetConfig | null> {
  const row = await boards.findScrapeTarget(ctx.db, boardId);
  return row ? { ...settingsOf(row), credential: openSecret(row.credential!.encrypted) } : null;
}

/** Records a scrape's outcome on the board, which its status derives from. */
export async function recordScrapeResult(ctx: { db: Db }, boardId: string, result: { at: Date; durationMs: number; error: string | null; seriesCount: number }) {
  await boards.recordScrape(ctx.db, boardId, result);
}

/** Resolves a board credential (push mode) to its board; revoked credentials fail at once. */
export async function authenticateBoardCredential(ctx: { db: Db }, token: string) {
  const row = await boards.findBoardCredentialByHash(ctx.db, hashSecretToken(token));
  if (!row || row.revokedAt) throw new AppError("UNAUTHORIZED", "invalid or revoked board credential");
  return { boardId: row.board.id, tenantId: row.board.tenantId, name: row.board.name, labels: row.board.labels as Record<string, string> };
}

/** Marks a push-mode board as seen now. */
export async function recordBoardPush(ctx: { db: Db }, boardId: string, at = new Date()) {
  await boards.recordPush(ctx.db, boardId, at);
}
