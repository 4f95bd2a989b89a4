import { metricMetadata } from "@boardwatch/api";
import { prometheusEndpoint } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

const handler = prometheusEndpoint(metricMetadata);
export { handler as GET, handler as POST };
