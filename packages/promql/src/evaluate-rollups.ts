import type { Call, MatrixSelector } from "./ast";
import type { Evaluator } from "./evaluate";
import { evalRangeFunction, extrapolate, rangeFunctions, warnNonCounter } from "./evaluate-range-functions";
import { formatDuration } from "./go-compat";
import { compareLabels, labelsKey } from "./labels";
import { kahanSumInc } from "./numeric";
import type { SeriesBuckets } from "./querier";
import { newSeries, type StepSeries, type Steps, type Value } from "./values";

/*
 * Rollups in place of raw samples. A range function's window (t - range, t] is exactly the buckets ending in it
 * when t falls on a bucket end and the range is whole buckets, and the functions below need no more of a window
 * than its buckets keep: counts, minima, maxima and last values come out exact; sums, averages, `rate` and
 * `increase` add up per-bucket sums, so they equal the raw samples' answer up to floating-point rounding. Steps
 * whose buckets are not final yet (the storage's `complete`) read raw samples as usual, and so does the whole
 * call when a bucket holds NaN or an infinity (Prometheus's comparisons treat NaN unlike SQL's aggregates).
 */

/** A function's value over the buckets [lo, hi) of one series, whose window is `(evalTime - rangeMs, evalTime]`. */
type BucketFn = (b: SeriesBuckets, lo: number, hi: number, evalTime: number, rangeMs: number) => number | undefined;

function total(x: Float64Array, lo: number, hi: number): number {
  let sum = 0;
  let c = 0;
  for (let i = lo; i < hi; i++) [sum, c] = kahanSumInc(x[i] as number, sum, c);
  return sum + c;
}

/** `rate`/`increase`: the buckets' increases plus the steps between buckets, a drop counting as a reset. */
function counterRate(isRate: boolean): BucketFn {
  return (b, lo, hi, evalTime, rangeMs) => {
    let result = 0;
    let c = 0;
    for (let i = lo; i < hi; i++) {
      [result, c] = kahanSumInc(b.increase[i] as number, result, c);
      if (i === lo) continue;
      const prev = b.last[i - 1] as number;
      const cur = b.first[i] as number;
      [result, c] = kahanSumInc(cur < prev ? cur : cur - prev, result, c);
    }
    const count = total(b.count, lo, hi);
    return extrapolate({ result: result + c, count, firstT: b.firstT[lo] as number, first: b.first[lo] as number, lastT: b.lastT[hi - 1] as number }, evalTime, rangeMs, true, isRate);
  };
}

function extreme(x: Float64Array, lo: number, hi: number, better: (a: number, b: number) => boolean): number {
  let best = x[lo] as number;
  for (let i = lo + 1; i < hi; i++) if (better(x[i] as number, best)) best = x[i] as number;
  return best;
}

/** The range functions rollups answer, by name. */
const BUCKET_FUNCTIONS: Record<string, BucketFn> = {
  rate: counterRate(true),
  increase: counterRate(false),
  count_over_time: (b, lo, hi) => total(b.count, lo, hi),
  sum_over_time: (b, lo, hi) => total(b.sum, lo, hi),
  avg_over_time: (b, lo, hi) => total(b.sum, lo, hi) / total(b.count, lo, hi),
  min_over_time: (b, lo, hi) => extreme(b.min, lo, hi, (x, best) => x < best),
  max_over_time: (b, lo, hi) => extreme(b.max, lo, hi, (x, best) => x > best),
  last_over_time: (b, lo, hi) => b.last[hi - 1] as number,
  present_over_time: () => 1,
};

/** The buckets of a call read from rollups, and how many of its leading steps they answer. */
export interface RolledCall {
  series: SeriesBuckets[];
  steps: number;
}

/**
 * The bucket width whose buckets are exactly the call's windows at every step (the widest such), if the storage
 * keeps rollups and the call is a function they answer over a plain range selector without `@`.
 */
export function rollupWidth(ev: Evaluator, e: Call, steps: Steps): number | undefined {
  const ms = e.args[0];
  if (!ev.rollups || !(e.func in BUCKET_FUNCTIONS) || e.args.length !== 1 || ms?.kind !== "MatrixSelector" || ms.vector.at) return undefined;
  const first = steps.start - ms.vector.offsetMs;
  const regular = steps.times.length === 1 ? () => true : (w: number) => steps.interval % w === 0;
  return ev.rollups.widths.find((w) => ms.rangeMs % w === 0 && first % w === 0 && regular(w));
}

/**
 * Reads a call's buckets, and the raw samples of the steps after the last complete bucket (into the evaluator's
 * selector data, as any select). Both reads go out at once, the raw one from where the buckets were complete at
 * the storage's previous read; only if they are complete to an earlier time now (a late write) is it read again.
 */
export async function readRollups(ev: Evaluator, e: Call, widthMs: number, steps: Steps): Promise<RolledCall> {
  const ms = e.args[0] as MatrixSelector;
  const rollups = ev.rollups as NonNullable<Evaluator["rollups"]>;
  const times = ev.evalTimes(undefined, ms.vector.offsetMs, steps);
  const n = times.length;
  const stepsUpTo = (t: number): number => {
    let k = 0;
    while (k < n && (times[k] as number) <= t) k++;
    return k;
  };
  // Windows apart from each other: the storages need not read what lies between them.
  const gridFrom = (k: number) => (n - k > 1 && steps.interval > ms.rangeMs ? { first: times[k] as number, step: steps.interval, count: n - k, width: ms.rangeMs } : undefined);
  const rawFrom = (k: number): Promise<void> =>
    k >= n ? Promise.resolve() : ev.selectInto(ms.vector, (times[k] as number) - ms.rangeMs, times[n - 1] as number, gridFrom(k));
  const hint = rollups.completeHint?.(widthMs);
  const guess = hint === undefined ? undefined : stepsUpTo(hint);
  const [read] = await Promise.all([
    rollups.read(ms.vector.matchers, widthMs, (times[0] as number) - ms.rangeMs, times[n - 1] as number, ev.opts.signal, gridFrom(0)),
    guess === undefined ? undefined : rawFrom(guess),
  ]);
  ev.checkAbort();
  const usable = read.series.every((s) => s.sum.every(Number.isFinite)) ? stepsUpTo(read.complete) : 0;
  const head = guess === undefined ? usable : Math.min(guess, usable);
  if (guess === undefined || head < guess) await rawFrom(head);
  if (head > 0) {
    ev.addSamples(read.series.reduce((k, s) => k + s.ends.length, 0));
    ev.annotate(
      "info",
      `${e.func} read ${formatDuration(widthMs)} rollups, whose buckets are exactly its windows: the answer equals the raw samples' up to floating-point rounding`,
      e.pos,
    );
  }
  return { series: head > 0 ? read.series : [], steps: head };
}

/** Evaluates a call read from rollups: its leading steps from the buckets, the others from raw samples. */
export function evalRolled(ev: Evaluator, e: Call, steps: Steps, rolled: RolledCall, dropName: boolean): Value {
  const n = steps.times.length;
  const ms = e.args[0] as MatrixSelector;
  const fn = BUCKET_FUNCTIONS[e.func] as BucketFn;
  const byKey = new Map<string, StepSeries>();
  if (rolled.steps < n) {
    const raw = evalRangeFunction(ev, e, steps, rangeFunctions[e.func] as NonNullable<(typeof rangeFunctions)[string]>, dropName);
    for (const s of raw.type === "vector" ? raw.series : []) {
      s.present.fill(0, 0, rolled.steps);
      if (s.present.includes(1)) byKey.set(labelsKey(s.labels), s);
    }
  }
  const times = ev.evalTimes(undefined, ms.vector.offsetMs, steps);
  for (const b of rolled.series) {
    let s = byKey.get(labelsKey(b.labels));
    const fresh = !s;
    s ??= newSeries(b.labels, dropName, n);
    let lo = 0;
    let hi = 0;
    let any = false;
    for (let i = 0; i < rolled.steps; i++) {
      const t = times[i] as number;
      while (lo < b.ends.length && (b.ends[lo] as number) <= t - ms.rangeMs) lo++;
      if (hi < lo) hi = lo;
      while (hi < b.ends.length && (b.ends[hi] as number) <= t) hi++;
      if (hi === lo) continue;
      const y = fn(b, lo, hi, t, ms.rangeMs);
      if (y === undefined) continue;
      s.values[i] = y;
      s.present[i] = 1;
      any = true;
    }
    if (!any) continue;
    if (e.func === "rate" || e.func === "increase") warnNonCounter(ev, b.labels, e);
    if (fresh) byKey.set(labelsKey(b.labels), s);
  }
  return { type: "vector", series: [...byKey.values()].sort((a, b) => compareLabels(a.labels, b.labels)) };
}
