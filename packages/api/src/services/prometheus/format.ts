import type { QueryResult } from "@boardwatch/promql";

/**
 * A sample value as Prometheus writes it: Go's `AppendFloat(v, 'f', -1)`, switching to 'e' below 1e-6 and from
 * 1e21 on. JavaScript switches at the same bounds; only Go's exponent has at least two digits (`6.21e-07`).
 */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v).replace(/e([+-])(\d)$/, "e$10$2");
}

/** A timestamp as Prometheus writes it: Unix seconds with millisecond precision. */
export function formatTime(ms: number): number {
  return ms / 1000;
}

/** The `data` object of a query response in the Prometheus HTTP API's JSON. */
export function formatQueryResult(result: QueryResult) {
  switch (result.resultType) {
    case "scalar":
      return { resultType: "scalar", result: [formatTime(result.timestampMs), formatValue(result.value)] };
    case "string":
      return { resultType: "string", result: [formatTime(result.timestampMs), result.value] };
    case "vector":
      return {
        resultType: "vector",
        result: result.samples.map((s) => ({ metric: s.labels, value: [formatTime(s.timestampMs), formatValue(s.value)] })),
      };
    case "matrix":
      return {
        resultType: "matrix",
        result: result.series.map((s) => ({
          metric: s.labels,
          values: s.timestamps.map((t, i) => [formatTime(t), formatValue(s.values[i]!)]),
        })),
      };
    default: {
      const exhaustive: never = result;
      return exhaustive;
    }
  }
}
