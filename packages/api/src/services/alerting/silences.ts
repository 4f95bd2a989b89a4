import { formatMatchers, parseMatchers, validateSilence, type Matcher, type Silence } from "@boardwatch/alerting";
import { alerting, type Db, type Prisma } from "@boardwatch/db";
import { AppError } from "../../errors";
import { requireRole } from "../../lib/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";

type SilenceRow = Awaited<ReturnType<typeof alerting.insertSilence>>;

function toSilence(row: SilenceRow): Silence {
  return { id: row.id, matchers: parseMatchers(row.matchers), startsAtMs: row.startsAt.getTime(), endsAtMs: row.endsAt.getTime(), createdBy: row.createdBy, comment: row.comment };
}

/** The silences muting alerts now, for the dispatcher. */
export async function activeSilences(db: Db | Prisma.TransactionClient, tenantId: string, at: Date): Promise<Silence[]> {
  return (await alerting.listSilences(db, tenantId, at)).map(toSilence);
}

function present(row: SilenceRow, now: number) {
  const state = row.endsAt.getTime() <= now ? "expired" : row.startsAt.getTime() > now ? "pending" : "active";
  return { id: row.id, matchers: row.matchers, startsAt: row.startsAt, endsAt: row.endsAt, createdBy: row.createdBy, comment: row.comment, state };
}

export async function listSilences(ctx: TenantContext) {
  const now = Date.now();
  return (await alerting.listSilences(ctx.db, ctx.tenant.id)).map((r) => present(r, now));
}

/** Creates a silence from matchers in Alertmanager's syntax (`{alertname="X", board=~"pi-.*"}` or without braces). */
export async function createSilence(ctx: TenantContext, input: { matchers: string; startsAt?: Date; endsAt: Date; comment: string }) {
  requireRole(ctx.role, "EDITOR", "silencing alerts");
  let matchers: Matcher[];
  try {
    matchers = parseMatchers(input.matchers);
  } catch (e) {
    throw new AppError("BAD_REQUEST", (e as Error).message, "matchers");
  }
  const now = Date.now();
  const startsAtMs = Math.max(input.startsAt?.getTime() ?? now, now);
  const silence: Silence = { id: "", matchers, startsAtMs, endsAtMs: input.endsAt.getTime(), createdBy: ctx.actor.label, comment: input.comment };
  const problems = validateSilence(silence);
  const [problem] = problems;
  if (problem) throw new AppError("BAD_REQUEST", problem, problem.includes("comment") ? "comment" : problem.includes("end time") ? "endsAt" : "matchers");
  if (silence.endsAtMs <= now) throw new AppError("BAD_REQUEST", "must be in the future", "endsAt");
  const row = await alerting.insertSilence(ctx.db, {
    tenantId: ctx.tenant.id,
    matchers: formatMatchers(matchers),
    startsAt: new Date(startsAtMs),
    endsAt: input.endsAt,
    createdBy: ctx.actor.label,
    comment: input.comment,
  });
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "silence.create", target: row.matchers, metadata: { id: row.id, endsAt: input.endsAt.toISOString() } });
  return present(row, now);
}

export async function expireSilence(ctx: TenantContext, input: { id: string }) {
  requireRole(ctx.role, "EDITOR", "expiring silences");
  const row = await alerting.findSilence(ctx.db, ctx.tenant.id, input.id);
  if (!row) throw new AppError("NOT_FOUND", "no such silence in this tenant", "id");
  await alerting.expireSilence(ctx.db, ctx.tenant.id, input.id, new Date());
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "silence.expire", target: row.matchers, metadata: { id: row.id } });
  return { id: row.id };
}
