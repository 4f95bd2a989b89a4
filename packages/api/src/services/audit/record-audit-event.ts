import { auditEvents, type Prisma } from "@boardwatch/db";
import type { ServiceContext } from "../context";

/** Appends a security-relevant event to the audit log. */
export async function recordAuditEvent(
  ctx: ServiceContext,
  event: { tenantId: string | null; action: string; target?: string; metadata?: Prisma.InputJsonValue },
): Promise<void> {
  await auditEvents.insertAuditEvent(ctx.db, {
    tenantId: event.tenantId,
    actorUserId: ctx.actor.userId,
    actor: ctx.actor.label,
    action: event.action,
    target: event.target ?? null,
    metadata: event.metadata ?? {},
    ip: ctx.actor.ip ?? null,
  });
}
