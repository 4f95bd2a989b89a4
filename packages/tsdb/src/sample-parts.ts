import type { SampleGrid } from "./types";

/** Some samples of one series: raw ones (`lo` null) or a packed block (`lo`: its partition's start). */
export interface SamplePart {
  lo: number | null;
  timestamps: Float64Array;
  values: Float64Array;
  /** Known to be in time order (blocks, samples sorted before): not checked again. */
  sorted?: true;
}

/** The part in time order: raw samples arrive in scan order, which is time order but not promised to be. */
export function inTimeOrder(part: SamplePart): SamplePart {
  if (part.sorted) return part;
  const ts = part.timestamps;
  let sorted = true;
  for (let i = 1; i < ts.length && sorted; i++) sorted = (ts[i - 1] as number) < (ts[i] as number);
  if (sorted) return { ...part, sorted: true };
  const order = Array.from(ts.keys()).sort((a, b) => (ts[a] as number) - (ts[b] as number));
  const timestamps = new Float64Array(ts.length);
  const values = new Float64Array(ts.length);
  const from = new Uint32Array(part.values.buffer, part.values.byteOffset, ts.length * 2);
  const to = new Uint32Array(values.buffer);
  order.forEach((k, i) => {
    timestamps[i] = ts[k] as number;
    to[2 * i] = from[2 * k] as number;
    to[2 * i + 1] = from[2 * k + 1] as number;
  });
  return { lo: part.lo, timestamps, values, sorted: true };
}

/** Index of the first timestamp >= t. */
export function lowerBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One series' samples with start <= t <= end from its parts: ordered by time, each timestamp once. Blocks
 * never overlap each other; raw samples overlap them only when late samples wait to be packed, and where a
 * timestamp is in both the block's value wins (packing keeps the first stored value too). Values are copied
 * as bits, never as numbers, so NaN payloads (staleness markers) survive.
 */
export function mergeParts(parts: SamplePart[], startMs: number, endMs: number, grid?: SampleGrid): { timestamps: Float64Array; values: Float64Array } {
  const ranges = parts
    .map(inTimeOrder)
    .sort((a, b) => (a.lo ?? Infinity) - (b.lo ?? Infinity))
    .map((p) => ({ p, from: lowerBound(p.timestamps, startMs), to: lowerBound(p.timestamps, endMs + 1) }))
    .filter((r) => r.to > r.from);
  let total = 0;
  let ordered = true;
  let last = -Infinity;
  for (const r of ranges) {
    total += r.to - r.from;
    if ((r.p.timestamps[r.from] as number) <= last) ordered = false;
    last = r.p.timestamps[r.to - 1] as number;
  }
  if (grid && ordered) return inWindows(ranges, grid);
  if (ranges.length === 1 && ordered) {
    const [only] = ranges as [(typeof ranges)[number]];
    return { timestamps: only.p.timestamps.subarray(only.from, only.to), values: only.p.values.subarray(only.from, only.to) };
  }
  if (ordered) return concatSlices(ranges);
  const timestamps = new Float64Array(total);
  const values = new Float64Array(total);
  // Late samples among packed ones: merge, earlier parts (blocks before raw) winning ties.
  const bits = new Uint32Array(values.buffer);
  let n = 0;
  const heads = ranges.map((r) => r.from);
  for (;;) {
    let pick = -1;
    let t = Infinity;
    ranges.forEach((r, k) => {
      const i = heads[k] as number;
      if (i < r.to && (r.p.timestamps[i] as number) < t) {
        t = r.p.timestamps[i] as number;
        pick = k;
      }
    });
    if (pick < 0) break;
    const r = ranges[pick] as (typeof ranges)[number];
    const i = heads[pick] as number;
    const src = new Uint32Array(r.p.values.buffer, r.p.values.byteOffset + i * 8, 2);
    timestamps[n] = t;
    bits[2 * n] = src[0] as number;
    bits[2 * n + 1] = src[1] as number;
    n++;
    ranges.forEach((q, k) => {
      while ((heads[k] as number) < q.to && q.p.timestamps[heads[k] as number] === t) heads[k] = (heads[k] as number) + 1;
    });
  }
  return { timestamps: timestamps.subarray(0, n), values: values.subarray(0, n) };
}

/**
 * The samples of ordered, non-overlapping parts that lie in the grid's windows, copied once: a 7-day range at a
 * 40-minute step with 5-minute windows keeps an eighth of them, as Prometheus decodes only the chunks it needs.
 */
function inWindows(ranges: Array<{ p: SamplePart; from: number; to: number }>, grid: SampleGrid): { timestamps: Float64Array; values: Float64Array } {
  const pieces: Array<{ p: SamplePart; from: number; to: number }> = [];
  for (const r of ranges) {
    const ts = r.p.timestamps;
    const first = ts[r.from] as number;
    const last = ts[r.to - 1] as number;
    // The windows that can hold samples of this part, each [t - width, t].
    let i = Math.max(0, Math.ceil((first - grid.first) / grid.step));
    let at = r.from;
    for (; i < grid.count; i++) {
      const t = grid.first + i * grid.step;
      if (t - grid.width > last) break;
      const from = Math.max(at, lowerBound(ts, t - grid.width));
      const to = Math.min(r.to, lowerBound(ts, t + 1));
      if (to > from) {
        pieces.push({ p: r.p, from, to });
        at = to;
      }
    }
  }
  return concatSlices(pieces);
}

/** The slices `[from, to)` of parts, one after the other in new arrays; values copied as bits (NaN payloads survive). */
export function concatSlices(slices: Array<{ p: SamplePart; from: number; to: number }>): { timestamps: Float64Array; values: Float64Array } {
  let total = 0;
  for (const { from, to } of slices) total += to - from;
  const timestamps = new Float64Array(total);
  const values = new Float64Array(total);
  let at = 0;
  for (const { p, from, to } of slices) {
    timestamps.set(p.timestamps.subarray(from, to), at);
    values.set(p.values.subarray(from, to), at); // same-type set copies bytes
    at += to - from;
  }
  return { timestamps, values };
}
