import { z } from "zod";
import { listAuditEvents } from "../services/audit/list-audit-events";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: tenantProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), before: z.date().optional() }))
    .output(
      z.array(
        z.object({
          id: z.string(), action: z.string(), actor: z.string(), target: z.string().nullable(),
          metadata: z.unknown(), ip: z.string().nullable(), createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx, input }) => listAuditEvents(ctx.scope, input)),
});
