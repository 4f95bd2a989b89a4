import type { LabelMatcher } from "./ast";
import type { Labels } from "./labels";

/** Matchers handed to storage are the AST's; regexes are fully anchored like Prometheus's. */
export type { LabelMatcher };

/** One series' raw samples: ms timestamps ascending, stale-marker NaN bits preserved. */
export interface SeriesSamples {
  labels: Labels;
  timestamps: Float64Array;
  values: Float64Array;
}

/**
 * Range functions a storage may evaluate itself, next to the samples (see Querier.overTime): those whose answer
 * does not depend on the order of float operations. `sum_over_time` and `avg_over_time` are not among them:
 * Prometheus's compensated summation gives answers (even 0 where the exact sum is -44.8) no SQL aggregate repeats.
 */
export const OVER_TIME_FUNCTIONS = [
  "count_over_time",
  "min_over_time",
  "max_over_time",
  "last_over_time",
  "present_over_time",
] as const;
export type OverTimeFunction = (typeof OVER_TIME_FUNCTIONS)[number];

/** One series of `fn(selector[range])`: its value at each eval time whose window held samples (`present`). */
export interface OverTimeSeries {
  labels: Labels;
  values: Float64Array;
  present: Uint8Array;
}

/**
 * The windows `[first + i * step - width, first + i * step]` (i < count) in which the engine will read a selector's
 * samples: a range query's steps, each with its range or lookback. Given only when they do not overlap.
 */
export interface SampleGrid {
  first: number;
  step: number;
  count: number;
  width: number;
}

/**
 * One series' rollup buckets: bucket i summarises the samples in `(ends[i] - width, ends[i]]`, a range selector's
 * left-open window, so a window ending on a bucket end with a range of whole buckets is whole buckets. Staleness
 * markers are not samples: a bucket holding only markers has count 0 (its other figures mean nothing).
 */
export interface SeriesBuckets {
  labels: Labels;
  ends: Float64Array;
  /** Samples in the bucket. */
  count: Float64Array;
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** The first and last sample of each bucket: time (ms) and value. */
  firstT: Float64Array;
  first: Float64Array;
  lastT: Float64Array;
  last: Float64Array;
  /** Counter increase from the bucket's first to its last sample, resets handled as Prometheus's rate does. */
  increase: Float64Array;
  /** Time of the bucket's last staleness marker (below every time if none). */
  staleT: Float64Array;
}

/** Downsampled data a storage keeps (Querier.rollups). */
export interface Rollups {
  /** The bucket widths kept (ms), each ending on its multiples. */
  widths: readonly number[];
  /**
   * Buckets of `widthMs` ending in (fromMs, toMs] of the matching series, and the time up to which they are final:
   * a bucket ending at or before `complete` holds every sample it ever will (later ones are left out). With `grid`,
   * the storage may leave out buckets outside its windows.
   */
  read(
    matchers: LabelMatcher[],
    widthMs: number,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
    grid?: SampleGrid,
  ): Promise<{ series: SeriesBuckets[]; complete: number }>;
  /** Optional: `complete` as a previous read found it, for the engine to read the raw samples after it meanwhile. */
  completeHint?(widthMs: number): number | undefined;
}

/** How the evaluator reads data. */
export interface Querier {
  /**
   * All samples with startMs <= t <= endMs of the matching series. With `grid`, the engine reads only the samples
   * within its windows, and the storage may leave the others out.
   */
  select(matchers: LabelMatcher[], startMs: number, endMs: number, signal?: AbortSignal, grid?: SampleGrid): Promise<SeriesSamples[]>;
  /**
   * Optional: `fn(selector[rangeMs])` evaluated by the storage at each of `times`, over the non-stale samples in
   * `(time - rangeMs, time]`, with Prometheus's results; `samples` counts the samples in all windows. A storage
   * offers it to avoid shipping samples to the engine; the engine evaluates the same itself otherwise.
   */
  overTime?(
    fn: OverTimeFunction,
    matchers: LabelMatcher[],
    rangeMs: number,
    times: Float64Array,
    signal?: AbortSignal,
  ): Promise<{ series: OverTimeSeries[]; samples: number }>;
  /** Optional: rollups the engine reads instead of raw samples where they give the same answer (see evaluate-rollups.ts). */
  rollups?: Rollups;
}

// The marker is defined once, with the wire formats that carry it.
export { isStaleNaN, STALE_NAN } from "@boardwatch/exposition";
