import { z } from "zod";
import { tenantName, tenantSlug } from "../schemas";
import { createTenant } from "../services/tenants/create-tenant";
import { listMyTenants } from "../services/tenants/list-my-tenants";
import { updateTenant } from "../services/tenants/update-tenant";
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
  update: tenantProcedure
    .input(z.object({ name: tenantName.optional(), retentionDays: z.number().int().min(1).max(3650).optional() }))
    .output(tenantOut.extend({ retentionDays: z.number() }))
    .mutation(({ ctx, input }) => updateTenant(ctx.scope, { name: input.name, retentionDays: input.retentionDays })),
});
