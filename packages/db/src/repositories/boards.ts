import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";
import type { BoardMode } from "../generated/prisma/enums";

const boardFields = {
  id: true, tenantId: true, name: true, hostname: true, labels: true, facts: true, mode: true, scrapeUrl: true,
  scrapeIntervalSeconds: true, scrapeTimeoutSeconds: true, lastScrapeAt: true, lastScrapeDurationMs: true,
  lastScrapeError: true, lastSeenAt: true, seriesCount: true, createdAt: true,
} as const;

export function listBoards(db: Db, tenantId: string, search?: string) {
  return db.board.findMany({
    where: { tenantId, ...(search ? { OR: [{ name: { contains: search, mode: "insensitive" } }, { hostname: { contains: search, mode: "insensitive" } }] } : {}) },
    select: boardFields,
    orderBy: { name: "asc" },
  });
}

export function findBoard(db: Db, tenantId: string, boardId: string) {
  return db.board.findFirst({ where: { id: boardId, tenantId }, select: boardFields });
}

export function findBoardByName(db: Db, tenantId: string, name: string) {
  return db.board.findUnique({ where: { tenantId_name: { tenantId, name } }, select: boardFields });
}

export function updateBoard(
  db: Db,
  tenantId: string,
  boardId: string,
  data: { name?: string; labels?: Prisma.InputJsonValue; mode?: BoardMode; scrapeUrl?: string | null; scrapeIntervalSeconds?: number; scrapeTimeoutSeconds?: number },
) {
  return db.board.updateMany({ where: { id: boardId, tenantId }, data });
}

export function deleteBoard(db: Db, tenantId: string, boardId: string) {
  return db.board.deleteMany({ where: { id: boardId, tenantId } });
}

/** Creates or, on re-enrolment of the same name, refreshes a board together with its new credential. */
export function upsertEnrolledBoard(
  db: Db,
  data: {
    tenantId: string; name: string; hostname: string; labels: Prisma.InputJsonValue; facts: Prisma.InputJsonValue; mode: BoardMode;
    scrapeUrl: string | null; relays: string[]; credential: { prefix: string; hash: string; encrypted: string };
  },
) {
  const { credential, ...board } = data;
  return db.$transaction(async (tx) => {
    const saved = await tx.board.upsert({
      where: { tenantId_name: { tenantId: board.tenantId, name: board.name } },
      create: board,
      update: { hostname: board.hostname, facts: board.facts, mode: board.mode, scrapeUrl: board.scrapeUrl, labels: board.labels, relays: board.relays },
    });
    await tx.boardCredential.upsert({
      where: { boardId: saved.id },
      create: { boardId: saved.id, ...credential },
      update: { ...credential, revokedAt: null, lastUsedAt: null, createdAt: new Date() },
    });
    return saved;
  });
}

export function replaceBoardCredential(db: Db, boardId: string, credential: { prefix: string; hash: string; encrypted: string }) {
  return db.boardCredential.upsert({
    where: { boardId },
    create: { boardId, ...credential },
    update: { ...credential, revokedAt: null, lastUsedAt: null, createdAt: new Date() },
  });
}

export function revokeBoardCredential(db: Db, boardId: string) {
  return db.boardCredential.updateMany({ where: { boardId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export function findBoardCredentialByHash(db: Db, hash: string) {
  return db.boardCredential.findUnique({ where: { hash }, include: { board: { select: { id: true, tenantId: true, name: true, labels: true, mode: true } } } });
}

/** Pull-mode boards with a live credential: what the scrapers must scrape. */
export function listScrapeTargets(db: Db) {
  return db.board.findMany({
    where: { mode: "PULL", scrapeUrl: { not: null }, credential: { revokedAt: null } },
    select: { id: true, tenantId: true, name: true, labels: true, scrapeUrl: true, relays: true, scrapeIntervalSeconds: true, scrapeTimeoutSeconds: true, credential: { select: { encrypted: true } } },
  });
}

export function findScrapeTarget(db: Db, boardId: string) {
  return db.board.findFirst({
    where: { id: boardId, mode: "PULL", scrapeUrl: { not: null }, credential: { revokedAt: null } },
    select: { id: true, tenantId: true, name: true, labels: true, scrapeUrl: true, relays: true, scrapeIntervalSeconds: true, scrapeTimeoutSeconds: true, credential: { select: { encrypted: true } } },
  });
}

export function recordScrape(db: Db, boardId: string, data: { at: Date; durationMs: number; error: string | null; seriesCount: number }) {
  return db.board.updateMany({
    where: { id: boardId },
    data: {
      lastScrapeAt: data.at,
      lastScrapeDurationMs: data.durationMs,
      lastScrapeError: data.error,
      ...(data.error ? {} : { lastSeenAt: data.at, seriesCount: data.seriesCount }),
    },
  });
}

export function recordPush(db: Db, boardId: string, at: Date) {
  return db.board.updateMany({ where: { id: boardId }, data: { lastSeenAt: at, lastScrapeError: null } });
}
