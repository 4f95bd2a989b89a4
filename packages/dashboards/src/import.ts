import { convertGrafanaDashboard, isBoardwatchDashboard } from "./grafana/convert";
import { parseDashboard, type Dashboard } from "./schema";

export interface ImportedDashboard {
  dashboard: Dashboard;
  /** The uid the document carries, if any (Grafana's `uid`, or ours on export). */
  uid: string | null;
  source: "boardwatch" | "grafana";
  warnings: string[];
}

const UID = /^[\w-]{1,40}$/;

/**
 * Reads an imported JSON document: one of our exports, a Grafana dashboard, or Grafana's HTTP API shape
 * `{ "dashboard": …, "overwrite": … }`. Errors name the field at fault, as `dashboard.<path>: <problem>`.
 */
export function importDashboardJson(input: unknown): { ok: true; value: ImportedDashboard } | { ok: false; error: string; field: string } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { ok: false, error: "dashboard: must be a JSON object", field: "dashboard" };
  const doc = input as Record<string, unknown>;
  const inner = typeof doc.dashboard === "object" && doc.dashboard !== null && !("panels" in doc) ? doc.dashboard : input;
  if (isBoardwatchDashboard(inner)) {
    const { uid, ...model } = inner as Record<string, unknown>;
    const parsed = parseDashboard(model);
    if (!parsed.ok) return { ok: false, error: parsed.error.split("; ").map((e) => `dashboard.${e}`).join("; "), field: `dashboard.${parsed.field}` };
    return { ok: true, value: { dashboard: parsed.dashboard, uid: typeof uid === "string" && UID.test(uid) ? uid : null, source: "boardwatch", warnings: [] } };
  }
  const converted = convertGrafanaDashboard(inner);
  if ("error" in converted) return { ok: false, error: converted.error, field: converted.field === "dashboard" ? "dashboard" : `dashboard.${converted.field}` };
  return { ok: true, value: { ...converted, source: "grafana" } };
}
