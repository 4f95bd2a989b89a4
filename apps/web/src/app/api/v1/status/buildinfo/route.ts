import { handlePrometheusRequest, prometheusData, tenantOfRequest } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

function buildinfo(req: Request) {
  return handlePrometheusRequest(async () => {
    await tenantOfRequest(req, "READ");
    return prometheusData({
      version: "3.0.0",
      revision: process.env.BOARDWATCH_REVISION ?? "unknown",
      branch: "boardwatch",
      buildUser: "boardwatch",
      buildDate: "",
      goVersion: "n/a",
    });
  });
}

export { buildinfo as GET, buildinfo as POST };
