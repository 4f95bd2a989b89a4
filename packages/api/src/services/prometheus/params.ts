import { parseDuration as parsePromDuration, parseExpr, ParseError, type LabelMatcher } from "@boardwatch/promql";
import { AppError } from "../../errors";

// A missing start/end means "all time", as in Prometheus; these bounds stay inside Postgres's timestamp range.
export const MIN_TIME_MS = Date.UTC(1, 0, 1);
export const MAX_TIME_MS = Date.UTC(9999, 11, 31);

function bad(param: string, message: string): AppError {
  return new AppError("BAD_REQUEST", `invalid parameter "${param}": ${message}`);
}

/** A timestamp as the Prometheus API takes it: Unix seconds (float) or RFC 3339; milliseconds out. */
export function parseTime(param: string, value: string | null, fallbackMs: number): number {
  if (value === null || value === "") return fallbackMs;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
    const ms = Number(value) * 1000;
    if (!Number.isFinite(ms)) throw bad(param, `cannot parse "${value}" to a valid timestamp`);
    // Like Prometheus's minTime/maxTime: anything beyond is the edge of time, not an overflow further down.
    return Math.min(MAX_TIME_MS, Math.max(MIN_TIME_MS, Math.round(ms)));
  }
  const parsed = Date.parse(value);
  if (/^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(parsed)) return parsed;
  throw bad(param, `cannot parse "${value}" to a valid timestamp`);
}

/** A duration as the Prometheus API takes it: float seconds or a Prometheus duration (`1m30s`); ms out. */
export function parseDuration(param: string, value: string): number {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
    const ms = Number(value) * 1000;
    if (!Number.isFinite(ms)) throw bad(param, `cannot parse "${value}" to a valid duration. It overflows int64`);
    return Math.round(ms);
  }
  const ms = parsePromDuration(value);
  if (ms === undefined) throw bad(param, `cannot parse "${value}" to a valid duration`);
  return ms;
}

/** The label matchers of a series selector such as `up{job="node"}` (the API's `match[]`). */
export function parseSeriesSelector(param: string, value: string): LabelMatcher[] {
  let expr;
  try {
    expr = parseExpr(value);
  } catch (error) {
    if (error instanceof ParseError) throw bad(param, error.message);
    throw error;
  }
  if (expr.kind !== "VectorSelector") throw bad(param, `1:1: parse error: expected a series selector, got ${value}`);
  return expr.matchers;
}

/** A non-negative integer limit (`limit=`); 0 or absent means no limit. */
export function parseLimit(value: string | null, param = "limit"): number {
  if (value === null || value === "") return 0;
  if (!/^\d+$/.test(value)) throw bad(param, `cannot parse "${value}" to a valid limit`);
  return Number(value);
}
