import { prometheusAlerts } from "@boardwatch/api";
import { prometheusTenantEndpoint } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

/** Prometheus's `/api/v1/alerts`: every pending and firing alert of the tenant. */
export const GET = prometheusTenantEndpoint(async (ctx) => ({ data: await prometheusAlerts(ctx) }));
