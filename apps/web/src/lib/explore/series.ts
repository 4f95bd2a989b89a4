import type { RangeSeries } from "@/lib/prometheus-client";

export { seriesName } from "@boardwatch/dashboards";

/** Lines drawn at most: beyond this an SVG chart stops being readable, and the browser stops being responsive. */
export const MAX_CHART_SERIES = 100;

/** One row per timestamp with the value of each series under `s<index>`, for a recharts line per series. */
export function chartRows(series: readonly RangeSeries[]): Array<Record<string, number>> {
  const rows = new Map<number, Record<string, number>>();
  series.forEach((s, i) => {
    for (const p of s.points) {
      const row = rows.get(p.t) ?? { t: p.t };
      row[`s${i}`] = p.v;
      rows.set(p.t, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.t! - b.t!);
}
