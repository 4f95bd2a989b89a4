import { dashboardSchema } from "@boardwatch/dashboards";
import { z } from "zod";
import { deleteDashboard, duplicateDashboard, getDashboard, listDashboards, createDashboard, saveDashboard } from "../services/dashboards/dashboards";
import { importDashboard } from "../services/dashboards/import-dashboard";
import { listDashboardVersions, restoreDashboardVersion } from "../services/dashboards/versions";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const uid = z.string().regex(/^[\w-]{1,40}$/, "must be a dashboard uid (letters, digits, - and _)");
const version = z.number().int().min(1, "must be a version number");
const message = z.string().max(500, "must be at most 500 characters");

const summary = z.object({
  uid: z.string(), title: z.string(), tags: z.array(z.string()), version: z.number(), builtIn: z.boolean(), url: z.string(),
  updatedAt: z.date().nullable(), updatedBy: z.string(),
});
const full = summary.extend({ slug: z.string(), canEdit: z.boolean(), createdAt: z.date().nullable(), dashboard: dashboardSchema });

export const dashboardRouter = createTRPCRouter({
  list: tenantProcedure
    .input(z.object({ search: z.string().max(100).optional() }))
    .output(z.array(summary))
    .query(({ ctx, input }) => listDashboards(ctx.scope, input)),
  get: tenantProcedure
    .input(z.object({ uid }))
    .output(full)
    .query(({ ctx, input }) => getDashboard(ctx.scope, input)),
  create: tenantProcedure
    .input(z.object({ dashboard: dashboardSchema }))
    .output(full)
    .mutation(({ ctx, input }) => createDashboard(ctx.scope, input)),
  save: tenantProcedure
    .input(z.object({ uid, dashboard: dashboardSchema, version, message: message.optional() }))
    .output(full)
    .mutation(({ ctx, input }) => saveDashboard(ctx.scope, input)),
  delete: tenantProcedure
    .input(z.object({ uid }))
    .output(z.object({ uid: z.string() }))
    .mutation(({ ctx, input }) => deleteDashboard(ctx.scope, input)),
  duplicate: tenantProcedure
    .input(z.object({ uid, title: z.string().trim().min(1, "must not be empty").max(200).optional() }))
    .output(full)
    .mutation(({ ctx, input }) => duplicateDashboard(ctx.scope, input)),
  versions: tenantProcedure
    .input(z.object({ uid }))
    .output(z.array(z.object({ version: z.number(), message: z.string(), createdBy: z.string(), createdAt: z.date() })))
    .query(({ ctx, input }) => listDashboardVersions(ctx.scope, input)),
  restore: tenantProcedure
    .input(z.object({ uid, version }))
    .output(full)
    .mutation(({ ctx, input }) => restoreDashboardVersion(ctx.scope, input)),
  import: tenantProcedure
    .input(z.object({ dashboard: z.record(z.string(), z.unknown()), overwrite: z.boolean().optional() }))
    .output(z.object({ id: z.string(), uid: z.string(), url: z.string(), version: z.number(), title: z.string(), warnings: z.array(z.string()) }))
    .mutation(({ ctx, input }) => importDashboard(ctx.scope, { json: input.dashboard, overwrite: input.overwrite })),
});
