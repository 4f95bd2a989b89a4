import { boards, type Db } from "@boardwatch/db";
import { AppError } from "../../errors";
import { Grouped } from "../../lib/grouped";
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

function settingsOf(row: boards.ScrapeTargetRow): Omit<ScrapeTargetConfig, "credential"> {
  return {
    boardId: row.id,
    tenantId: row.tenantId,
    name: row.name,
    url: row.scrapeUrl,
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

// Scrape jobs run hundreds at a time per worker: their lookups and outcomes go to the database in groups.
const targetLookups = new WeakMap<Db, Grouped<string, ScrapeTargetConfig | null>>();
const scrapeRecords = new WeakMap<Db, Grouped<boards.ScrapeRecord, undefined>>();

/** One board's scrape settings, or null when it is gone, switched to push, or its credential was revoked. */
export function findScrapeTarget(ctx: { db: Db }, boardId: string): Promise<ScrapeTargetConfig | null> {
  let lookups = targetLookups.get(ctx.db);
  if (!lookups) {
    lookups = new Grouped(async (ids) => {
      const found = new Map((await boards.findScrapeTargets(ctx.db, [...new Set(ids)])).map((row) => [row.id, row]));
      return ids.map((id) => {
        const row = found.get(id);
        return row ? { ...settingsOf(row), credential: openSecret(row.encrypted) } : null;
      });
    });
    targetLookups.set(ctx.db, lookups);
  }
  return lookups.run(boardId);
}

/** Records a scrape's outcome on the board, which its status derives from. */
export async function recordScrapeResult(ctx: { db: Db }, boardId: string, result: Omit<boards.ScrapeRecord, "boardId">): Promise<void> {
  let records = scrapeRecords.get(ctx.db);
  if (!records) {
    records = new Grouped<boards.ScrapeRecord, undefined>(async (items) => {
      await boards.recordScrapes(ctx.db, items);
      return items.map(() => undefined);
    });
    scrapeRecords.set(ctx.db, records);
  }
  await records.run({ boardId, ...result });
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
