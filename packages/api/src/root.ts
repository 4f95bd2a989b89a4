import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { alertingRouter } from "./routers/alerting";
import { apiTokenRouter } from "./routers/api-token";
import { auditRouter } from "./routers/audit";
import { boardRouter, enrolmentTokenRouter } from "./routers/board";
import { dashboardRouter } from "./routers/dashboard";
import { invitationRouter } from "./routers/invitation";
import { memberRouter } from "./routers/member";
import { tenantRouter } from "./routers/tenant";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  tenant: tenantRouter,
  member: memberRouter,
  invitation: invitationRouter,
  apiToken: apiTokenRouter,
  audit: auditRouter,
  board: boardRouter,
  enrolmentToken: enrolmentTokenRouter,
  dashboard: dashboardRouter,
  alerting: alertingRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
