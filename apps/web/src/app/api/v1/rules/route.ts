import { prometheusRules } from "@boardwatch/api";
import { prometheusTenantEndpoint } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

/** Prometheus's `/api/v1/rules`: the tenant's rule groups with their health and active alerts. */
export const GET = prometheusTenantEndpoint(async (ctx, params) => ({ data: await prometheusRules(ctx, params) }));
