import type { Call, Expr } from "./ast";
import { mean } from "./evaluate-aggregation";
import { typeOf } from "./parse";
import { mergeByLabels, type Evaluator } from "./evaluate";
import { compileAnchoredRegex, formatFloatF } from "./go-compat";
import { goSort, kahanSumInc, quantile } from "./numeric";
import { checkLabelName, compareLabels, labelsKey, METRIC_NAME, type Labels } from "./labels";
import { newSeries, QueryError, type RangeSeries, type StepSeries, type Steps, type Value } from "./values";

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

/** Functions that keep the metric name; all other functions producing series from inputs drop it. */
const KEEPS_NAME = new Set(["last_over_time", "first_over_time", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc", "label_replace", "label_join"]);

function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { t, v, lo, hi } = w;
  const count = hi - lo;
  if (count < 2) return undefined;
  const rangeStart = w.evalTime - w.rangeMs;
  const rangeEnd = w.evalTime;
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
  const firstT = t[lo] as number;
  const lastT = t[hi - 1] as number;
  let durationToStart = (firstT - rangeStart) / 1000;
  let durationToEnd = (rangeEnd - lastT) / 1000;
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
  if (isRate) factor /= w.rangeMs / 1000;
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

const rangeFunctions: Record<string, RangeFn> = {
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

const mathFunctions: Record<string, (x: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  deg: (x) => (x * 180) / Math.PI,
  rad: (x) => (x * Math.PI) / 180,
  acos: Math.acos,
  acosh: Math.acosh,
  asin: Math.asin,
  asinh: Math.asinh,
  atan: Math.atan,
  atanh: Math.atanh,
  cos: Math.cos,
  cosh: Math.cosh,
  sin: Math.sin,
  sinh: Math.sinh,
  tan: Math.tan,
  tanh: Math.tanh,
};

const dateFunctions: Record<string, (d: Date) => number> = {
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1,
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

/** Names the evaluator implements; a test asserts they match the registry. */
export const IMPLEMENTED_FUNCTIONS: ReadonlySet<string> = new Set([
  ...Object.keys(rangeFunctions),
  ...Object.keys(mathFunctions),
  ...Object.keys(dateFunctions),
  "absent", "absent_over_time", "clamp", "clamp_max", "clamp_min", "histogram_quantile", "histogram_quantiles", "histogram_fraction",
  "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar",
  "label_join", "label_replace", "pi", "round", "scalar", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc",
  "time", "timestamp", "vector", "start", "end", "range", "step",
]);

function scalarArg(ev: Evaluator, e: Expr, steps: Steps): Float64Array {
  const v = ev.eval(e, steps);
  if (v.type !== "scalar") throw new QueryError(`expected scalar argument, got ${v.type}`);
  return v.values;
}

function stringArg(ev: Evaluator, e: Expr, steps: Steps): string {
  const v = ev.eval(e, steps);
  if (v.type !== "string") throw new QueryError(`expected string argument, got ${v.type}`);
  return v.value;
}

function vectorArg(ev: Evaluator, e: Expr, steps: Steps): StepSeries[] {
  const v = ev.eval(e, steps);
  if (v.type !== "vector") throw new QueryError(`expected instant vector argument, got ${v.type}`);
  return v.series;
}

/** Maps each present value of each series; undefined drops the sample. */
function mapValues(series: StepSeries[], dropName: boolean, f: (x: number, i: number) => number | undefined): StepSeries[] {
  const out: StepSeries[] = [];
  for (const s of series) {
    const r = newSeries(s.labels, s.dropName || dropName, s.values.length);
    let any = false;
    for (let i = 0; i < s.values.length; i++) {
      if (!s.present[i]) continue;
      const y = f(s.values[i] as number, i);
      if (y === undefined) continue;
      r.values[i] = y;
      r.present[i] = 1;
      any = true;
    }
    if (any) out.push(r);
  }
  return out;
}

/** Labels absent()/absent_over_time() report: the selector's equality matchers, like Prometheus's createLabelsForAbsentFunction. */
function absentLabels(arg: Expr): Labels {
  const vs = arg.kind === "VectorSelector" ? arg : arg.kind === "MatrixSelector" ? arg.vector : undefined;
  const out: Labels = {};
  // A label constrained more than once has no single value to report (sticky, as upstream's historic behaviour).
  const has = new Set<string>();
  for (const m of vs?.matchers ?? []) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === "=" && !has.has(m.name)) {
      out[m.name] = m.value;
      has.add(m.name);
    } else delete out[m.name];
  }
  return out;
}

function unwrapParens(e: Expr): Expr {
  return e.kind === "Paren" ? unwrapParens(e.expr) : e;
}

/** Evaluates a function call over all steps. */
export function evalCall(ev: Evaluator, e: Call, steps: Steps): Value {
  const n = steps.times.length;
  const name = e.func;
  const dropName = !KEEPS_NAME.has(name);
  const rangeFn = rangeFunctions[name];
  if (rangeFn) return evalRangeFunction(ev, e, steps, rangeFn, dropName);
  const math = mathFunctions[name];
  if (math) return { type: "vector", series: mapValues(vectorArg(ev, e.args[0] as Expr, steps), true, math) };
  const date = dateFunctions[name];
  if (date) {
    const input = e.args[0]
      ? vectorArg(ev, e.args[0], steps)
      : [{ labels: {}, dropName: false, values: steps.times.map((t) => t / 1000), present: new Uint8Array(n).fill(1) }];
    return { type: "vector", series: mapValues(input, true, (x) => (Number.isFinite(x) ? date(new Date(x * 1000)) : undefined)) };
  }
  const args = e.args;
  const arg0 = args[0] as Expr;
  switch (name) {
    case "time":
      return { type: "scalar", values: steps.times.map((t) => t / 1000) };
    case "start":
    case "end":
    case "range":
    case "step": {
      const q = ev.query;
      const v = { start: q.start, end: q.end, range: q.end - q.start, step: q.step }[name] / 1000;
      return { type: "scalar", values: new Float64Array(n).fill(v) };
    }
    case "pi":
      return { type: "scalar", values: new Float64Array(n).fill(Math.PI) };
    case "vector":
      return { type: "vector", series: [{ labels: {}, dropName: false, values: scalarArg(ev, arg0, steps), present: new Uint8Array(n).fill(1) }] };
    case "scalar": {
      const series = vectorArg(ev, arg0, steps);
      const values = new Float64Array(n).fill(NaN);
      for (let i = 0; i < n; i++) {
        let count = 0;
        for (const s of series) {
          if (!s.present[i]) continue;
          count++;
          values[i] = s.values[i] as number;
        }
        if (count !== 1) values[i] = NaN;
      }
      return { type: "scalar", values };
    }
    case "timestamp": {
      const inner = unwrapParens(arg0);
      // On a plain selector, timestamp() reports the sample's own time, not the evaluation time.
      if (inner.kind === "VectorSelector") return { type: "vector", series: ev.evalVectorSelector(inner, steps, true).map((s) => ({ ...s, dropName: true })) };
      return { type: "vector", series: mapValues(vectorArg(ev, arg0, steps), true, (_x, i) => (steps.times[i] as number) / 1000) };
    }
    case "absent": {
      const series = vectorArg(ev, arg0, steps);
      const r = newSeries(absentLabels(arg0), false, n);
      for (let i = 0; i < n; i++) {
        if (series.some((s) => s.present[i])) continue;
        r.values[i] = 1;
        r.present[i] = 1;
      }
      return { type: "vector", series: r.present.includes(1) ? [r] : [] };
    }
    case "clamp": {
      const lo = scalarArg(ev, args[1] as Expr, steps);
      const hi = scalarArg(ev, args[2] as Expr, steps);
      const series = vectorArg(ev, arg0, steps);
      return {
        type: "vector",
        series: mapValues(series, true, (x, i) => {
          const min = lo[i] as number;
          const max = hi[i] as number;
          if (max < min) return undefined;
          return Math.max(min, Math.min(max, x));
        }).filter((s) => s.present.includes(1)),
      };
    }
    case "clamp_max":
    case "clamp_min": {
      const bound = scalarArg(ev, args[1] as Expr, steps);
      const series = vectorArg(ev, arg0, steps);
      const f = name === "clamp_max" ? Math.min : Math.max;
      return { type: "vector", series: mapValues(series, true, (x, i) => f(x, bound[i] as number)) };
    }
    case "round": {
      const to = args[1] ? scalarArg(ev, args[1], steps) : new Float64Array(n).fill(1);
      const series = vectorArg(ev, arg0, steps);
      return {
        type: "vector",
        series: mapValues(series, true, (x, i) => {
          // Like Prometheus: round half up, computed with the inverse to keep precision for toNearest < 1.
          const inv = 1 / (to[i] as number);
          return Math.floor(x * inv + 0.5) / inv;
        }),
      };
    }
    case "sort":
    case "sort_desc": {
      const series = vectorArg(ev, arg0, steps);
      const desc = name === "sort_desc";
      // Prometheus sorts the reverse order and reverses, so NaNs end last either way.
      const less = (a: StepSeries, b: StepSeries): boolean => {
        const x = a.values[0] as number;
        const y = b.values[0] as number;
        if (Number.isNaN(x) && !Number.isNaN(y)) return true;
        return desc ? x < y : x > y;
      };
      if (n > 1) ev.annotate("warning", `sort is ineffective for range queries since results are always ordered by labels`, e.pos);
      return { type: "vector", series: goSort([...series], (a, b) => less(b, a)) };
    }
    case "sort_by_label":
    case "sort_by_label_desc": {
      const series = vectorArg(ev, arg0, steps);
      const names = args.slice(1).map((a) => stringArg(ev, a, steps));
      const dir = name === "sort_by_label_desc" ? -1 : 1;
      if (n > 1) ev.annotate("warning", `sort is ineffective for range queries since results are always ordered by labels`, e.pos);
      const sorted = [...series].sort((a, b) => {
        for (const l of names) {
          const c = naturalCompare(a.labels[l] ?? "", b.labels[l] ?? "");
          if (c !== 0) return dir * c;
        }
        return dir * compareLabels(a.labels, b.labels);
      });
      return { type: "vector", series: sorted };
    }
    case "label_replace":
      return { type: "vector", series: labelReplace(ev, e, steps) };
    case "label_join":
      return { type: "vector", series: labelJoin(ev, e, steps) };
    case "absent_over_time":
      return absentOverTime(ev, e, steps);
    case "histogram_quantile":
      return { type: "vector", series: histogramQuantile(ev, e, steps) };
    case "histogram_fraction":
      return { type: "vector", series: histogramFraction(ev, e, steps) };
    case "histogram_quantiles":
      return { type: "vector", series: histogramQuantiles(ev, e, steps) };
    case "histogram_avg":
    case "histogram_count":
    case "histogram_sum":
    case "histogram_stddev":
    case "histogram_stdvar":
      // These read native histograms only; float samples yield nothing.
      for (const a of args) ev.eval(a, steps);
      return { type: "vector", series: [] };
    default:
      throw new QueryError(`function ${JSON.stringify(name)} is not implemented`);
  }
}

function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** Walks each series' samples with two moving pointers as the window slides forward, one ordered pass per series. */
function evalRangeFunction(ev: Evaluator, e: Call, steps: Steps, fn: RangeFn, dropName: boolean): Value {
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
    if (counterCheck) warnNonCounter(ev, s, e);
    out.push(r);
  }
  return { type: "vector", series: out };
}

function warnNonCounter(ev: Evaluator, s: RangeSeries, e: Call): void {
  const name = s.labels[METRIC_NAME] ?? "";
  if (!/(_total|_sum|_count|_bucket)$/.test(name)) {
    ev.annotate("info", `metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(name)}`, (e.args[0] as Expr).pos);
  }
}

function absentOverTime(ev: Evaluator, e: Call, steps: Steps): Value {
  const n = steps.times.length;
  const m = ev.eval(e.args[0] as Expr, steps);
  if (m.type !== "matrix") throw new QueryError("expected range vector argument to absent_over_time");
  const r = newSeries(absentLabels(e.args[0] as Expr), false, n);
  for (let i = 0; i < n; i++) {
    const t = m.evalTimes[i] as number;
    const found = m.series.some((s) => {
      // Binary search is fine here: absent_over_time is rare and series few.
      let lo = 0;
      let hi = s.t.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((s.t[mid] as number) <= t - m.rangeMs) lo = mid + 1;
        else hi = mid;
      }
      return lo < s.t.length && (s.t[lo] as number) <= t;
    });
    if (found) continue;
    r.values[i] = 1;
    r.present[i] = 1;
  }
  return { type: "vector", series: r.present.includes(1) ? [r] : [] };
}

/** Go's `Regexp.ExpandString` template syntax: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expandTemplate(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([a-zA-Z0-9_]+)\}|([a-zA-Z0-9_]+))/g, (_all, tok: string, braced?: string, bare?: string) => {
    if (tok === "$") return "$";
    const name = braced ?? bare ?? "";
    if (/^\d+$/.test(name)) return match[Number(name)] ?? "";
    return match.groups?.[name] ?? "";
  });
}

function labelReplace(ev: Evaluator, e: Call, steps: Steps): StepSeries[] {
  const [vArg, dstArg, replArg, srcArg, regexArg] = e.args as [Expr, Expr, Expr, Expr, Expr];
  const dst = stringArg(ev, dstArg, steps);
  const repl = stringArg(ev, replArg, steps);
  const src = stringArg(ev, srcArg, steps);
  const regexStr = stringArg(ev, regexArg, steps);
  let re: RegExp;
  try {
    re = compileAnchoredRegex(regexStr);
  } catch {
    throw new QueryError(`invalid regular expression in label_replace(): ${regexStr}`);
  }
  checkLabelName(dst);
  const series = vectorArg(ev, vArg, steps);
  const out = series.map((s) => {
    const m = re.exec(s.labels[src] ?? "");
    if (!m) return s;
    const value = expandTemplate(repl, m);
    const labels = { ...s.labels };
    if (value === "") delete labels[dst];
    else labels[dst] = value;
    return { ...s, labels, dropName: dst === METRIC_NAME ? false : s.dropName };
  });
  return mergeByLabels(out);
}

function labelJoin(ev: Evaluator, e: Call, steps: Steps): StepSeries[] {
  const [vArg, dstArg, sepArg, ...srcArgs] = e.args as [Expr, Expr, Expr, ...Expr[]];
  const dst = stringArg(ev, dstArg, steps);
  const sep = stringArg(ev, sepArg, steps);
  const srcs = srcArgs.map((a) => stringArg(ev, a, steps));
  checkLabelName(dst);
  for (const s of srcs) checkLabelName(s);
  const series = vectorArg(ev, vArg, steps);
  const out = series.map((s) => {
    const value = srcs.map((l) => s.labels[l] ?? "").join(sep);
    const labels = { ...s.labels };
    if (value === "") delete labels[dst];
    else labels[dst] = value;
    return { ...s, labels, dropName: dst === METRIC_NAME ? false : s.dropName };
  });
  return mergeByLabels(out);
}

function parseLe(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (/^[+]?inf(inity)?$/i.test(t)) return Infinity;
  if (/^-inf(inity)?$/i.test(t)) return -Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) && !/^[+-]?0[xX][0-9a-fA-F.]+([pP][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

interface Bucket {
  upper: number;
  count: number;
}

function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const minNormal = 2.2250738585072014e-308;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** Sorts and coalesces buckets and repairs monotonicity like Prometheus; undefined without a +Inf bucket. */
function normalizeBuckets(input: Bucket[], fixed?: { forcedMonotonic: boolean }): Bucket[] | undefined {
  const sorted = [...input].sort((a, b) => a.upper - b.upper);
  if ((sorted[sorted.length - 1] as Bucket).upper !== Infinity) return undefined;
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upper === b.upper) last.count += b.count;
    else buckets.push({ ...b });
  }
  let prev = (buckets[0] as Bucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    if (b.count === prev) continue;
    // Tiny differences are float noise, corrected silently in either direction.
    if (almostEqual(prev, b.count, 1e-12)) {
      b.count = prev;
      continue;
    }
    if (b.count < prev) {
      b.count = prev;
      if (fixed) fixed.forcedMonotonic = true;
      continue;
    }
    prev = b.count;
  }
  return buckets;
}

/** Prometheus's `BucketQuantile` on classic buckets, including its monotonicity repair. */
function bucketQuantile(q: number, input: Bucket[]): { value: number; forcedMonotonic: boolean } {
  if (Number.isNaN(q)) return { value: NaN, forcedMonotonic: false };
  if (q < 0) return { value: -Infinity, forcedMonotonic: false };
  if (q > 1) return { value: Infinity, forcedMonotonic: false };
  const fixed = { forcedMonotonic: false };
  const buckets = normalizeBuckets(input, fixed);
  const forcedMonotonic = fixed.forcedMonotonic;
  if (!buckets) return { value: NaN, forcedMonotonic };
  if (buckets.length < 2) return { value: NaN, forcedMonotonic };
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return { value: NaN, forcedMonotonic };
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && (buckets[b] as Bucket).count < rank) b++;
  if (b === buckets.length - 1) return { value: (buckets[buckets.length - 2] as Bucket).upper, forcedMonotonic };
  if (b === 0 && (buckets[0] as Bucket).upper <= 0) return { value: (buckets[0] as Bucket).upper, forcedMonotonic };
  let bucketStart = 0;
  const bucketEnd = (buckets[b] as Bucket).upper;
  let count = (buckets[b] as Bucket).count;
  if (b > 0) {
    const p = buckets[b - 1] as Bucket;
    bucketStart = p.upper;
    count -= p.count;
    rank -= p.count;
  }
  return { value: bucketStart + (bucketEnd - bucketStart) * (rank / count), forcedMonotonic };
}

interface BucketGroup {
  labels: Labels;
  members: { s: StepSeries; le: number }[];
}

/** Groups classic-histogram bucket series by their labels without `le`, warning about bad `le` labels. */
function bucketGroups(ev: Evaluator, series: StepSeries[], arg: Expr): BucketGroup[] {
  const groups = new Map<string, BucketGroup>();
  for (const s of series) {
    const le = parseLe(s.labels.le);
    if (le === undefined) {
      const name = s.labels[METRIC_NAME] ?? "";
      ev.annotate("warning", `bucket label "le" is missing or has a malformed value of ${JSON.stringify(s.labels.le ?? "")} for metric name ${JSON.stringify(name)}`, arg.pos);
      continue;
    }
    // The name stays until delayed name removal, so buckets of differently named histograms never mix.
    const labels = { ...s.labels };
    delete labels.le;
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (!g) {
      g = { labels, members: [] };
      groups.set(key, g);
    }
    g.members.push({ s, le });
  }
  return [...groups.values()];
}

/** Evaluates `f` on each group's buckets at each step where the group has any. */
function perGroup(groups: BucketGroup[], n: number, f: (buckets: Bucket[], i: number, g: BucketGroup) => number): StepSeries[] {
  const out: StepSeries[] = [];
  for (const g of groups) {
    const r = newSeries(g.labels, true, n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const buckets: Bucket[] = [];
      for (const { s, le } of g.members) if (s.present[i]) buckets.push({ upper: le, count: s.values[i] as number });
      if (buckets.length === 0) continue;
      r.values[i] = f(buckets, i, g);
      r.present[i] = 1;
      any = true;
    }
    if (any) out.push(r);
  }
  return out;
}

function warnQuantile(ev: Evaluator, qs: Iterable<number>, arg: Expr): void {
  for (const q of qs) {
    if (Number.isNaN(q) || q < 0 || q > 1) ev.annotate("warning", `quantile value should be between 0 and 1, got ${formatFloatF(q)}`, arg.pos);
  }
}

function classicQuantile(ev: Evaluator, q: number, buckets: Bucket[], g: BucketGroup, arg: Expr): number {
  const { value, forcedMonotonic } = bucketQuantile(q, buckets);
  if (forcedMonotonic) {
    const name = (g.members[0]?.s.labels[METRIC_NAME] ?? "").replace(/_bucket$/, "");
    ev.annotate("info", `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name ${JSON.stringify(name)}`, arg.pos);
  }
  return value;
}

function histogramQuantile(ev: Evaluator, e: Call, steps: Steps): StepSeries[] {
  const [qArg, vArg] = e.args as [Expr, Expr];
  const qs = scalarArg(ev, qArg, steps);
  warnQuantile(ev, qs, qArg);
  const groups = bucketGroups(ev, vectorArg(ev, vArg, steps), vArg);
  return perGroup(groups, steps.times.length, (buckets, i, g) => classicQuantile(ev, qs[i] as number, buckets, g, vArg));
}

/** histogram_quantiles(v, "label", q...): one output series per quantile, labelled with it. */
function histogramQuantiles(ev: Evaluator, e: Call, steps: Steps): StepSeries[] {
  const [vArg, labelArg, ...qArgs] = e.args as [Expr, Expr, ...Expr[]];
  const label = stringArg(ev, labelArg, steps);
  checkLabelName(label);
  const groups = bucketGroups(ev, vectorArg(ev, vArg, steps), vArg);
  const out: StepSeries[] = [];
  for (const qArg of qArgs) {
    const qs = scalarArg(ev, qArg, steps);
    warnQuantile(ev, qs, qArg);
    for (const r of perGroup(groups, steps.times.length, (buckets, i, g) => classicQuantile(ev, qs[i] as number, buckets, g, vArg))) {
      // The label shows the quantile as a float literal: 0.0, 0.25, 1.0.
      const text = formatFloatF(qs[0] as number);
      out.push({ ...r, labels: { ...r.labels, [label]: /^-?\d+$/.test(text) ? `${text}.0` : text } });
    }
  }
  return mergeByLabels(out);
}

/** Cumulative count at or below v, interpolating linearly inside a bucket; the open-ended buckets keep their mass at ±Inf. */
function bucketRank(v: number, buckets: Bucket[]): number {
  let prev = 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    const lower = i > 0 ? (buckets[i - 1] as Bucket).upper : b.upper > 0 ? 0 : -Infinity;
    if (v <= lower) return prev;
    if (v < b.upper) {
      if (lower === -Infinity) return b.count;
      if (b.upper === Infinity) return prev;
      return prev + ((b.count - prev) * (v - lower)) / (b.upper - lower);
    }
    prev = b.count;
  }
  return prev;
}

/** Prometheus's classic-bucket histogram_fraction: the share of observations in [lower, upper]. */
function bucketFraction(lower: number, upper: number, input: Bucket[]): number {
  const buckets = normalizeBuckets(input);
  if (!buckets) return NaN;
  const total = (buckets[buckets.length - 1] as Bucket).count;
  if (total === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;
  return (bucketRank(upper, buckets) - bucketRank(lower, buckets)) / total;
}

function histogramFraction(ev: Evaluator, e: Call, steps: Steps): StepSeries[] {
  const [loArg, hiArg, vArg] = e.args as [Expr, Expr, Expr];
  const lo = scalarArg(ev, loArg, steps);
  const hi = scalarArg(ev, hiArg, steps);
  const groups = bucketGroups(ev, vectorArg(ev, vArg, steps), vArg);
  return perGroup(groups, steps.times.length, (buckets, i) => bucketFraction(lo[i] as number, hi[i] as number, buckets));
}
