import { formatDuration, parseDuration as parsePromDuration } from "@boardwatch/promql";

export { formatDuration };

/** Milliseconds of a Prometheus duration (`1h30m`, `5m`, `0`); throws Prometheus's message when invalid. */
export function parseDuration(s: string): number {
  const ms = parsePromDuration(s);
  if (ms === undefined) throw new Error(`not a valid duration string: ${JSON.stringify(s)}`);
  return ms;
}
