import { children, type AtModifier, type Call, type Expr, type MatrixSelector, type Subquery, type VectorSelector } from "./ast";
import { STALE_NAN_BITS } from "@boardwatch/exposition";
import { evalAggregation } from "./evaluate-aggregation";
import { evalBinary } from "./evaluate-binary";
import { evalCall } from "./evaluate-call";
import { evalRolledSelector, readRollups, rollupWidth, selectorRollupWidth, type RolledCall } from "./evaluate-rollups";
import { compareLabels, labelsKey, dropMetricName, type Labels } from "./labels";
import { lineColumn } from "./parse";
import { OVER_TIME_FUNCTIONS, type OverTimeFunction, type OverTimeSeries, type Querier, type Rollups, type SampleGrid, type SeriesSamples } from "./querier";
import { newSeries, QueryError, type RangeSeries, type StepSeries, type Steps, type Value } from "./values";

/** Limits and defaults of one query evaluation. */
export interface EvalOptions {
  lookbackDeltaMs: number;
  maxSamples: number;
  /** Step of subqueries that omit it (Prometheus uses the global evaluation interval, 1m by default). */
  defaultSubqueryStepMs: number;
  signal: AbortSignal | undefined;
  /** Whether range functions the storage can evaluate are left to it, and its rollups read (Querier.overTime, Querier.rollups). */
  pushdown: boolean;
}

const OVER_TIME = new Set<string>(OVER_TIME_FUNCTIONS);

/** Warnings and infos collected during evaluation, formatted like Prometheus 3's annotations. */
export interface Annotations {
  warnings: string[];
  infos: string[];
}



/** Builds the evaluation grid for [start, end] with the given interval. */
export function makeSteps(start: number, end: number, interval: number): Steps {
  const n = interval > 0 ? Math.floor((end - start) / interval) + 1 : 1;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = start + i * interval;
  return { start, end, interval, times };
}

/** Integer division truncating toward zero, like Go's for int64. */
function goDiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** A node the storage answers instead of the engine: from rollups (at this bucket width), or a range function in SQL. */
interface Pushdown {
  node: Call | VectorSelector;
  rollupWidth: number | undefined;
}

/** A selector's time range, and its windows when the storage may leave out the samples between them. */
interface Window {
  start: number;
  end: number;
  grid: SampleGrid | null;
}

/** Evaluates an AST over a step grid. Selector data is fetched up front by `prefetch`, one select per selector node. */
export class Evaluator {
  private readonly data = new Map<VectorSelector, SeriesSamples[]>();
  /** Calls the storage evaluated, with their results. */
  private readonly pushed = new Map<Call, OverTimeSeries[]>();
  /** Calls and instant selectors read from rollups. */
  private readonly rolled = new Map<Call | VectorSelector, RolledCall>();
  /** Samples loaded or materialised so far (Prometheus's totalQueryableSamples, counted our way). */
  samples = 0;
  readonly annotations: Annotations = { warnings: [], infos: [] };

  constructor(
    private readonly querier: Querier,
    private readonly input: string,
    /** The query's own range (what `@ start()`, `@ end()`, start(), step() refer to); step is 0 for instant queries. */
    readonly query: { start: number; end: number; step: number },
    readonly opts: EvalOptions,
  ) {}

  /**
   * Fetches, once per selector, every sample the expression can read over the grid; range functions over a
   * plain selector that the storage evaluates itself (outside subqueries) are left to it instead, all at once.
   */
  async prefetch(e: Expr, steps: Steps): Promise<void> {
    const windows = new Map<VectorSelector, Window>();
    const pushdowns: Pushdown[] = [];
    this.collectWindows(e, steps, windows, pushdowns);
    const overTime = this.querier.overTime?.bind(this.querier);
    await Promise.all([
      ...[...windows].map(([vs, w]) => this.selectInto(vs, w.start, w.end, w.grid ?? undefined)),
      ...pushdowns.map(async ({ node: call, rollupWidth: width }) => {
        if (call.kind === "VectorSelector") {
          const what = { name: "instant selector", pos: call.pos };
          this.rolled.set(call, await readRollups(this, call, this.opts.lookbackDeltaMs, width as number, steps, what));
          return;
        }
        if (width !== undefined) {
          const ms = call.args[0] as MatrixSelector;
          this.rolled.set(call, await readRollups(this, ms.vector, ms.rangeMs, width, steps, { name: call.func, pos: call.pos }));
          return;
        }
        const ms = call.args[0] as MatrixSelector;
        const times = this.evalTimes(ms.vector.at, ms.vector.offsetMs, steps);
        const { series, samples } = await (overTime as NonNullable<typeof overTime>)(call.func as OverTimeFunction, ms.vector.matchers, ms.rangeMs, times, this.opts.signal);
        this.checkAbort();
        this.addSamples(samples);
        this.pushed.set(call, series.sort((a, b) => compareLabels(a.labels, b.labels)));
      }),
    ]);
  }

  /** Reads a selector's samples in [start, end] (only those in `grid`'s windows, if given) for evaluation. */
  async selectInto(vs: VectorSelector, start: number, end: number, grid: SampleGrid | undefined): Promise<void> {
    // Sorted by labels, as Prometheus's storage returns them: answers and messages depend on the order.
    const series = (await this.querier.select(vs.matchers, start, end, this.opts.signal, grid)).sort((a, b) => compareLabels(a.labels, b.labels));
    this.checkAbort();
    this.addSamples(series.reduce((n, s) => n + s.timestamps.length, 0));
    this.data.set(vs, series);
  }

  /** What the storage answered for a call it evaluated (see prefetch). */
  pushedResult(call: Call): OverTimeSeries[] | undefined {
    return this.pushed.get(call);
  }

  /** The buckets of a call read from rollups (see prefetch). */
  rolledCall(call: Call): RolledCall | undefined {
    return this.rolled.get(call);
  }

  /** The storage's rollups, unless the options turn them off. */
  get rollups(): Rollups | undefined {
    return this.opts.pushdown ? this.querier.rollups : undefined;
  }

  /**
   * Collects each selector's time window; a node reached twice (shared in a hand-built AST) gets the union. Outside
   * subqueries and without `@`, a range query's disjoint windows go along as a grid (see SampleGrid).
   */
  private collectWindows(e: Expr, steps: Steps, out: Map<VectorSelector, Window>, pushdowns: Pushdown[] | undefined): void {
    const add = (vs: VectorSelector, at: AtModifier | undefined, offsetMs: number, width: number): void => {
      const [lo, hi] = this.evalTimeBounds(at, offsetMs, steps);
      const n = steps.times.length;
      const grid = !at && pushdowns && n > 1 && steps.interval > width ? { first: steps.start - offsetMs, step: steps.interval, count: n, width } : null;
      const prev = out.get(vs);
      out.set(vs, prev ? { start: Math.min(prev.start, lo - width), end: Math.max(prev.end, hi), grid: null } : { start: lo - width, end: hi, grid });
    };
    switch (e.kind) {
      case "VectorSelector": {
        const width = pushdowns ? selectorRollupWidth(this, e, steps) : undefined;
        if (pushdowns && width !== undefined) pushdowns.push({ node: e, rollupWidth: width });
        else add(e, e.at, e.offsetMs, this.opts.lookbackDeltaMs);
        return;
      }
      case "MatrixSelector":
        add(e.vector, e.vector.at, e.vector.offsetMs, e.rangeMs);
        return;
      case "Subquery":
        // A subquery evaluates its inner expression on its own grid: nothing in it is pushed down, and its
        // selectors get no grid (`pushdowns` undefined).
        this.collectWindows(e.expr, this.subquerySteps(e, steps), out, undefined);
        return;
      case "Call":
        if (pushdowns) {
          const width = rollupWidth(this, e, steps);
          const overTime = this.opts.pushdown && this.querier.overTime && OVER_TIME.has(e.func) && e.args.length === 1 && e.args[0]?.kind === "MatrixSelector";
          if (width !== undefined || overTime) {
            pushdowns.push({ node: e, rollupWidth: width });
            return;
          }
        }
        for (const c of children(e)) this.collectWindows(c, steps, out, pushdowns);
        return;
      case "Aggregation":
      case "Binary":
      case "Unary":
      case "Paren":
        for (const c of children(e)) this.collectWindows(c, steps, out, pushdowns);
        return;
      case "NumberLiteral":
      case "StringLiteral":
        return;
      default: {
        const _x: never = e;
        return _x;
      }
    }
  }

  /** The effective time of a selector at each step: `@` pins it, offset shifts it back. */
  evalTimes(at: AtModifier | undefined, offsetMs: number, steps: Steps): Float64Array {
    const out = new Float64Array(steps.times.length);
    const pinned = this.atTime(at);
    for (let i = 0; i < out.length; i++) out[i] = (pinned ?? (steps.times[i] as number)) - offsetMs;
    return out;
  }

  private evalTimeBounds(at: AtModifier | undefined, offsetMs: number, steps: Steps): [number, number] {
    const pinned = this.atTime(at);
    if (pinned !== undefined) return [pinned - offsetMs, pinned - offsetMs];
    return [steps.start - offsetMs, steps.end - offsetMs];
  }

  private atTime(at: AtModifier | undefined): number | undefined {
    if (!at) return undefined;
    switch (at.kind) {
      case "timestamp":
        return at.ms;
      case "start":
        return this.query.start;
      case "end":
        return this.query.end;
      default: {
        const _x: never = at;
        return _x;
      }
    }
  }

  /** The inner grid of a subquery: aligned to multiples of its step, like Prometheus. */
  subquerySteps(sq: Subquery, steps: Steps): Steps {
    const interval = sq.stepMs || this.opts.defaultSubqueryStepMs;
    const [lo, hi] = this.evalTimeBounds(sq.at, sq.offsetMs, steps);
    const from = lo - sq.rangeMs;
    let start = interval * goDiv(from, interval);
    if (start <= from) start += interval;
    return makeSteps(start, hi, interval);
  }

  /** Throws Prometheus's timeout/cancel error once the query's signal is aborted. */
  checkAbort(): void {
    const s = this.opts.signal;
    if (s?.aborted) {
      const reason: unknown = s.reason;
      const timeout = reason instanceof Error && reason.name === "TimeoutError";
      throw new QueryError(timeout ? "query timed out in expression evaluation" : "query was canceled in expression evaluation");
    }
  }

  /** Adds an annotation at an expression's position, e.g. `PromQL info: ... (1:6)`. */
  annotate(level: "warning" | "info", message: string, pos: { start: number }): void {
    const { line, column } = lineColumn(this.input, pos.start);
    const text = `PromQL ${level}: ${message} (${line}:${column})`;
    const list = level === "warning" ? this.annotations.warnings : this.annotations.infos;
    if (!list.includes(text)) list.push(text);
  }

  /** Evaluates an expression at every step of the grid. */
  eval(e: Expr, steps: Steps): Value {
    this.checkAbort();
    switch (e.kind) {
      case "NumberLiteral":
        return { type: "scalar", values: new Float64Array(steps.times.length).fill(e.value) };
      case "StringLiteral":
        return { type: "string", value: e.value };
      case "Paren":
        return this.eval(e.expr, steps);
      case "VectorSelector":
        return { type: "vector", series: this.evalVectorSelector(e, steps, false) };
      case "MatrixSelector":
        return this.evalMatrixSelector(e, steps);
      case "Subquery":
        return this.evalSubquery(e, steps);
      case "Unary":
        return this.evalUnary(e.op, this.eval(e.expr, steps));
      case "Binary":
        return evalBinary(this, e, steps);
      case "Aggregation":
        return evalAggregation(this, e, steps);
      case "Call":
        return evalCall(this, e, steps);
      default: {
        const _x: never = e;
        return _x;
      }
    }
  }

  /** Instant-vector selection with lookback; `sampleTimestamps` returns each sample's time in seconds instead of its value (for timestamp()). */
  evalVectorSelector(vs: VectorSelector, steps: Steps, sampleTimestamps: boolean): StepSeries[] {
    const evalTimes = this.evalTimes(vs.at, vs.offsetMs, steps);
    const n = evalTimes.length;
    const lookback = this.opts.lookbackDeltaMs;
    const out: StepSeries[] = [];
    let points = 0;
    let seen = 0;
    for (const raw of this.data.get(vs) ?? []) {
      if (++seen % 256 === 0) this.checkAbort();
      const ts = raw.timestamps;
      const vals = raw.values;
      const bits = new BigUint64Array(vals.buffer, vals.byteOffset, vals.length);
      const s = newSeries(raw.labels, false, n);
      let j = -1; // index of the last sample at or before the current eval time
      let any = false;
      for (let i = 0; i < n; i++) {
        const t = evalTimes[i] as number;
        if (j >= 0 && (ts[j] as number) > t) j = -1; // eval times only go backwards with @, which pins them; restart then
        while (j + 1 < ts.length && (ts[j + 1] as number) <= t) j++;
        if (j < 0 || (ts[j] as number) <= t - lookback || bits[j] === STALE_NAN_BITS) continue;
        s.values[i] = sampleTimestamps ? (ts[j] as number) / 1000 : (vals[j] as number);
        s.present[i] = 1;
        points++;
        any = true;
      }
      if (any) out.push(s);
    }
    this.addSamples(points);
    const rolled = this.rolled.get(vs);
    return rolled ? evalRolledSelector(this, vs, steps, rolled, out, sampleTimestamps) : out;
  }

  private evalMatrixSelector(ms: MatrixSelector, steps: Steps): Value {
    const evalTimes = this.evalTimes(ms.vector.at, ms.vector.offsetMs, steps);
    const series: RangeSeries[] = [];
    for (const raw of this.data.get(ms.vector) ?? []) {
      const vals = raw.values;
      const bits = new BigUint64Array(vals.buffer, vals.byteOffset, vals.length);
      let keep = 0;
      for (let i = 0; i < bits.length; i++) if (bits[i] !== STALE_NAN_BITS) keep++;
      if (keep === bits.length) {
        // No stale markers: window over the fetched arrays without copying them.
        if (keep > 0) series.push({ labels: raw.labels, dropName: false, t: raw.timestamps, v: vals });
        continue;
      }
      const t = new Float64Array(keep);
      const v = new Float64Array(keep);
      let k = 0;
      for (let i = 0; i < bits.length; i++) {
        if (bits[i] === STALE_NAN_BITS) continue;
        t[k] = raw.timestamps[i] as number;
        v[k++] = vals[i] as number;
      }
      if (keep > 0) series.push({ labels: raw.labels, dropName: false, t, v });
    }
    return { type: "matrix", series, rangeMs: ms.rangeMs, evalTimes };
  }

  private evalSubquery(sq: Subquery, steps: Steps): Value {
    const inner = this.subquerySteps(sq, steps);
    const v = this.eval(sq.expr, inner);
    if (v.type !== "vector") throw new QueryError(`subquery is only allowed on instant vector, got ${v.type}`);
    const series: RangeSeries[] = [];
    for (const s of v.series) {
      let count = 0;
      for (let i = 0; i < s.present.length; i++) count += s.present[i] as number;
      if (count === 0) continue;
      const t = new Float64Array(count);
      const vals = new Float64Array(count);
      let k = 0;
      for (let i = 0; i < s.present.length; i++) {
        if (!s.present[i]) continue;
        t[k] = inner.times[i] as number;
        vals[k++] = s.values[i] as number;
      }
      this.addSamples(count);
      series.push({ labels: s.labels, dropName: s.dropName, t, v: vals });
    }
    return { type: "matrix", series, rangeMs: sq.rangeMs, evalTimes: this.evalTimes(sq.at, sq.offsetMs, steps) };
  }

  /**
   * Accounts samples loaded or materialised (selector outputs, subquery points) against the query's limit. Unlike
   * Prometheus's peak count this is a running total, so it errs on the safe side of memory.
   */
  addSamples(n: number): void {
    this.samples += n;
    if (this.samples > this.opts.maxSamples) {
      throw new QueryError("query processing would load too many samples into memory in query execution");
    }
  }

  private evalUnary(op: "-" | "+", v: Value): Value {
    if (op === "+") return v;
    switch (v.type) {
      case "scalar":
        return { type: "scalar", values: v.values.map((x) => -x) };
      case "vector":
        return {
          type: "vector",
          series: v.series.map((s) => ({ ...s, dropName: true, values: s.values.map((x) => -x) })),
        };
      case "string":
      case "matrix":
        throw new QueryError(`unary expression only allowed on expressions of type scalar or instant vector, got ${v.type}`);
      default: {
        const _x: never = v;
        return _x;
      }
    }
  }
}

/**
 * Applies delayed `__name__` removal and merges series that end up with the same labels; two values for the same
 * labels at the same step are an error, as in Prometheus.
 */
export function finalizeSeries(series: StepSeries[]): StepSeries[] {
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  for (const s of series) {
    const labels: Labels = s.dropName ? dropMetricName(s.labels) : s.labels;
    const key = labelsKey(labels);
    const prev = byKey.get(key);
    if (!prev) {
      const copy = { ...s, labels, dropName: false };
      byKey.set(key, copy);
      out.push(copy);
      continue;
    }
    mergeInto(prev, s);
  }
  return out;
}

/** Merges `s` into `into`; both present at one step means duplicate label sets. */
function mergeInto(into: StepSeries, s: StepSeries): void {
  if (into.values === s.values) return;
  const values = into.values.slice();
  const present = into.present.slice();
  for (let i = 0; i < present.length; i++) {
    if (!s.present[i]) continue;
    if (present[i]) throw new QueryError("vector cannot contain metrics with the same labelset");
    present[i] = 1;
    values[i] = s.values[i] as number;
  }
  into.values = values;
  into.present = present;
}

/** Groups series by exact labels, merging them (used after label rewrites). */
export function mergeByLabels(series: StepSeries[]): StepSeries[] {
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  for (const s of series) {
    const key = labelsKey(s.labels) + (s.dropName ? "\x01" : "");
    const prev = byKey.get(key);
    if (prev) mergeInto(prev, s);
    else {
      const copy = { ...s };
      byKey.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}

