import type { SeriesWrite, WriteResult } from "./types";

/** Per-tenant ingestion limits, named after Mimir's. Zero disables a limit. */
export interface TenantLimits {
  /** Samples per second, refilled continuously. */
  ingestionRate: number;
  /** Largest number of samples accepted at once (bucket size). */
  ingestionBurstSize: number;
  /** Series with samples in the active window (see `SampleStoreOptions.activeWindowMs`). */
  maxActiveSeries: number;
  maxLabelNamesPerSeries: number;
  maxLabelNameLength: number;
  maxLabelValueLength: number;
  /** Samples later than now + this are rejected. */
  creationGracePeriodMs: number;
}

/** Mimir's defaults. */
export const DEFAULT_LIMITS: TenantLimits = {
  ingestionRate: 10_000,
  ingestionBurstSize: 200_000,
  maxActiveSeries: 150_000,
  maxLabelNamesPerSeries: 30,
  maxLabelNameLength: 1024,
  maxLabelValueLength: 2048,
  creationGracePeriodMs: 10 * 60_000,
};

export type LimitName =
  | "ingestion_rate"
  | "max_active_series"
  | "max_label_names_per_series"
  | "max_label_name_length"
  | "max_label_value_length"
  | "missing_metric_name"
  | "too_far_in_future";

const STATUS: Record<LimitName, 400 | 429> = {
  ingestion_rate: 429,
  max_active_series: 400,
  max_label_names_per_series: 400,
  max_label_name_length: 400,
  max_label_value_length: 400,
  missing_metric_name: 400,
  too_far_in_future: 400,
};

/** A write exceeded a tenant limit; `accepted` says what was stored anyway (nothing for `ingestion_rate`). */
export class LimitError extends Error {
  readonly status: 400 | 429;

  constructor(
    readonly limit: LimitName,
    message: string,
    readonly rejectedSamples: number,
    readonly accepted: WriteResult,
  ) {
    super(message);
    this.name = "LimitError";
    this.status = STATUS[limit];
  }
}

/** Returns the first limit a series' labels break, if any. */
export function checkLabels(labels: SeriesWrite["labels"], limits: TenantLimits): LimitName | undefined {
  if (!labels.__name__) return "missing_metric_name";
  // for-in rather than Object.keys: this runs for every series of every write, and allocates nothing.
  if (limits.maxLabelNamesPerSeries) {
    let names = 0;
    for (const _ in labels) names++;
    if (names > limits.maxLabelNamesPerSeries) return "max_label_names_per_series";
  }
  if (!limits.maxLabelNameLength && !limits.maxLabelValueLength) return undefined;
  for (const name in labels) {
    if (limits.maxLabelNameLength && name.length > limits.maxLabelNameLength) return "max_label_name_length";
    if (limits.maxLabelValueLength && (labels[name] as string).length > limits.maxLabelValueLength) return "max_label_value_length";
  }
  return undefined;
}

/** Human-readable reason for a rejection, in Mimir's wording where it has one. */
export function limitMessage(limit: LimitName, limits: TenantLimits, count: number): string {
  switch (limit) {
    case "ingestion_rate":
      return `the request has been rejected because the tenant exceeded the ingestion rate limit, set to ${limits.ingestionRate} samples/s with a maximum allowed burst of ${limits.ingestionBurstSize}`;
    case "max_active_series":
      return `per-user series limit of ${limits.maxActiveSeries} exceeded; ${count} series rejected`;
    case "max_label_names_per_series":
      return `series has more than ${limits.maxLabelNamesPerSeries} label names; ${count} series rejected`;
    case "max_label_name_length":
      return `label name longer than ${limits.maxLabelNameLength} characters; ${count} series rejected`;
    case "max_label_value_length":
      return `label value longer than ${limits.maxLabelValueLength} characters; ${count} series rejected`;
    case "missing_metric_name":
      return `sample without metric name; ${count} series rejected`;
    case "too_far_in_future":
      return `sample timestamp too far in the future (more than ${limits.creationGracePeriodMs} ms ahead); ${count} samples rejected`;
    default:
      return limit satisfies never;
  }
}
