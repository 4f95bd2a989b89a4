import type { Call, MatrixSelector, VectorSelector } from "./ast";
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

/** Buckets read in place of a selector's raw samples, and how many of the leading steps they answer. */
export interface RolledCall {
  series: SeriesBuckets[];
  steps: number;
}

/** The widest bucket width making windows of `rangeMs` ending at every step's eval time whole buckets. */
function wholeBuckets(ev: Evaluator, vs: VectorSelector, rangeMs: number, steps: Steps): number | undefined {
  if (!ev.rollups || vs.at) return undefined;
  const first = steps.start - vs.offsetMs;
  const regular = steps.times.length === 1 ? () => true : (w: number) => steps.interval % w === 0;
  return ev.rollups.widths.find((w) => rangeMs % w === 0 && first % w === 0 && regular(w));
}

/** The bucket width at which rollups answer a call (a function they answer over a plain range selector), if any. */
export function rollupWidth(ev: Evaluator, e: Call, steps: Steps): number | undefined {
  const ms = e.args[0];
  if (!(e.func in BUCKET_FUNCTIONS) || e.args.length !== 1 || ms?.kind !== "MatrixSelector") return undefined;
  return wholeBuckets(ev, ms.vector, ms.rangeMs, steps);
}

/**
 * The bucket width at which rollups answer an instant selector: its lookback windows are whole buckets, and the
 * last bucket with anything in it tells the latest sample, or that a staleness marker came after it.
 */
export function selectorRollupWidth(ev: Evaluator, vs: VectorSelector, steps: Steps): number | undefined {
  return wholeBuckets(ev, vs, ev.opts.lookbackDeltaMs, steps);
}

/** The buckets holding samples (count 0: staleness markers only, which range functions do not see). */
function withSamples(b: SeriesBuckets): SeriesBuckets {
  if (b.count.every((c) => c > 0)) return b;
  const keep = Array.from(b.count.keys()).filter((i) => (b.count[i] as number) > 0);
  const pick = (x: Float64Array): Float64Array => Float64Array.from(keep, (i) => x[i] as number);
  return {
    labels: b.labels,
    ends: pick(b.ends),
    count: pick(b.count),
    firstT: pick(b.firstT),
    first: pick(b.first),
    lastT: pick(b.lastT),
    last: pick(b.last),
    sum: pick(b.sum),
    min: pick(b.min),
    max: pick(b.max),
    increase: pick(b.increase),
    staleT: pick(b.staleT),
  };
}

/**
 * Reads the buckets of a selector's windows (`rangeMs` back from each step's eval time), and the raw samples of the
 * steps after the last complete bucket (into the evaluator's selector data, as any select). Both reads go out at
 * once, the raw one from where the buckets were complete at the storage's previous read; only if they are complete
 * to an earlier time now (a late write) is it read again. `what` names it in the info annotation.
 */
export async function readRollups(
  ev: Evaluator,
  vs: VectorSelector,
  rangeMs: number,
  widthMs: number,
  steps: Steps,
  what: { name: string; pos: { start: number } },
): Promise<RolledCall> {
  const rollups = ev.rollups as NonNullable<Evaluator["rollups"]>;
  const times = ev.evalTimes(undefined, vs.offsetMs, steps);
  const n = times.length;
  const stepsUpTo = (t: number): number => {
    let k = 0;
    while (k < n && (times[k] as number) <= t) k++;
    return k;
  };
  // Windows apart from each other: the storages need not read what lies between them.
  const gridFrom = (k: number) => (n - k > 1 && steps.interval > rangeMs ? { first: times[k] as number, step: steps.interval, count: n - k, width: rangeMs } : undefined);
  const rawFrom = (k: number): Promise<void> =>
    k >= n ? Promise.resolve() : ev.selectInto(vs, (times[k] as number) - rangeMs, times[n - 1] as number, gridFrom(k));
  const hint = rollups.completeHint?.(widthMs);
  const guess = hint === undefined ? undefined : stepsUpTo(hint);
  const [read] = await Promise.all([
    rollups.read(vs.matchers, widthMs, (times[0] as number) - rangeMs, times[n - 1] as number, ev.opts.signal, gridFrom(0)),
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
      `${what.name} read ${formatDuration(widthMs)} rollups, whose buckets are exactly its windows: the answer equals the raw samples' up to floating-point rounding`,
      what.pos,
    );
  }
  return { series: head > 0 ? read.series : [], steps: head };
}

/**
 * The answer over raw samples from the step `rolled.steps` on, and over buckets before it: `value` gives a step's
 * value from the buckets [lo, hi) of its window, or undefined for none.
 */
function stitch(
  raw: StepSeries[],
  rolled: RolledCall,
  n: number,
  windows: { times: Float64Array; rangeMs: number },
  dropName: boolean,
  value: (b: SeriesBuckets, lo: number, hi: number, t: number) => number | undefined,
): StepSeries[] {
  const byKey = new Map<string, StepSeries>();
  for (const s of raw) {
    s.present.fill(0, 0, rolled.steps);
    if (s.present.includes(1)) byKey.set(labelsKey(s.labels), s);
  }
  for (const b of rolled.series) {
    let s = byKey.get(labelsKey(b.labels));
    const fresh = !s;
    s ??= newSeries(b.labels, dropName, n);
    let lo = 0;
    let hi = 0;
    let any = false;
    for (let i = 0; i < rolled.steps; i++) {
      const t = windows.times[i] as number;
      while (lo < b.ends.length && (b.ends[lo] as number) <= t - windows.rangeMs) lo++;
      if (hi < lo) hi = lo;
      while (hi < b.ends.length && (b.ends[hi] as number) <= t) hi++;
      if (hi === lo) continue;
      const y = value(b, lo, hi, t);
      if (y === undefined) continue;
      s.values[i] = y;
      s.present[i] = 1;
      any = true;
    }
    if (any && fresh) byKey.set(labelsKey(b.labels), s);
  }
  return [...byKey.values()].sort((a, b) => compareLabels(a.labels, b.labels));
}

/** Evaluates a call read from rollups: its leading steps from the buckets, the others from raw samples. */
export function evalRolled(ev: Evaluator, e: Call, steps: Steps, rolled: RolledCall, dropName: boolean): Value {
  const n = steps.times.length;
  const ms = e.args[0] as MatrixSelector;
  const fn = BUCKET_FUNCTIONS[e.func] as BucketFn;
  const raw = rolled.steps < n ? evalRangeFunction(ev, e, steps, rangeFunctions[e.func] as NonNullable<(typeof rangeFunctions)[string]>, dropName) : undefined;
  const times = ev.evalTimes(undefined, ms.vector.offsetMs, steps);
  const buckets = { ...rolled, series: rolled.series.map(withSamples) };
  const series = stitch(raw?.type === "vector" ? raw.series : [], buckets, n, { times, rangeMs: ms.rangeMs }, dropName, (b, lo, hi, t) =>
    fn(b, lo, hi, t, ms.rangeMs),
  );
  if (e.func === "rate" || e.func === "increase") for (const s of series) warnNonCounter(ev, s.labels, e);
  return { type: "vector", series };
}

/**
 * An instant selector read from rollups at its leading steps: the last bucket of a lookback window holds its latest
 * sample or staleness marker (every bucket holds one or the other); `sampleTimestamps` as in evalVectorSelector.
 */
export function evalRolledSelector(ev: Evaluator, vs: VectorSelector, steps: Steps, rolled: RolledCall, raw: StepSeries[], sampleTimestamps: boolean): StepSeries[] {
  const times = ev.evalTimes(undefined, vs.offsetMs, steps);
  let points = 0;
  const series = stitch(raw, rolled, steps.times.length, { times, rangeMs: ev.opts.lookbackDeltaMs }, false, (b, _lo, hi) => {
    const j = hi - 1;
    if ((b.count[j] as number) === 0 || (b.staleT[j] as number) > (b.lastT[j] as number)) return undefined;
    points++;
    return sampleTimestamps ? (b.lastT[j] as number) / 1000 : (b.last[j] as number);
  });
  ev.addSamples(points);
  return series;
}
