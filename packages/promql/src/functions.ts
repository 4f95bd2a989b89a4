import type { AggregationOp, ValueType } from "./ast";

/** Signature of a PromQL function, mirroring Prometheus's `parser.Function`. */
export interface FunctionSignature {
  name: string;
  argTypes: ValueType[];
  /** 0: exactly argTypes; n > 0: up to n trailing optional args (last type); -1: unbounded repetition of the last type. */
  variadic: number;
  returnType: ValueType;
  /** Evaluating at a pinned `@` time changes the result (time() and friends), so the harness must not pin. */
  atUnsafe?: boolean;
}

const fn = (
  name: string,
  argTypes: ValueType[],
  returnType: ValueType,
  variadic = 0,
  atUnsafe = false,
): FunctionSignature => ({ name, argTypes, variadic, returnType, atUnsafe });

const v: ValueType = "vector";
const m: ValueType = "matrix";
const s: ValueType = "scalar";
const str: ValueType = "string";

const mathFunctions = [
  "abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn", "deg", "rad",
  "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh",
];
const overTimeFunctions = [
  "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
  "stddev_over_time", "stdvar_over_time", "last_over_time", "first_over_time", "present_over_time",
  "mad_over_time", "ts_of_min_over_time", "ts_of_max_over_time", "ts_of_first_over_time",
  "ts_of_last_over_time", "absent_over_time", "changes", "resets", "delta", "deriv", "idelta",
  "increase", "irate", "rate",
];
const dateFunctions = ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"];
const nativeHistogramFunctions = ["histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar"];

/** The single registry of PromQL functions (Prometheus 3 float functions plus native-histogram accessors). */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(
  [
    ...mathFunctions.map((name) => fn(name, [v], v)),
    ...overTimeFunctions.map((name) => fn(name, [m], v)),
    ...dateFunctions.map((name) => fn(name, [v], v, 1, true)),
    ...nativeHistogramFunctions.map((name) => fn(name, [v], v)),
    fn("absent", [v], v),
    fn("clamp", [v, s, s], v),
    fn("clamp_max", [v, s], v),
    fn("clamp_min", [v, s], v),
    fn("double_exponential_smoothing", [m, s, s], v),
    fn("histogram_fraction", [s, s, v], v),
    fn("histogram_quantile", [s, v], v),
    fn("histogram_quantiles", [v, str, s], v, -1),
    fn("label_join", [v, str, str, str], v, -1),
    fn("label_replace", [v, str, str, str, str], v),
    fn("pi", [], s),
    fn("predict_linear", [m, s], v, 0, true),
    fn("quantile_over_time", [s, m], v),
    fn("round", [v, s], v, 1),
    fn("scalar", [v], s),
    fn("sort", [v], v),
    fn("sort_desc", [v], v),
    fn("sort_by_label", [v, str], v, -1),
    fn("sort_by_label_desc", [v, str], v, -1),
    fn("time", [], s, 0, true),
    // Experimental in Prometheus 3: the query's own start, end, range and step, in seconds.
    ...["start", "end", "range", "step"].map((name) => fn(name, [], s, 0, true)),
    fn("timestamp", [v], v, 0, true),
    fn("vector", [s], v),
  ].map((f) => [f.name, f]),
);

/** Aggregation operators with the type of their parameter (undefined: none). */
export const AGGREGATIONS: ReadonlyMap<AggregationOp, ValueType | undefined> = new Map<AggregationOp, ValueType | undefined>([
  ["sum", undefined],
  ["avg", undefined],
  ["min", undefined],
  ["max", undefined],
  ["count", undefined],
  ["group", undefined],
  ["stddev", undefined],
  ["stdvar", undefined],
  ["topk", "scalar"],
  ["bottomk", "scalar"],
  ["quantile", "scalar"],
  ["count_values", "string"],
  ["limitk", "scalar"],
  ["limit_ratio", "scalar"],
]);
