import type { Call, Expr } from "./ast";
import { scalarArg } from "./evaluate-args";
import { mean } from "./evaluate-aggregation";
import type { Evaluator } from "./evaluate";
import { formatFloatF } from "./go-compat";
import { METRIC_NAME, type Labels } from "./labels";
import { kahanSumInc, quantile } from "./numeric";
import { typeOf } from "./parse";
import { newSeries, QueryError, type StepSeries, type Steps, type Value } from "./values";

/** A function over one series' window `[lo, hi)` of samples; undefined means no output at this step. */
type RangeFn = (w: Window) => number | undefined;

interface Window {
  t: Float64Array;
  v: Float64Array;
  lo: number;
  hi: number;
  /** Window is `(evalTime - rangeMs, evalTime]`. */
  evalTime: number;
  rangeMs: number;
  /** The step's own time (predict_linear extrapolates from it). */
  stepTime: number;
  /** Scalar arguments at this step. */
  args: number[];
}

function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { t, v, lo, hi } = w;
  const count = hi - lo;
  if (count < 2) return undefined;
  const first = v[lo] as number;
  let result = (v[hi - 1] as number) - first;
  if (isCounter) {
    let prev = first;
    for (let i = lo + 1; i < hi; i++) {
      const cur = v[i] as number;
      if (cur < prev) result += prev;
      prev = cur;
    }
  }
  return extrapolate({ result, count, firstT: t[lo] as number, first, lastT: t[hi - 1] as number }, w.evalTime, w.rangeMs, isCounter, isRate);
}

/** What `rate`, `increase` and `delta` need of a window's samples: their count, first and last, and the change between. */
export interface RateInput {
  /** Last minus first value, plus (counters) the value before each reset. */
  result: number;
  count: number;
  firstT: number;
  first: number;
  lastT: number;
}

/** Prometheus's extrapolation of a window's change to the whole window `(evalTime - rangeMs, evalTime]`. */
export function extrapolate(x: RateInput, evalTime: number, rangeMs: number, isCounter: boolean, isRate: boolean): number | undefined {
  const { result, count, firstT, first, lastT } = x;
  if (count < 2) return undefined;
  let durationToStart = (firstT - (evalTime - rangeMs)) / 1000;
  let durationToEnd = (evalTime - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const avgBetween = sampledInterval / (count - 1);
  const threshold = avgBetween * 1.1;
  if (durationToStart >= threshold) durationToStart = avgBetween / 2;
  if (isCounter && result > 0 && first >= 0) {
    // Counters cannot go negative: do not extrapolate below the zero point.
    const durationToZero = sampledInterval * (first / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = avgBetween / 2;
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= rangeMs / 1000;
  return result * factor;
}

function instantValue(w: Window, isRate: boolean): number | undefined {
  if (w.hi - w.lo < 2) return undefined;
  const prev = w.v[w.hi - 2] as number;
  const last = w.v[w.hi - 1] as number;
  let result = isRate && last < prev ? last : last - prev;
  const interval = (w.t[w.hi - 1] as number) - (w.t[w.hi - 2] as number);
  if (interval === 0) return undefined;
  if (isRate) result /= interval / 1000;
  return result;
}

function linearRegression(w: Window, interceptTime: number): [number, number] {
  let n = 0;
  let sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initY = w.v[w.lo] as number;
  let constY = true;
  for (let i = w.lo; i < w.hi; i++) {
    const y = w.v[i] as number;
    if (constY && i > w.lo && y !== initY) constY = false;
    n++;
    const x = ((w.t[i] as number) - interceptTime) / 1000;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(y, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constY) return Number.isFinite(initY) || Number.isNaN(initY) ? [0, initY] : [NaN, NaN];
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

function windowValues(w: Window): number[] {
  return Array.from(w.v.subarray(w.lo, w.hi));
}

function pick(w: Window, better: (a: number, b: number) => boolean, ts: boolean): number {
  let best = w.lo;
  for (let i = w.lo + 1; i < w.hi; i++) {
    const b = w.v[best] as number;
    const c = w.v[i] as number;
    if (better(c, b) || (Number.isNaN(b) && !Number.isNaN(c))) best = i;
  }
  return ts ? (w.t[best] as number) / 1000 : (w.v[best] as number);
}

/** Functions over range vectors (`rate`, `*_over_time`, ...), each computing one window. */
export const rangeFunctions: Record<string, RangeFn> = {
  rate: (w) => extrapolatedRate(w, true, true),
  increase: (w) => extrapolatedRate(w, true, false),
  delta: (w) => extrapolatedRate(w, false, false),
  irate: (w) => instantValue(w, true),
  idelta: (w) => instantValue(w, false),
  deriv: (w) => (w.hi - w.lo < 2 ? undefined : linearRegression(w, w.t[w.lo] as number)[0]),
  predict_linear: (w) => {
    if (w.hi - w.lo < 2) return undefined;
    const [slope, intercept] = linearRegression(w, w.stepTime);
    return slope * (w.args[0] as number) + intercept;
  },
  avg_over_time: (w) => mean(w.v, w.lo, w.hi),
  sum_over_time: (w) => {
    let sum = 0;
    let c = 0;
    for (let i = w.lo; i < w.hi; i++) {
      // kahanSumInc inlined: hot path.
      const v = w.v[i] as number;
      const t = sum + v;
      if (!Number.isFinite(t) && !Number.isNaN(t)) c = 0;
      else c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
    }
    return Number.isFinite(sum) ? sum + c : sum;
  },
  count_over_time: (w) => w.hi - w.lo,
  min_over_time: (w) => pick(w, (a, b) => a < b, false),
  max_over_time: (w) => pick(w, (a, b) => a > b, false),
  ts_of_min_over_time: (w) => pick(w, (a, b) => a <= b, true),
  ts_of_max_over_time: (w) => pick(w, (a, b) => a >= b, true),
  last_over_time: (w) => w.v[w.hi - 1] as number,
  first_over_time: (w) => w.v[w.lo] as number,
  ts_of_last_over_time: (w) => (w.t[w.hi - 1] as number) / 1000,
  ts_of_first_over_time: (w) => (w.t[w.lo] as number) / 1000,
  present_over_time: () => 1,
  stddev_over_time: (w) => Math.sqrt(variance(w)),
  stdvar_over_time: (w) => variance(w),
  quantile_over_time: (w) => quantile(w.args[0] as number, windowValues(w)),
  mad_over_time: (w) => {
    const vals = windowValues(w);
    if (vals.some(Number.isNaN)) return NaN;
    const med = quantile(0.5, vals);
    return quantile(0.5, vals.map((x) => Math.abs(x - med)));
  },
  changes: (w) => {
    let changes = 0;
    for (let i = w.lo + 1; i < w.hi; i++) {
      const cur = w.v[i] as number;
      const prev = w.v[i - 1] as number;
      if (!(cur === prev || (Number.isNaN(cur) && Number.isNaN(prev)))) changes++;
    }
    return changes;
  },
  resets: (w) => {
    let resets = 0;
    for (let i = w.lo + 1; i < w.hi; i++) if ((w.v[i] as number) < (w.v[i - 1] as number)) resets++;
    return resets;
  },
  double_exponential_smoothing: (w) => {
    const sf = w.args[0] as number;
    const tf = w.args[1] as number;
    const l = w.hi - w.lo;
    if (l < 2) return undefined;
    let s1 = w.v[w.lo] as number;
    let b = (w.v[w.lo + 1] as number) - s1;
    let s0 = s1;
    for (let i = 1; i < l; i++) {
      const x = w.v[w.lo + i] as number;
      if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
      s0 = s1;
      s1 = sf * x + (1 - sf) * (s0 + b);
    }
    return s1;
  },
};

function variance(w: Window): number {
  let count = 0, m = 0, cm = 0, aux = 0, ca = 0;
  for (let i = w.lo; i < w.hi; i++) {
    const v = w.v[i] as number;
    count++;
    const delta = v - (m + cm);
    [m, cm] = kahanSumInc(delta / count, m, cm);
    [aux, ca] = kahanSumInc(delta * (v - (m + cm)), aux, ca);
  }
  return (aux + ca) / count;
}

/** Walks each series' samples with two moving pointers as the window slides forward, one ordered pass per series. */
export function evalRangeFunction(ev: Evaluator, e: Call, steps: Steps, fn: RangeFn, dropName: boolean): Value {
  const n = steps.times.length;
  const matrixIdx = e.args.findIndex((a) => typeOf(a) === "matrix");
  const scalarArgs = e.args.map((a, i) => (i === matrixIdx ? undefined : scalarArg(ev, a, steps)));
  const m = ev.eval(e.args[matrixIdx] as Expr, steps);
  if (m.type !== "matrix") throw new QueryError(`expected range vector argument to ${e.func}, got ${m.type}`);
  if (e.func === "quantile_over_time") {
    for (const q of scalarArgs[0] ?? []) {
      if (Number.isNaN(q) || q < 0 || q > 1) ev.annotate("warning", `quantile value should be between 0 and 1, got ${formatFloatF(q)}`, (e.args[0] as Expr).pos);
    }
  }
  if (e.func === "double_exponential_smoothing") {
    for (let i = 0; i < n; i++) {
      const sf = scalarArgs[1]?.[i] as number;
      const tf = scalarArgs[2]?.[i] as number;
      if (!(sf > 0 && sf < 1)) throw new QueryError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${formatFloatF(sf)}`);
      if (!(tf > 0 && tf < 1)) throw new QueryError(`invalid trend factor. Expected: 0 < tf < 1, got: ${formatFloatF(tf)}`);
    }
  }
  const counterCheck = e.func === "rate" || e.func === "increase";
  const argsAt = Array.from({ length: n }, (_, i) => scalarArgs.filter((a): a is Float64Array => a !== undefined).map((a) => a[i] as number));
  const out: StepSeries[] = [];
  const w: Window = { t: new Float64Array(0), v: new Float64Array(0), lo: 0, hi: 0, evalTime: 0, rangeMs: m.rangeMs, stepTime: 0, args: [] };
  let done = 0;
  for (const s of m.series) {
    if (++done % 256 === 0) ev.checkAbort();
    const r = newSeries(s.labels, s.dropName || dropName, n);
    let any = false;
    w.t = s.t;
    w.v = s.v;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const t = m.evalTimes[i] as number;
      if (i > 0 && t < (m.evalTimes[i - 1] as number)) {
        lo = 0;
        hi = 0;
      }
      while (lo < s.t.length && (s.t[lo] as number) <= t - m.rangeMs) lo++;
      if (hi < lo) hi = lo;
      while (hi < s.t.length && (s.t[hi] as number) <= t) hi++;
      if (hi === lo) continue;
      w.lo = lo;
      w.hi = hi;
      w.evalTime = t;
      w.stepTime = steps.times[i] as number;
      w.args = argsAt[i] as number[];
      const y = fn(w);
      if (y === undefined) continue;
      r.values[i] = y;
      r.present[i] = 1;
      any = true;
    }
    if (!any) continue;
    if (counterCheck) warnNonCounter(ev, s.labels, e);
    out.push(r);
  }
  return { type: "vector", series: out };
}

/** Prometheus's info on `rate`/`increase` of a series whose name does not end like a counter's. */
export function warnNonCounter(ev: Evaluator, labels: Labels, e: Call): void {
  const name = labels[METRIC_NAME] ?? "";
  if (!/(_total|_sum|_count|_bucket)$/.test(name)) {
    ev.annotate("info", `metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(name)}`, (e.args[0] as Expr).pos);
  }
}

