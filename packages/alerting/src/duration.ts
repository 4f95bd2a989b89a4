/** Prometheus durations (`model.ParseDuration`): `1h30m`, `5m`, `0`, units y w d h m s ms in that order. */

const units: Array<[string, number]> = [
  ["y", 365 * 24 * 3600 * 1000],
  ["w", 7 * 24 * 3600 * 1000],
  ["d", 24 * 3600 * 1000],
  ["h", 3600 * 1000],
  ["m", 60 * 1000],
  ["s", 1000],
  ["ms", 1],
];
const durationRe = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds of a Prometheus duration; throws Prometheus's message when invalid. */
export function parseDuration(s: string): number {
  if (s === "0") return 0;
  const m = durationRe.exec(s);
  if (!m || s === "") throw new Error(`not a valid duration string: ${JSON.stringify(s)}`);
  return units.reduce((ms, [, mult], i) => ms + Number(m[i + 1] ?? 0) * mult, 0);
}

/** Formats milliseconds like `model.Duration.String()` (`1h30m`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const [unit, mult] of units) {
    // Years and weeks only when exact, as Prometheus prints them.
    if ((unit === "y" || unit === "w") && rest % mult !== 0) continue;
    const v = Math.floor(rest / mult);
    if (v > 0) {
      out += `${v}${unit}`;
      rest -= v * mult;
    }
  }
  return out;
}
