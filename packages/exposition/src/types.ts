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
  /**
   * The series exactly as the text format exposed it (`name{labels}`), set when the parser was given `known`
   * series: what to remember it by for the next parse. May share memory with the body it was cut from.
   */
  series?: string;
}

/** A series the text parser met before: its exposed text, and its name and labels as that parse returned them. */
export interface ExposedSeries {
  readonly series: string;
  readonly name: string;
  readonly labels: Labels;
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
  metadata: ReadonlyMap<string, MetricMetadata>;
  /** The comment lines in order, set when the text parser was given what it knew (see KnownExposition). */
  comments?: ExposedComment[];
}

/** A comment line the text parser met before (from its `#`), and the HELP or TYPE it declared, if any. */
export interface ExposedComment {
  readonly line: string;
  readonly family?: string;
  readonly type?: MetricType;
  readonly help?: string;
}

/**
 * What the text parser saw in a target's last parse under the same limits, in exposition order, so that the
 * next parse skips what repeats, as Prometheus's scrape cache does. A line that starts with the text of the
 * known series at its position, followed by a space, takes that series' name and labels; a comment line equal
 * to the known one at its position is not parsed again (so a changed TYPE does not renormalise a known
 * series' `le`, as in Prometheus). Exporters print their series in the same order every time.
 */
export interface KnownExposition {
  readonly series: readonly ExposedSeries[];
  readonly comments: readonly ExposedComment[];
  /** The metadata that parse returned: handed back as is when every comment line repeats. */
  readonly metadata: ReadonlyMap<string, MetricMetadata>;
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
