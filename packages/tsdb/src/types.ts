/** A Prometheus label matcher; regexes are fully anchored as in Prometheus. */
export interface LabelMatcher {
  type: "=" | "!=" | "=~" | "!~";
  name: string;
  value: string;
}

export type Labels = Record<string, string>;

/** One series' samples in a time range: labels include `__name__`, timestamps are ms ascending, NaN payloads preserved. */
export interface SeriesSamples {
  labels: Labels;
  timestamps: Float64Array;
  values: Float64Array;
}

export interface Sample {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
}

export interface SeriesWrite {
  labels: Labels;
  samples: Sample[];
}

/** What a metric family declared about itself (HELP, TYPE, UNIT), as `/api/v1/metadata` answers it. */
export interface MetricMetadata {
  /** The family name as exposed (`http_requests` in OpenMetrics, `http_requests_total` in text 0.0.4). */
  metric: string;
  type: string;
  help: string;
  unit: string;
}

export interface WriteResult {
  /** Samples newly stored (a retried batch stores only what was missing). */
  samples: number;
  /** Series rows this call created. */
  seriesCreated: number;
}

export type Backend = "timescaledb" | "postgres";

/** Which rollup resolution to read. */
export type RollupResolution = "5m" | "1h";

/** The latest sample of a series at or before an instant (stale markers included, for the engine to honour). */
export interface SeriesPoint {
  labels: Labels;
  t: number;
  v: number;
}

/** The read side bound to one tenant: the PromQL engine's `Querier`, with the range functions it may evaluate in SQL. */
export type { OverTimeFunction, OverTimeSeries, Querier, Rollups, SampleGrid, SeriesBuckets } from "@boardwatch/promql";
