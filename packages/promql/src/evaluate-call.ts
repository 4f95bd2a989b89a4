import type { Call, Expr } from "./ast";
import { mapValues, scalarArg, stringArg, vectorArg } from "./evaluate-args";
import { histogramFraction, histogramQuantile, histogramQuantiles } from "./evaluate-histogram";
import { evalRangeFunction, rangeFunctions } from "./evaluate-range-functions";
import { evalRolled } from "./evaluate-rollups";
import { mergeByLabels, type Evaluator } from "./evaluate";
import { compileAnchoredRegex } from "./go-compat";
import { goSort } from "./numeric";
import { checkLabelName, compareLabels, METRIC_NAME, type Labels } from "./labels";
import { newSeries, QueryError, type StepSeries, type Steps, type Value } from "./values";

/** Functions that keep the metric name; all other functions producing series from inputs drop it. */
const KEEPS_NAME = new Set(["last_over_time", "first_over_time", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc", "label_replace", "label_join"]);

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
  const pushed = ev.pushedResult(e);
  if (pushed) return { type: "vector", series: pushed.map((s) => ({ ...s, dropName })) };
  const rolled = ev.rolledCall(e);
  if (rolled) return evalRolled(ev, e, steps, rolled, dropName);
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

