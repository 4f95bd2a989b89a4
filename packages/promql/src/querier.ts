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

/** The only way the evaluator reads data: all samples with startMs <= t <= endMs of the matching series. */
export interface Querier {
  select(matchers: LabelMatcher[], startMs: number, endMs: number, signal?: AbortSignal): Promise<SeriesSamples[]>;
}

const staleBits = 0x7ff0000000000002n;
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The staleness marker: a NaN with a bit pattern Prometheus reserves for "series ended". */
export const STALE_NAN: number = (() => {
  u64[0] = staleBits;
  return f64[0] as number;
})();

/** Whether a raw sample value is the staleness marker (not just any NaN). Only reliable on values read from typed arrays. */
export function isStaleNaN(v: number): boolean {
  if (v === v) return false;
  f64[0] = v;
  return u64[0] === staleBits;
}
