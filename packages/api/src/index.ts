export { appRouter, createCaller, type AppRouter, type RouterInputs, type RouterOutputs } from "./root";
export { createTRPCContext, type TRPCContext } from "./trpc";
export { auth, type Auth } from "./auth";
export { env, publicUrl } from "./env";
export { AppError, httpStatusOf, type AppErrorCode } from "./errors";
export * as schemas from "./schemas";
export type { Actor, ServiceContext, TenantContext } from "./services/context";
export { createTenant } from "./services/tenants/create-tenant";
export { resolveTenantAccess } from "./services/tenants/resolve-tenant-access";
export { authenticateApiToken, createApiToken } from "./services/api-tokens/api-tokens";
export { recordAuditEvent } from "./services/audit/record-audit-event";
export { registry as metricsRegistry } from "./metrics";
export { listMyTenants } from "./services/tenants/list-my-tenants";
export { listMembers } from "./services/members/list-members";
export { ensureUser } from "./services/users/ensure-user";
export { ingestRemoteWrite } from "./services/samples/ingest-remote-write";
export { getSampleStore } from "./services/samples/sample-store";
export {
  findSeries,
  formatQuery,
  listLabelNames,
  listLabelValues,
  metricMetadata,
  runInstantQuery,
  runRangeQuery,
  type ApiResult,
} from "./services/prometheus/query";
export { enrollBoard, enrolmentRequest } from "./services/boards/enroll-board";
export { authenticateBoardCredential, findScrapeTarget, recordBoardPush, listScrapeTargets, recordScrapeResult, type ScrapeTargetConfig } from "./services/boards/scrape-targets";
export { boardStatus, type BoardStatus } from "./services/boards/board-status";
export { createEnrolmentToken, installCommand } from "./services/boards/enrolment-tokens";
export { retentionPolicy, tenantUsage } from "./services/samples/usage";
export { RedisRateLimiter, setTenantLimits, tenantLimits } from "./services/samples/limits";
export { listBoards } from "./services/boards/boards";
export { evaluateRuleGroupOnce, type EvaluationOutcome } from "./services/alerting/evaluation";
export { deliverNotification, flushNotifications, pendingDeliveryWork } from "./services/alerting/delivery";
export { getAlertmanagerConfigYaml, resetAlertmanagerConfig, setAlertmanagerConfigYaml } from "./services/alerting/alertmanager-config";
export { deleteRuleGroup, prometheusAlerts, prometheusRules, rulesAsYaml, setRuleGroup } from "./services/alerting/rule-groups";
export { importDashboard, importDashboardWithToken, tokenTenantContext } from "./services/dashboards/import-dashboard";
