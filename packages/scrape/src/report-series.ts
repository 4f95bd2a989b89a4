import type { SeriesWrite } from "@boardwatch/tsdb";
import type { SeriesLabeler } from "./series-labels";

/** Prometheus's synthetic series of every scrape, in the order it appends them. */
export const REPORT_SERIES_NAMES = [
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
] as const;

export type ReportValues = Record<(typeof REPORT_SERIES_NAMES)[number], number>;

/** The synthetic series of one scrape, labelled with the target labels only. */
export function reportSeries(labeler: SeriesLabeler, values: ReportValues, t: number): SeriesWrite[] {
  return REPORT_SERIES_NAMES.map((name) => ({ labels: labeler.label(name, []).labels, samples: [{ t, v: values[name] }] }));
}
