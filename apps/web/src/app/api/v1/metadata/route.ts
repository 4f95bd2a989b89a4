import { prometheusEndpoint } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

// Metric metadata (HELP/TYPE) is not stored yet; an empty map is what Prometheus answers for unknown metrics.
const handler = prometheusEndpoint(() => ({ data: {} }));
export { handler as GET };
