import { instantQuery, ParseError, printExpr, parseExpr, QueryError, rangeQuery, type LabelMatcher, type QueryOutcome } from "@boardwatch/promql";
import { AppError } from "../../errors";
import { getSampleStore } from "../samples/sample-store";
import { formatQueryResult } from "./format";
import { MAX_TIME_MS, MIN_TIME_MS, parseDuration, parseLimit, parseSeriesSelector, parseTime } from "./params";

/** What a Prometheus API handler returns: `data` plus the annotations Prometheus attaches. */
export interface ApiResult {
  data: unknown;
  warnings?: string[];
  infos?: string[];
}

const DEFAULT_TIMEOUT_MS = 2 * 60_000;

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === "") throw new AppError("BAD_REQUEST", `invalid parameter "${name}": missing ${name}`);
  return value;
}

async function evaluate(run: (signal: AbortSignal) => Promise<QueryOutcome>, params: URLSearchParams): Promise<ApiResult> {
  const timeoutMs = params.get("timeout") ? parseDuration("timeout", params.get("timeout")!) : DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(Math.min(timeoutMs, DEFAULT_TIMEOUT_MS));
  const started = performance.now();
  try {
    const { result, annotations, stats } = await run(signal);
    const data = formatQueryResult(result) as Record<string, unknown>;
    // Prometheus's `stats` (any value asks for them): timings in seconds and the samples the query touched.
    if (params.has("stats")) {
      const total = (performance.now() - started) / 1000;
      data.stats = {
        timings: {
          evalTotalTime: total,
          resultSortTime: 0,
          queryPreparationTime: stats.prefetchMs / 1000,
          innerEvalTime: stats.evalMs / 1000,
          execQueueTime: 0,
          execTotalTime: total,
        },
        // Our count is a running total of samples loaded, so it is also an upper bound of the peak.
        samples: { totalQueryableSamples: stats.samples, peakSamples: stats.samples },
      };
    }
    return {
      data,
      ...(annotations.warnings.length ? { warnings: annotations.warnings } : {}),
      ...(annotations.infos.length ? { infos: annotations.infos } : {}),
    };
  } catch (error) {
    if (error instanceof ParseError) throw new AppError("BAD_REQUEST", `invalid parameter "query": ${error.message}`);
    if (signal.aborted) throw new AppError("TIMEOUT", "query timed out in expression evaluation");
    if (error instanceof QueryError) throw new AppError("UNPROCESSABLE", error.message);
    throw error;
  }
}

/** `/api/v1/query`: an instant query at `time` (default now). */
export async function runInstantQuery(tenantId: string, params: URLSearchParams, nowMs = Date.now()): Promise<ApiResult> {
  const query = required(params, "query");
  const time = parseTime("time", params.get("time"), nowMs);
  const querier = (await getSampleStore()).querier(tenantId);
  return evaluate((signal) => instantQuery(querier, query, time, { signal }), params);
}

/** `/api/v1/query_range`: a range query over [start, end] every `step`. */
export async function runRangeQuery(tenantId: string, params: URLSearchParams): Promise<ApiResult> {
  const query = required(params, "query");
  const start = parseTime("start", required(params, "start"), 0);
  const end = parseTime("end", required(params, "end"), 0);
  const step = parseDuration("step", required(params, "step"));
  if (end < start) throw new AppError("BAD_REQUEST", `invalid parameter "end": end timestamp must not be before start time`);
  if (step <= 0) {
    throw new AppError("BAD_REQUEST", `invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer`);
  }
  if ((end - start) / step > 11_000) {
    throw new AppError("BAD_REQUEST", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
  }
  const querier = (await getSampleStore()).querier(tenantId);
  return evaluate((signal) => rangeQuery(querier, query, start, end, step, { signal }), params);
}

function matchSets(params: URLSearchParams): LabelMatcher[][] {
  return params.getAll("match[]").map((m) => parseSeriesSelector("match[]", m));
}

function timeRange(params: URLSearchParams) {
  return { start: parseTime("start", params.get("start"), MIN_TIME_MS), end: parseTime("end", params.get("end"), MAX_TIME_MS) };
}

function limited<T>(items: T[], limit: number): ApiResult {
  if (limit > 0 && items.length > limit) {
    return { data: items.slice(0, limit), warnings: ["results truncated due to limit"] };
  }
  return { data: items };
}

/** `/api/v1/series`: label sets of the series matching any `match[]` in the time range. */
export async function findSeries(tenantId: string, params: URLSearchParams): Promise<ApiResult> {
  const sets = matchSets(params);
  if (sets.length === 0) throw new AppError("BAD_REQUEST", "no match[] parameter provided");
  const { start, end } = timeRange(params);
  const store = await getSampleStore();
  const found = new Map<string, Record<string, string>>();
  for (const matchers of sets) {
    for (const labels of await store.series(tenantId, matchers, start, end)) {
      const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      found.set(JSON.stringify(sorted), sorted);
    }
  }
  const series = [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, labels]) => labels);
  return limited(series, parseLimit(params.get("limit")));
}

async function unionOver(params: URLSearchParams, list: (matchers: LabelMatcher[]) => Promise<string[]>): Promise<ApiResult> {
  const sets = matchSets(params);
  const values = new Set<string>();
  for (const matchers of sets.length ? sets : [[]]) for (const v of await list(matchers)) values.add(v);
  return limited([...values].sort(), parseLimit(params.get("limit")));
}

/** `/api/v1/labels`: label names, optionally only of series matching `match[]`. */
export async function listLabelNames(tenantId: string, params: URLSearchParams): Promise<ApiResult> {
  const store = await getSampleStore();
  return unionOver(params, (matchers) => store.labelNames(tenantId, matchers));
}

/** `/api/v1/label/<name>/values`: the values of one label, optionally only of series matching `match[]`. */
export async function listLabelValues(tenantId: string, name: string, params: URLSearchParams): Promise<ApiResult> {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) throw new AppError("BAD_REQUEST", `invalid label name: "${name}"`);
  const store = await getSampleStore();
  return unionOver(params, (matchers) => store.labelValues(tenantId, name, matchers));
}

/**
 * `/api/v1/metadata`: HELP, TYPE and UNIT per metric family, as the tenant's targets and remote writers last
 * declared them; `metric` picks one, `limit` caps the metrics. Boardwatch keeps one entry per metric, so
 * `limit_per_metric` (validated as Prometheus does) never drops one.
 */
export async function metricMetadata(tenantId: string, params: URLSearchParams): Promise<ApiResult> {
  const limit = parseLimit(params.get("limit"));
  parseLimit(params.get("limit_per_metric"), "limit_per_metric");
  const metric = params.get("metric") || undefined;
  const store = await getSampleStore();
  const entries = await store.metadata(tenantId, { metric, limit });
  return { data: Object.fromEntries(entries.map((m) => [m.metric, [{ type: m.type, help: m.help, unit: m.unit }]])) };
}

/** `/api/v1/format_query`: the query in canonical form. */
export function formatQuery(params: URLSearchParams): ApiResult {
  const query = required(params, "query");
  try {
    return { data: printExpr(parseExpr(query)) };
  } catch (error) {
    if (error instanceof ParseError) throw new AppError("BAD_REQUEST", `invalid parameter "query": ${error.message}`);
    throw error;
  }
}
