import { formatQuery } from "@boardwatch/api";
import { prometheusEndpoint } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

const handler = prometheusEndpoint((_tenantId, params) => formatQuery(params));
export { handler as GET, handler as POST };
