import type { Aggregation } from "./ast";
import type { Evaluator } from "./evaluate";
import { formatFloatF } from "./go-compat";
import { goSort, kahanSumInc, quantile } from "./numeric";
import { checkLabelName, labelsKey, METRIC_NAME, type Labels } from "./labels";
import { labelsHash } from "./xxhash";
import { newSeries, QueryError, type StepSeries, type Steps, type Value } from "./values";

interface Group {
  labels: Labels;
  members: number[];
  dropName: boolean;
}

function groupLabels(labels: Labels, e: Aggregation): Labels {
  const out: Labels = {};
  if (e.without) {
    for (const [n, v] of Object.entries(labels)) if (n !== METRIC_NAME && !e.grouping.includes(n)) out[n] = v;
  } else {
    for (const n of e.grouping) if (labels[n] !== undefined && labels[n] !== "") out[n] = labels[n] as string;
  }
  return out;
}

/** Evaluates an aggregation over all steps. */
export function evalAggregation(ev: Evaluator, e: Aggregation, steps: Steps): Value {
  const n = steps.times.length;
  const param = e.param ? ev.eval(e.param, steps) : undefined;
  const input = ev.eval(e.expr, steps);
  if (input.type !== "vector") throw new QueryError("aggregation expression must be an instant vector");
  const series = input.series;
  if (e.op === "count_values") {
    if (param?.type !== "string") throw new QueryError("count_values requires a string parameter");
    return { type: "vector", series: countValues(e, series, param.value, n) };
  }
  const scalarParam = param?.type === "scalar" ? param.values : undefined;

  const groups = new Map<string, Group>();
  const memberGroup: Group[] = [];
  for (let k = 0; k < series.length; k++) {
    const s = series[k] as StepSeries;
    const labels = groupLabels(s.labels, e);
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (!g) {
      g = { labels, members: [], dropName: false };
      groups.set(key, g);
    }
    g.members.push(k);
    // With delayed name removal, grouping by __name__ keeps the name unless an input already lost it.
    if (s.dropName && METRIC_NAME in labels) g.dropName = true;
    memberGroup.push(g);
  }

  if (e.op === "limitk") {
    if (!scalarParam) throw new QueryError("limitk requires a scalar parameter");
    return { type: "vector", series: limitk(series, [...groups.values()], scalarParam, n) };
  }
  if (e.op === "limit_ratio") {
    if (!scalarParam) throw new QueryError("limit_ratio requires a scalar parameter");
    return { type: "vector", series: limitRatio(ev, e, series, scalarParam, n) };
  }
  if (e.op === "topk" || e.op === "bottomk") {
    if (!scalarParam) throw new QueryError(`${e.op} requires a scalar parameter`);
    return { type: "vector", series: topk(e, series, [...groups.values()], scalarParam, n) };
  }
  if (e.op === "quantile" && scalarParam) {
    for (const q of scalarParam) {
      if (Number.isNaN(q) || q < 0 || q > 1) ev.annotate("warning", `quantile value should be between 0 and 1, got ${formatFloatF(q)}`, e.param?.pos ?? e.pos);
    }
  }

  const out: StepSeries[] = [];
  for (const g of groups.values()) {
    const r = newSeries(g.labels, g.dropName, n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const vals: number[] = [];
      for (const k of g.members) {
        const s = series[k] as StepSeries;
        if (s.present[i]) vals.push(s.values[i] as number);
      }
      if (vals.length === 0) continue;
      r.values[i] = reduce(e.op, vals, scalarParam?.[i] ?? NaN);
      r.present[i] = 1;
      any = true;
    }
    if (any) out.push(r);
  }
  return { type: "vector", series: out };
}

function reduce(op: Aggregation["op"], vals: number[], param: number): number {
  switch (op) {
    case "sum": {
      let sum = 0;
      let c = 0;
      for (const v of vals) [sum, c] = kahanSumInc(v, sum, c);
      return sum + c;
    }
    case "avg":
      return mean(vals);
    case "count":
      return vals.length;
    case "group":
      return 1;
    case "min":
    case "max": {
      let acc = vals[0] as number;
      for (const v of vals) {
        if (op === "max" ? acc < v || Number.isNaN(acc) : acc > v || Number.isNaN(acc)) acc = v;
      }
      return acc;
    }
    case "stddev":
    case "stdvar": {
      let count = 0;
      let m = 0;
      let cm = 0;
      let aux = 0;
      let ca = 0;
      for (const v of vals) {
        count++;
        const delta = v - (m + cm);
        [m, cm] = kahanSumInc(delta / count, m, cm);
        [aux, ca] = kahanSumInc(delta * (v - (m + cm)), aux, ca);
      }
      const variance = (aux + ca) / count;
      return op === "stddev" ? Math.sqrt(variance) : variance;
    }
    case "quantile":
      return quantile(param, vals);
    case "topk":
    case "bottomk":
    case "limitk":
    case "limit_ratio":
    case "count_values":
      throw new QueryError(`internal error: ${op} is not a reducing aggregation`);
    default: {
      const _x: never = op;
      return _x;
    }
  }
}

/** Mean of vals[lo, hi) with Kahan summation, switching to an incremental mean when the sum would overflow (Prometheus 3). */
export function mean(vals: ArrayLike<number>, lo = 0, hi = vals.length): number {
  let sum = vals[lo] as number;
  let c = 0;
  let m = 0;
  let incremental = false;
  for (let i = lo + 1; i < hi; i++) {
    const v = vals[i] as number;
    const count = i - lo + 1;
    if (!incremental) {
      // kahanSumInc inlined: this loop is the hot path of avg_over_time.
      const ns = sum + v;
      if (Number.isFinite(ns) || Number.isNaN(ns)) {
        c += Math.abs(sum) >= Math.abs(v) ? sum - ns + v : v - ns + sum;
        sum = ns;
        continue;
      }
      incremental = true;
      m = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [m, c] = kahanSumInc(v / count, q * m, q * c);
  }
  if (incremental) return m + c;
  const n = hi - lo;
  return sum / n + c / n;
}

/** Go's container/heap operations on a min-heap by `less`, reproduced so ties pick the same series as Prometheus. */
class GoHeap<T> {
  constructor(
    readonly items: T[],
    private readonly less: (a: T, b: T) => boolean,
  ) {}
  private lessIdx(i: number, j: number): boolean {
    return this.less(this.items[i] as T, this.items[j] as T);
  }
  private swap(i: number, j: number): void {
    const t = this.items[i] as T;
    this.items[i] = this.items[j] as T;
    this.items[j] = t;
  }
  private up(j: number): void {
    while (j > 0) {
      const i = Math.floor((j - 1) / 2);
      if (i === j || !this.lessIdx(j, i)) break;
      this.swap(i, j);
      j = i;
    }
  }
  private down(i0: number, n: number): void {
    let i = i0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.lessIdx(j2, j1)) j = j2;
      if (!this.lessIdx(j, i)) break;
      this.swap(i, j);
      i = j;
    }
  }
  push(x: T): void {
    this.items.push(x);
    this.up(this.items.length - 1);
  }
  fixTop(x: T): void {
    this.items[0] = x;
    this.down(0, this.items.length);
  }
}

interface Entry {
  k: number;
  v: number;
}

function topk(e: Aggregation, series: StepSeries[], groups: Group[], param: Float64Array, n: number): StepSeries[] {
  const bottom = e.op === "bottomk";
  // topk keeps a min-heap of the k largest; bottomk a max-heap of the k smallest. NaN always loses.
  const heapLess = bottom
    ? (a: Entry, b: Entry) => (Number.isNaN(a.v) && !Number.isNaN(b.v)) || a.v > b.v
    : (a: Entry, b: Entry) => (Number.isNaN(a.v) && !Number.isNaN(b.v)) || a.v < b.v;
  const out = new Map<number, StepSeries>();
  const order: StepSeries[] = [];
  for (let i = 0; i < n; i++) {
    const k = kParam(param[i] as number);
    if (k < 1) continue;
    // Groups in order of their first series present at this step, like Prometheus's per-step ordering.
    const active = groups
      .map((g) => ({ g, first: g.members.find((m) => (series[m] as StepSeries).present[i]) }))
      .filter((x): x is { g: Group; first: number } => x.first !== undefined)
      .sort((a, b) => a.first - b.first);
    for (const { g } of active) {
      const heap = new GoHeap<Entry>([], heapLess);
      for (const m of g.members) {
        const s = series[m] as StepSeries;
        if (!s.present[i]) continue;
        const entry = { k: m, v: s.values[i] as number };
        if (heap.items.length < k) heap.push(entry);
        else if (heapLess(heap.items[0] as Entry, entry)) heap.fixTop(entry);
      }
      const sorted = goSort(heap.items, (a, b) => heapLess(b, a));
      for (const { k: m, v } of sorted) {
        let r = out.get(m);
        if (!r) {
          const s = series[m] as StepSeries;
          r = newSeries(s.labels, s.dropName, n);
          out.set(m, r);
          order.push(r);
        }
        r.values[i] = v;
        r.present[i] = 1;
      }
    }
  }
  return order;
}

/** Parses the k of topk/bottomk/limitk at one step; NaN is an error, k < 1 selects nothing. */
function kParam(p: number): number {
  if (Number.isNaN(p)) throw new QueryError("Parameter value is NaN");
  return p >= Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : Math.trunc(p);
}

/** limitk: the first k series of each group, in input order. */
function limitk(series: StepSeries[], groups: Group[], param: Float64Array, n: number): StepSeries[] {
  const keep = series.map((s) => newSeries(s.labels, s.dropName, n));
  for (let i = 0; i < n; i++) {
    const k = kParam(param[i] as number);
    for (const g of groups) {
      let taken = 0;
      for (const m of g.members) {
        const s = series[m] as StepSeries;
        if (taken >= k || !s.present[i]) continue;
        taken++;
        (keep[m] as StepSeries).values[i] = s.values[i] as number;
        (keep[m] as StepSeries).present[i] = 1;
      }
    }
  }
  return keep.filter((s) => s.present.includes(1));
}

/**
 * limit_ratio: keeps a series when its label hash, scaled to [0, 1), falls below the ratio (or, for a negative ratio,
 * in the complementary top part), so the same series are picked at every step and by every replica.
 */
function limitRatio(ev: Evaluator, e: Aggregation, series: StepSeries[], param: Float64Array, n: number): StepSeries[] {
  const offsets = series.map((s) => Number(labelsHash(s.labels)) / 2 ** 64);
  const keep = series.map((s) => newSeries(s.labels, s.dropName, n));
  for (let i = 0; i < n; i++) {
    let r = param[i] as number;
    if (Number.isNaN(r)) throw new QueryError("Ratio value is NaN");
    if (r > 1 || r < -1) {
      const capped = r > 1 ? 1 : -1;
      ev.annotate("warning", `ratio value should be between -1 and 1, got ${formatFloatF(r)}, capping to ${capped}`, e.param?.pos ?? e.pos);
      r = capped;
    }
    series.forEach((s, k) => {
      const off = offsets[k] as number;
      if (!s.present[i] || !((r >= 0 && off < r) || (r < 0 && off >= 1 + r))) return;
      (keep[k] as StepSeries).values[i] = s.values[i] as number;
      (keep[k] as StepSeries).present[i] = 1;
    });
  }
  return keep.filter((s) => s.present.includes(1));
}

function countValues(e: Aggregation, series: StepSeries[], label: string, n: number): StepSeries[] {
  checkLabelName(label);
  const out = new Map<string, StepSeries>();
  const order: StepSeries[] = [];
  for (let i = 0; i < n; i++) {
    for (const s of series) {
      if (!s.present[i]) continue;
      const labels = groupLabels(s.labels, e);
      labels[label] = formatFloatF(s.values[i] as number);
      const key = labelsKey(labels);
      let r = out.get(key);
      if (!r) {
        r = newSeries(labels, false, n);
        out.set(key, r);
        order.push(r);
      }
      r.values[i] = r.present[i] ? (r.values[i] as number) + 1 : 1;
      r.present[i] = 1;
    }
  }
  return order;
}
