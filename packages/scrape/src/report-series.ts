import type { SeriesWrite } from "@boardwatch/tsdb";
import type { LabeledSeries, SeriesLabeler } from "./series-labels";

/** Prometheus's synthetic series of every scrape, in the order it appends them. */
const REPORT_SERIES_NAMES = [
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
] as const;

export type ReportValues = Record<(typeof REPORT_SERIES_NAMES)[number], number>;

/** The synthetic series labelled with a target's labels only, in the order reportSeries expects them. */
export function reportLabels(labeler: SeriesLabeler): LabeledSeries[] {
  return REPORT_SERIES_NAMES.map((name) => labeler.label(name, []));
}

/** The synthetic series of one scrape, from the labels reportLabels gave. */
export function reportSeries(series: LabeledSeries[], values: ReportValues, t: number): SeriesWrite[] {
  return REPORT_SERIES_NAMES.map((name, i) => ({ labels: (series[i] as LabeledSeries).labels, samples: [{ t, v: values[name] }] }));
}
