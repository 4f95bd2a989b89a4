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

// The marker is defined once, with the wire formats that carry it.
export { isStaleNaN, STALE_NAN } from "@boardwatch/exposition";
