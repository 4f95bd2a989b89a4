import { formatLegend, interpolate, panelStep, rateInterval, type BuiltinValues, type DataPanel, type Reduce, type Threshold, type VariableValue } from "@boardwatch/dashboards";
import { queryInstant } from "@/lib/explore/instant-query";
import { queryRange } from "@/lib/prometheus-client";

/** One series of a panel: its legend, its query and its points (one point for instant queries). */
export interface PanelSeries {
  name: string;
  refId: string;
  labels: Record<string, string>;
  points: Array<{ t: number; v: number }>;
}

export interface PanelData {
  series: PanelSeries[];
  startMs: number;
  endMs: number;
  stepSeconds: number;
  /** Per query, the error it answered with. */
  errors: Array<{ refId: string; message: string }>;
  /** When the answers arrived (performance.now()), to measure rendering after data. */
  arrivedAt: number;
}

/**
 * Runs a panel's queries in parallel, as its width allows: at most one point per pixel (`maxDataPoints`),
 * variables and Grafana's built-ins (`$__rate_interval`, `$__interval`, `$__range` …) interpolated.
 */
export async function runPanel(opts: {
  tenant: string;
  panel: DataPanel;
  startMs: number;
  endMs: number;
  widthPx: number;
  variables: Record<string, VariableValue>;
}): Promise<PanelData> {
  const { panel, startMs, endMs } = opts;
  const rangeSeconds = (endMs - startMs) / 1000;
  const stepSeconds = panelStep({ rangeSeconds, maxDataPoints: panel.maxDataPoints ?? Math.max(10, opts.widthPx), minInterval: panel.minInterval });
  const builtins: BuiltinValues = { intervalSeconds: stepSeconds, rateIntervalSeconds: rateInterval(stepSeconds), rangeSeconds, fromMs: startMs, toMs: endMs };
  // Align relative ranges to the step, so successive refreshes reuse the same timestamps (and caches).
  const alignedEnd = Math.floor(endMs / 1000 / stepSeconds) * stepSeconds;
  const queries = panel.queries.filter((q) => !q.hide && q.expr.trim() !== "");
  const answers = await Promise.allSettled(
    queries.map(async (q) => {
      const expr = interpolate(q.expr, { variables: opts.variables, builtins });
      if (q.instant) {
        const rows = await queryInstant(opts.tenant, expr, endMs / 1000);
        return rows.map((r) => ({ labels: r.labels, points: r.samples.map((s) => ({ t: s.t, v: Number(s.v) })) }));
      }
      return queryRange(opts.tenant, expr, alignedEnd - rangeSeconds, alignedEnd, stepSeconds);
    }),
  );
  const series: PanelSeries[] = [];
  const errors: PanelData["errors"] = [];
  answers.forEach((a, i) => {
    const q = queries[i]!;
    if (a.status === "rejected") errors.push({ refId: q.refId, message: (a.reason as Error).message });
    else for (const s of a.value) series.push({ name: formatLegend(q.legend, s.labels), refId: q.refId, labels: s.labels, points: s.points });
  });
  return { series, startMs, endMs, stepSeconds, errors, arrivedAt: performance.now() };
}

/** A series reduced to one value (Grafana's "calculation"); NaN when it has no finite point. */
export function reduce(points: ReadonlyArray<{ v: number }>, how: Reduce): number {
  const values = points.map((p) => p.v).filter(Number.isFinite);
  if (!values.length) return NaN;
  switch (how) {
    case "last":
      return values.at(-1)!;
    case "first":
      return values[0]!;
    case "mean":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "max":
      return Math.max(...values);
    case "min":
      return Math.min(...values);
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    default: {
      const exhaustive: never = how;
      return exhaustive;
    }
  }
}

/** The colour of the highest threshold step a value reaches. */
export function thresholdColor(value: number, thresholds: readonly Threshold[], fallback = "#3d8bfd"): string {
  let color = thresholds[0]?.color ?? fallback;
  for (const t of thresholds) if (t.value !== null && Number.isFinite(value) && value >= t.value) color = t.color;
  return color;
}
