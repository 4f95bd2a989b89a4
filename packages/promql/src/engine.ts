import type { Expr } from "./ast";
import { resolveDurations } from "./duration-expr";
import { Evaluator, finalizeSeries, makeSteps, type Annotations } from "./evaluate";
import type { Labels } from "./labels";
import { compareLabels } from "./labels";
import { parseExpr, typeOf, documentedType } from "./parse";
import type { Querier } from "./querier";
import { QueryError, type Steps } from "./values";

/** Engine limits and defaults; every field has Prometheus's default. */
export interface QueryOptions {
  /** How far back an instant selector looks for a sample (default 5m). */
  lookbackDeltaMs?: number;
  /** Maximum samples a query may load (default 50,000,000). */
  maxSamples?: number;
  /** Maximum points per series of a range query (default 11,000). */
  maxPointsPerSeries?: number;
  /** Step of subqueries written without one (default 1m). */
  defaultSubqueryStepMs?: number;
  /** Aborting cancels the query (use AbortSignal.timeout for a timeout). */
  signal?: AbortSignal;
  /** Lets a storage that can evaluate range functions do so, and read its rollups where they give the same answer (Querier.overTime, Querier.rollups; default true). */
  pushdown?: boolean;
}

/** A float sample of an instant vector. */
export interface VectorSample {
  labels: Labels;
  value: number;
  timestampMs: number;
}

/** A series of a range vector (matrix). */
export interface MatrixSeries {
  labels: Labels;
  timestamps: number[];
  values: number[];
}

/** A query result, shaped like the Prometheus HTTP API's `resultType` variants. */
export type QueryResult =
  | { resultType: "scalar"; value: number; timestampMs: number }
  | { resultType: "string"; value: string; timestampMs: number }
  | { resultType: "vector"; samples: VectorSample[] }
  | { resultType: "matrix"; series: MatrixSeries[] };

/** A result plus the warnings and infos Prometheus would attach. */
export interface QueryOutcome {
  result: QueryResult;
  annotations: Annotations;
  /** What the query cost: samples loaded or materialised, and time spent loading data and evaluating. */
  stats: QueryStats;
}

export interface QueryStats {
  samples: number;
  prefetchMs: number;
  evalMs: number;
}

function makeEvaluator(querier: Querier, input: string, query: { start: number; end: number; step: number }, o: QueryOptions): Evaluator {
  return new Evaluator(querier, input, query, {
    lookbackDeltaMs: o.lookbackDeltaMs ?? 5 * 60 * 1000,
    maxSamples: o.maxSamples ?? 50_000_000,
    defaultSubqueryStepMs: o.defaultSubqueryStepMs ?? 60 * 1000,
    signal: o.signal,
    pushdown: o.pushdown ?? true,
  });
}

function parse(query: string | Expr): { expr: Expr; input: string } {
  return typeof query === "string" ? { expr: parseExpr(query), input: query } : { expr: query, input: "" };
}

/** Evaluates a PromQL expression at one instant; throws ParseError or QueryError. */
export async function instantQuery(querier: Querier, query: string | Expr, timeMs: number, options: QueryOptions = {}): Promise<QueryOutcome> {
  const { expr: parsed, input } = parse(query);
  const expr = resolveDurations(parsed, { stepMs: 0, rangeMs: 0 });
  const ev = makeEvaluator(querier, input, { start: timeMs, end: timeMs, step: 0 }, options);
  const steps = makeSteps(timeMs, timeMs, 0);
  const started = performance.now();
  await ev.prefetch(expr, steps);
  const prefetched = performance.now();
  const v = ev.eval(expr, steps);
  let result: QueryResult;
  switch (v.type) {
    case "scalar":
      result = { resultType: "scalar", value: v.values[0] as number, timestampMs: timeMs };
      break;
    case "string":
      result = { resultType: "string", value: v.value, timestampMs: timeMs };
      break;
    case "vector":
      result = {
        resultType: "vector",
        samples: finalizeSeries(v.series).map((s) => ({ labels: s.labels, value: s.values[0] as number, timestampMs: timeMs })),
      };
      break;
    case "matrix": {
      const t = v.evalTimes[0] as number;
      const series: MatrixSeries[] = [];
      for (const s of v.series) {
        const timestamps: number[] = [];
        const values: number[] = [];
        for (let i = 0; i < s.t.length; i++) {
          const ts = s.t[i] as number;
          if (ts > t - v.rangeMs && ts <= t) {
            timestamps.push(ts);
            values.push(s.v[i] as number);
          }
        }
        if (timestamps.length > 0) series.push({ labels: s.labels, timestamps, values });
      }
      result = { resultType: "matrix", series };
      break;
    }
    default: {
      const _x: never = v;
      return _x;
    }
  }
  return { result, annotations: ev.annotations, stats: { samples: ev.samples, prefetchMs: prefetched - started, evalMs: performance.now() - prefetched } };
}

/** Evaluates a PromQL expression at every step of [startMs, endMs]; the result is always a matrix sorted by labels. */
export async function rangeQuery(
  querier: Querier,
  query: string | Expr,
  startMs: number,
  endMs: number,
  stepMs: number,
  options: QueryOptions = {},
): Promise<QueryOutcome> {
  const { expr: parsed, input } = parse(query);
  const expr = resolveDurations(parsed, { stepMs, rangeMs: endMs - startMs });
  if (!(stepMs > 0)) throw new QueryError("zero or negative query resolution step widths are not accepted. Try a positive integer");
  if (endMs < startMs) throw new QueryError("end timestamp must not be before start time");
  const maxPoints = options.maxPointsPerSeries ?? 11_000;
  if ((endMs - startMs) / stepMs > maxPoints) {
    throw new QueryError("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
  }
  const t = typeOf(expr);
  if (t !== "scalar" && t !== "vector") {
    throw new QueryError(`invalid expression type "${documentedType(t)}" for range query, must be Scalar or instant Vector`);
  }
  const ev = makeEvaluator(querier, input, { start: startMs, end: endMs, step: stepMs }, options);
  const steps: Steps = makeSteps(startMs, endMs, stepMs);
  const started = performance.now();
  await ev.prefetch(expr, steps);
  const prefetched = performance.now();
  const v = ev.eval(expr, steps);
  const toMatrix = (labels: Labels, values: Float64Array, present: Uint8Array | undefined): MatrixSeries => {
    const out: MatrixSeries = { labels, timestamps: [], values: [] };
    for (let i = 0; i < values.length; i++) {
      if (present && !present[i]) continue;
      out.timestamps.push(steps.times[i] as number);
      out.values.push(values[i] as number);
    }
    return out;
  };
  let series: MatrixSeries[];
  if (v.type === "scalar") series = [toMatrix({}, v.values, undefined)];
  else if (v.type === "vector") series = finalizeSeries(v.series).map((s) => toMatrix(s.labels, s.values, s.present));
  else throw new QueryError(`invalid expression type "${v.type}" for range query, must be Scalar or instant Vector`);
  series.sort((a, b) => compareLabels(a.labels, b.labels));
  const stats = { samples: ev.samples, prefetchMs: prefetched - started, evalMs: performance.now() - prefetched };
  return { result: { resultType: "matrix", series }, annotations: ev.annotations, stats };
}
