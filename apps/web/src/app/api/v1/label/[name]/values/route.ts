import { listLabelValues } from "@boardwatch/api";
import { prometheusEndpoint } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return prometheusEndpoint((tenantId, query) => listLabelValues(tenantId, name, query))(req);
}
