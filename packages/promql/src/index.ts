/** Public surface of @boardwatch/promql: parse, print, evaluate PromQL over a Querier. */
export type * from "./ast";
export { isComparisonOp, isSetOp } from "./ast";
export { parseExpr, ParseError, typeOf, documentedType } from "./parse";
export { printExpr } from "./printer";
export { FUNCTIONS, AGGREGATIONS, type FunctionSignature } from "./functions";
export { instantQuery, rangeQuery, type QueryOptions, type QueryOutcome, type QueryResult, type QueryStats, type VectorSample, type MatrixSeries } from "./engine";
export type { Annotations } from "./evaluate";
export { QueryError } from "./values";
export { STALE_NAN, isStaleNaN, OVER_TIME_FUNCTIONS, type OverTimeFunction, type OverTimeSeries, type Querier, type Rollups, type SampleGrid, type SeriesBuckets, type SeriesSamples } from "./querier";
export { MemoryQuerier, matchLabel } from "./memory-querier";
export type { Labels } from "./labels";
export { formatDuration, parseDuration } from "./go-compat";
