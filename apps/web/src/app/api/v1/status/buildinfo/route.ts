import { prometheusEndpoint } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

// Grafana reads the version to pick Prometheus features; Boardwatch speaks the 3.x query API.
const handler = prometheusEndpoint(() => ({
  data: { version: "3.0.0", revision: process.env.BOARDWATCH_REVISION ?? "unknown", branch: "boardwatch", buildUser: "boardwatch", buildDate: "", goVersion: "n/a" },
}));
export { handler as GET, handler as POST };
