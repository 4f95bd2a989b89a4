/**
 * Label pairs in exposition order, without the metric name. Pairs rather than a record: the parser appends
 * without hashing, consumers that fingerprint sort a short array anyway, and the array can be extended with
 * target labels without copying the strings.
 */
export type Labels = readonly (readonly [name: string, value: string])[];

/** One parsed sample. `timestampMs` is undefined when the exposition gave none (the scraper uses scrape time). */
export interface Sample {
  name: string;
  labels: Labels;
  value: number;
  timestampMs?: number;
}

export type MetricType =
  | "counter"
  | "gauge"
  | "histogram"
  | "gaugehistogram"
  | "summary"
  | "info"
  | "stateset"
  | "unknown";

export interface MetricMetadata {
  type: MetricType;
  help: string | undefined;
  unit: string | undefined;
}

export interface ParseResult {
  samples: Sample[];
  /** Families that declared TYPE, HELP or UNIT, keyed by family name. */
  metadata: Map<string, MetricMetadata>;
}

/** Per-scrape limits in Prometheus's spirit; exceeding one aborts the parse with an error whose code names it. */
export interface ParseLimits {
  /** Maximum number of samples (Prometheus `sample_limit`). */
  sampleLimit?: number;
  /** Maximum labels per series, counting the metric name as `__name__` does (Prometheus `label_limit`). */
  labelLimit?: number;
  /** Maximum UTF-8 bytes of a label name (Prometheus `label_name_length_limit`). */
  labelNameLengthLimit?: number;
  /** Maximum UTF-8 bytes of a label value, the metric name included (Prometheus `label_value_length_limit`). */
  labelValueLengthLimit?: number;
}
