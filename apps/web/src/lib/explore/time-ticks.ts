const MINUTE = 60_000;
const INTERVALS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10_080].map((m) => m * MINUTE);

/**
 * Round-time ticks for a time axis (every 5 min, 1 h, 1 d…), at most `maxTicks` of them. Ticks are aligned in
 * the browser's time zone, via `offsetMs` (east of UTC), so hourly ticks fall on local hours.
 */
export function timeTicks(startMs: number, endMs: number, maxTicks: number, offsetMs = 0): number[] {
  const interval = INTERVALS.find((i) => (endMs - startMs) / i <= maxTicks) ?? INTERVALS.at(-1)!;
  const first = Math.ceil((startMs + offsetMs) / interval) * interval - offsetMs;
  const ticks: number[] = [];
  for (let t = first; t <= endMs; t += interval) ticks.push(t);
  return ticks;
}
