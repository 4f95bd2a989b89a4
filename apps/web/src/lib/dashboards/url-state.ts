import { REFRESH_INTERVALS, type Dashboard, type RefreshInterval } from "@boardwatch/dashboards";
import type { TimeRange } from "@/lib/explore/time-range";
import { decodeRange, encodeRange } from "@/lib/explore/url-state";

/** What a dashboard link carries besides the dashboard: time range, refresh and variable values (Grafana's `var-x`). */
export interface ViewState {
  range: TimeRange;
  refresh: RefreshInterval;
  variables: Record<string, string[]>;
}

/** The view from URL parameters; missing parameters take the dashboard's saved defaults. */
export function decodeView(params: URLSearchParams, dashboard: Pick<Dashboard, "time" | "refresh">): ViewState {
  const refresh = params.get("refresh") ?? "";
  const variables: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (key.startsWith("var-")) (variables[key.slice(4)] ??= []).push(value);
  }
  return {
    range: decodeRange(params, { kind: "relative", range: dashboard.time.range }),
    refresh: (REFRESH_INTERVALS as readonly string[]).includes(refresh) ? (refresh as RefreshInterval) : dashboard.refresh,
    variables,
  };
}

/** URL parameters for a view: `?range=6h&refresh=1m&var-board=pi-1&var-board=pi-2`. */
export function encodeView(view: ViewState): URLSearchParams {
  const params = new URLSearchParams();
  encodeRange(params, view.range);
  params.set("refresh", view.refresh);
  for (const [name, values] of Object.entries(view.variables)) for (const v of values) params.append(`var-${name}`, v);
  return params;
}
