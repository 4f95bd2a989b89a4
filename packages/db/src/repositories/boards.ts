import type { Db } from "../client";
import { Prisma } from "../generated/prisma/client";
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

export interface ScrapeTargetRow {
  id: string;
  tenantId: string;
  name: string;
  labels: unknown;
  scrapeUrl: string;
  relays: string[];
  scrapeIntervalSeconds: number;
  scrapeTimeoutSeconds: number;
  encrypted: string;
}

/** Pull-mode boards with a live credential: what the scrapers must scrape. */
const scrapeTargets = Prisma.sql`
  select b.id, b."tenantId", b.name, b.labels, b."scrapeUrl", b.relays, b."scrapeIntervalSeconds", b."scrapeTimeoutSeconds", c.encrypted
  from board as b join board_credential as c on c."boardId" = b.id
  where b.mode = 'PULL' and b."scrapeUrl" is not null and c."revokedAt" is null`;

export function listScrapeTargets(db: Db): Promise<ScrapeTargetRow[]> {
  return db.$queryRaw<ScrapeTargetRow[]>(scrapeTargets);
}

/**
 * The given boards that are still scrape targets (others are left out). Raw SQL, one joined statement: every
 * scrape looks its board up, hundreds a second per worker.
 */
export function findScrapeTargets(db: Db, boardIds: string[]): Promise<ScrapeTargetRow[]> {
  return db.$queryRaw<ScrapeTargetRow[]>`${scrapeTargets} and b.id = any(${boardIds}::text[])`;
}

export interface ScrapeRecord {
  boardId: string;
  at: Date;
  durationMs: number;
  error: string | null;
  seriesCount: number;
}

/** Records scrape outcomes on their boards in one statement (the latest per board wins). */
export async function recordScrapes(db: Db, records: ScrapeRecord[]) {
  const latest = new Map<string, ScrapeRecord>();
  for (const r of records) {
    const previous = latest.get(r.boardId);
    if (!previous || previous.at <= r.at) latest.set(r.boardId, r);
  }
  const rows = [...latest.values()];
  await db.$executeRaw`
    update board as b set
      "lastScrapeAt" = u.at, "lastScrapeDurationMs" = u.duration, "lastScrapeError" = u.error,
      "lastSeenAt" = case when u.error is null then u.at else b."lastSeenAt" end,
      "seriesCount" = case when u.error is null then u.series else b."seriesCount" end
    from (
      select id, to_timestamp(at_ms / 1000.0) at time zone 'UTC' as at, duration, error, series
      from unnest(${rows.map((r) => r.boardId)}::text[], ${rows.map((r) => r.at.getTime())}::float8[],
                  ${rows.map((r) => r.durationMs)}::int[], ${rows.map((r) => r.error)}::text[], ${rows.map((r) => r.seriesCount)}::int[])
        as x(id, at_ms, duration, error, series)) as u
    where b.id = u.id`;
}

export function recordPush(db: Db, boardId: string, at: Date) {
  return db.board.updateMany({ where: { id: boardId }, data: { lastSeenAt: at, lastScrapeError: null } });
}
