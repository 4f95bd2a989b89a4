import type { Labels } from "./labels";

/** Per-step evaluation grid: step i is at `start + i * interval`. */
export interface Steps {
  start: number;
  end: number;
  interval: number;
  times: Float64Array;
}

/** An instant-vector series over all steps (dense: `present[i]` says whether step i has a value). */
export interface StepSeries {
  labels: Labels;
  /** Prometheus 3 delays `__name__` removal to the end of evaluation; this marks series that will lose it. */
  dropName: boolean;
  values: Float64Array;
  present: Uint8Array;
}

/** A range-vector series: non-stale samples in ascending time order. */
export interface RangeSeries {
  labels: Labels;
  dropName: boolean;
  t: Float64Array;
  v: Float64Array;
}

/** Values flowing between evaluator nodes, each spanning all steps. */
export type Value =
  | { type: "scalar"; values: Float64Array }
  | { type: "string"; value: string }
  | { type: "vector"; series: StepSeries[] }
  /** A range vector: the window of step i is `(evalTimes[i] - rangeMs, evalTimes[i]]`. */
  | { type: "matrix"; series: RangeSeries[]; rangeMs: number; evalTimes: Float64Array };

/** Creates an empty series over n steps. */
export function newSeries(labels: Labels, dropName: boolean, n: number): StepSeries {
  return { labels, dropName, values: new Float64Array(n), present: new Uint8Array(n) };
}

/** A runtime query error, with Prometheus's wording. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryError";
  }
}
