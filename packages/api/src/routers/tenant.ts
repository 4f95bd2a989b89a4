import { z } from "zod";
import { tenantName, tenantSlug } from "../schemas";
import { createTenant } from "../services/tenants/create-tenant";
import { listMyTenants } from "../services/tenants/list-my-tenants";
import { updateTenant } from "../services/tenants/update-tenant";
import { tenantUsage } from "../services/samples/usage";
import { createTRPCRouter, protectedProcedure, tenantProcedure } from "../trpc";

const tenantOut = z.object({ id: z.string(), slug: z.string(), name: z.string() });

export const tenantRouter = createTRPCRouter({
  list: protectedProcedure
    .output(z.array(tenantOut.extend({ role: z.string() })))
    .query(({ ctx }) => listMyTenants(ctx)),
  create: protectedProcedure
    .input(z.object({ slug: tenantSlug, name: tenantName }))
    .output(tenantOut)
    .mutation(({ ctx, input }) => createTenant(ctx, { ...input, ownerUserId: ctx.user.id })),
  get: tenantProcedure
    .output(tenantOut.extend({ role: z.string() }))
    .query(({ ctx }) => ({ ...ctx.scope.tenant, role: ctx.scope.role })),
  usage: tenantProcedure
    .output(
      z.object({
        activeSeries: z.number(), samplesPerSecond: z.number(), bytesEstimate: z.number(), retentionDays: z.number().nullable(),
        limits: z.object({
          ingestionRate: z.number(), ingestionBurstSize: z.number(), maxActiveSeries: z.number(), maxLabelNamesPerSeries: z.number(),
          maxLabelNameLength: z.number(), maxLabelValueLength: z.number(), creationGracePeriodMs: z.number(),
        }),
      }),
    )
    .query(({ ctx }) => tenantUsage(ctx.scope)),
  update: tenantProcedure
    .input(z.object({ name: tenantName.optional(), retentionDays: z.number().int().min(1).max(3650).optional() }))
    .output(tenantOut.extend({ retentionDays: z.number() }))
    .mutation(({ ctx, input }) => updateTenant(ctx.scope, { name: input.name, retentionDays: input.retentionDays })),
});
