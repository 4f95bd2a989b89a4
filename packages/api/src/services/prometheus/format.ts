import type { QueryResult } from "@boardwatch/promql";

/** A sample value as Prometheus writes it: Go's `FormatFloat(v, 'f', -1, 64)`, so never in exponent form. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  const s = String(v);
  if (!s.includes("e")) return s;
  const [mantissa, exp] = s.split("e") as [string, string];
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const point = (mantissa.replace("-", "").indexOf(".") + 1 || mantissa.replace("-", "").length + 1) - 1 + Number(exp);
  const body =
    point <= 0 ? `0.${"0".repeat(-point)}${digits}` : point >= digits.length ? digits + "0".repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? "-" : "") + body;
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
