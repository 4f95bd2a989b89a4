import { queryRange, type RangeSeries } from "@/lib/prometheus-client";
import { queryInstant, type TableRow } from "./instant-query";
import { resolveRange, type TimeRange } from "./time-range";
import type { Tab } from "./url-state";

/** What one run of the Explore query produced, with how long the API took to answer (round trip). */
export type ExploreResult = { tookMs: number } & (
  | { kind: "graph"; startMs: number; endMs: number; stepSeconds: number; series: RangeSeries[] }
  | { kind: "table"; timeMs: number; rows: TableRow[] }
);

/** Series and sample counts of a result, for the stats line. */
export function resultStats(result: ExploreResult): { series: number; samples: number } {
  if (result.kind === "graph") return { series: result.series.length, samples: result.series.reduce((n, s) => n + s.points.length, 0) };
  return { series: result.rows.length, samples: result.rows.reduce((n, r) => n + r.samples.length, 0) };
}

/**
 * Runs the query for a tab: a range query over `range` every `stepSeconds` for the graph, an instant query at
 * the end of the range for the table. Relative ranges end at the moment of the run.
 */
export async function runExploreQuery(opts: { tenant: string; query: string; range: TimeRange; tab: Tab; stepSeconds: number }): Promise<ExploreResult> {
  const { startMs, endMs } = resolveRange(opts.range, Date.now());
  const started = performance.now();
  const tookMs = () => Math.round(performance.now() - started);
  if (opts.tab === "graph") {
    const series = await queryRange(opts.tenant, opts.query, startMs / 1000, endMs / 1000, opts.stepSeconds);
    return { kind: "graph", startMs, endMs, stepSeconds: opts.stepSeconds, series, tookMs: tookMs() };
  }
  const rows = await queryInstant(opts.tenant, opts.query, endMs / 1000);
  return { kind: "table", timeMs: endMs, rows, tookMs: tookMs() };
}
