import type { RangeSeries } from "@/lib/prometheus-client";

/** Where each series has points on the shared time axis, and (stacked) the cumulative tops below each series. */
export interface SeriesLayout {
  times: number[];
  /** Per series, its value at each time index, or NaN where it has none. */
  values: Float64Array[];
  /** Stacked: per series, the top of its band at each time index (its base is the previous series' top). */
  tops: Float64Array[] | null;
  min: number;
  max: number;
}

/** Lays series out on their union of timestamps, stacking them when asked, with the value range to scale to. */
export function layoutSeries(series: readonly RangeSeries[], stacked: boolean): SeriesLayout {
  const all = new Set<number>();
  for (const s of series) for (const p of s.points) all.add(p.t);
  const times = [...all].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const values = series.map((s) => {
    const row = new Float64Array(times.length).fill(NaN);
    for (const p of s.points) row[index.get(p.t)!] = p.v;
    return row;
  });
  let min = Infinity;
  let max = -Infinity;
  let tops: Float64Array[] | null = null;
  if (stacked) {
    const sum = new Float64Array(times.length);
    tops = values.map((row) => {
      const top = new Float64Array(times.length);
      for (let i = 0; i < row.length; i++) {
        if (Number.isFinite(row[i]!)) sum[i]! += row[i]!;
        top[i] = sum[i]!;
        if (sum[i]! < min) min = sum[i]!;
        if (sum[i]! > max) max = sum[i]!;
      }
      return top;
    });
    min = Math.min(0, min);
  } else {
    for (const row of values) {
      for (const v of row) {
        if (!Number.isFinite(v)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  if (min === Infinity) [min, max] = [0, 1];
  if (min === max) [min, max] = [min - 1, max + 1];
  [min, max] = niceDomain(min, max);
  return { times, values, tops, min, max };
}

/** A 1, 2 or 5 step giving four to seven ticks over [min, max]. */
function niceStep(min: number, max: number): number {
  const raw = (max - min) / 6;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
}

/** Widens [min, max] to multiples of a 1, 2 or 5 step (about five ticks), so the axis reads 30, 32, 34 … */
export function niceDomain(min: number, max: number): [number, number] {
  const step = niceStep(min, max);
  return [Math.floor(min / step) * step, Math.ceil(max / step) * step];
}

/** Axis ticks at a nice step inside [min, max], rounded so that 0.1 + 0.2 reads 0.3. */
export function niceTicks(min: number, max: number): number[] {
  if (!(max > min)) return [min];
  const step = niceStep(min, max);
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(digits)));
  return ticks;
}

/**
 * SVG path data of one series: a line through its points, broken where it has no value (like
 * `connectNulls={false}`), or the outline of its band down to `base` (areas, stacked areas).
 */
export function seriesPath(
  times: readonly number[],
  top: ArrayLike<number>,
  present: ArrayLike<number>,
  x: (t: number) => number,
  y: (v: number) => number,
  base: ((i: number) => number) | null,
): string {
  let d = "";
  let run: number[] = [];
  const flush = () => {
    if (!run.length) return;
    let part = "";
    for (let k = 0; k < run.length; k++) part += `${k ? "L" : "M"}${x(times[run[k]!]!).toFixed(1)},${y(top[run[k]!]!).toFixed(1)}`;
    if (base) for (let k = run.length - 1; k >= 0; k--) part += `L${x(times[run[k]!]!).toFixed(1)},${y(base(run[k]!)).toFixed(1)}`;
    d += base ? `${part}Z` : part;
    run = [];
  };
  for (let i = 0; i < times.length; i++) {
    if (Number.isFinite(present[i]!)) run.push(i);
    else flush();
  }
  flush();
  return d;
}
