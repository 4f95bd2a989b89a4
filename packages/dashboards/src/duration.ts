const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };
const LARGEST_FIRST = ["y", "w", "d", "h", "m", "s"] as const;

/** Seconds of a Prometheus duration (`15s`, `1h30m`, `500ms`), or `undefined` if it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(ms|[smhdwy]))+$/.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ms|[smhdwy])/g)) seconds += Number(n) * UNIT_SECONDS[unit!]!;
  return seconds > 0 ? seconds : undefined;
}

/** A number of seconds as a Prometheus duration, largest units first (`90` → `1m30s`, `0.5` → `500ms`). */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  let rest = Math.round(seconds);
  if (rest <= 0) return "0s";
  let out = "";
  for (const unit of LARGEST_FIRST) {
    const size = UNIT_SECONDS[unit]!;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
