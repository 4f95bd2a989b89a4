import type { SeriesWrite } from "@boardwatch/tsdb";
import type { SeriesLabeler } from "./series-labels";

export interface ReportValues {
  up: 0 | 1;
  durationSeconds: number;
  samplesScraped: number;
  samplesPostRelabeling: number;
  seriesAdded: number;
}

/** Prometheus's five synthetic series of a scrape, with the target labels only, keyed by series key. */
export function reportSeries(labeler: SeriesLabeler, values: ReportValues, t: number): Map<string, SeriesWrite> {
  const series = new Map<string, SeriesWrite>();
  const add = (name: string, v: number): void => {
    const { key, labels } = labeler.label(name, []);
    series.set(key, { labels, samples: [{ t, v }] });
  };
  add("up", values.up);
  add("scrape_duration_seconds", values.durationSeconds);
  add("scrape_samples_scraped", values.samplesScraped);
  add("scrape_samples_post_metric_relabeling", values.samplesPostRelabeling);
  add("scrape_series_added", values.seriesAdded);
  return series;
}
