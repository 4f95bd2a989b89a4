import { children, mapChildren, type Expr } from "../ast";
import { instantQuery, rangeQuery, type QueryOptions, type QueryOutcome, type QueryResult } from "../engine";
import { FUNCTIONS } from "../functions";
import { compareLabels, formatLabels, labelsKey, type Labels } from "../labels";
import { matchLabel, MemoryQuerier } from "../memory-querier";
import { almostEqual } from "../numeric";
import { usesQueryDuration } from "../duration-expr";
import { parseExpr } from "../parse";
import { STALE_NAN, type Querier } from "../querier";
import { parseScript, type EvalCommand, type Expectations, type SeqItem } from "./script";

/** Outcome of one eval command. */
export interface EvalResult {
  line: number;
  expr: string;
  status: "pass" | "fail" | "skip";
  /** Why it failed or was skipped. */
  reason: string;
}

/** Engine settings the scripts assume (FORMAT.md §2), except maxSamples: our limit counts loaded samples, not peak. */
const options: QueryOptions = { lookbackDeltaMs: 5 * 60_000, defaultSubqueryStepMs: 60_000 };

/** One series of a `load` command: timestamps in ms from 0, stale markers as STALE_NAN. */
export interface ScriptSeries {
  labels: Labels;
  timestamps: Float64Array;
  values: Float64Array;
}

/** Where a script's series are stored and read from. */
export interface ScriptStorage {
  readonly querier: Querier;
  load(series: ScriptSeries[]): Promise<void>;
  clear(): Promise<void>;
}

/** The in-memory storage: the engine alone. */
export function memoryStorage(): ScriptStorage {
  const querier = new MemoryQuerier();
  return {
    querier,
    load: async (series) => series.forEach((s) => querier.append(s.labels, s.timestamps, s.values)),
    clear: async () => querier.clear(),
  };
}

export interface ScriptOptions {
  storage?: ScriptStorage;
  /**
   * Also evaluates every eval with nothing pushed down to storage (QueryOptions.pushdown false) and fails it
   * unless both answers agree: the differential test of storage's own evaluation against the engine's.
   */
  differential?: boolean;
}

/** Runs a `.test` script against the engine (over an in-memory store by default); native-histogram evals are skipped and say so. */
export async function runScript(content: string, { storage = memoryStorage(), differential = false }: ScriptOptions = {}): Promise<EvalResult[]> {
  const histogramSeries: Labels[] = [];
  const results: EvalResult[] = [];
  for (const cmd of parseScript(content)) {
    switch (cmd.kind) {
      case "clear":
        await storage.clear();
        histogramSeries.length = 0;
        break;
      case "load": {
        const loaded: ScriptSeries[] = [];
        for (const s of cmd.series) {
          if (s.items.some((it) => it.kind === "histogram")) histogramSeries.push(s.labels);
          const ts: number[] = [];
          const vs: number[] = [];
          s.items.forEach((it, i) => {
            if (it.kind === "float" || it.kind === "stale") {
              ts.push(i * cmd.intervalMs);
              vs.push(it.kind === "stale" ? NaN : it.value);
            }
          });
          const values = Float64Array.from(vs);
          s.items.filter((it) => it.kind === "float" || it.kind === "stale").forEach((it, k) => {
            if (it.kind === "stale") values[k] = STALE_NAN; // assigned straight into the typed array to keep the bits
          });
          loaded.push({ labels: s.labels, timestamps: Float64Array.from(ts), values });
          if (cmd.withNhcb && s.labels.__name__?.endsWith("_bucket")) {
            // load_with_nhcb also stores a native histogram under the base name, which we cannot represent.
            histogramSeries.push({ ...s.labels, __name__: s.labels.__name__.slice(0, -"_bucket".length) });
          }
        }
        await storage.load(loaded);
        break;
      }
      case "eval":
        results.push(await runEval(storage.querier, cmd, histogramSeries, differential));
        break;
      default: {
        const _x: never = cmd;
        return _x;
      }
    }
  }
  return results;
}

function selectorsOf(e: Expr): Expr[] {
  const out: Expr[] = [];
  const walk = (x: Expr): void => {
    if (x.kind === "VectorSelector") out.push(x);
    children(x).forEach(walk);
  };
  walk(e);
  return out;
}

function readsHistograms(cmd: EvalCommand, histogramSeries: Labels[]): boolean {
  if (histogramSeries.length === 0) return false;
  let expr: Expr;
  try {
    expr = parseExpr(cmd.expr);
  } catch {
    return false;
  }
  return selectorsOf(expr).some((vs) => vs.kind === "VectorSelector" && histogramSeries.some((l) => vs.matchers.every((m) => matchLabel(m, l))));
}

/**
 * Evals that expect native-histogram samples are skipped. Evals reading series loaded with native-histogram samples run
 * with those samples absent: they pass when the histograms do not matter, and are skipped (not failed) otherwise.
 */
async function runEval(storage: Querier, cmd: EvalCommand, histogramSeries: Labels[], differential: boolean): Promise<EvalResult> {
  const base = { line: cmd.line, expr: cmd.expr };
  if (cmd.series.some((s) => s.items.some((it) => it.kind === "histogram"))) {
    return { ...base, status: "skip", reason: "expects native-histogram samples" };
  }
  try {
    await check(storage, cmd, differential);
    return { ...base, status: "pass", reason: "" };
  } catch (e) {
    const reason = (e as Error).message;
    if (readsHistograms(cmd, histogramSeries)) return { ...base, status: "skip", reason: `reads native-histogram series (${reason})` };
    return { ...base, status: "fail", reason };
  }
}

class Mismatch extends Error {}

async function check(storage: Querier, cmd: EvalCommand, differential: boolean): Promise<void> {
  const ex = cmd.expect;
  const run = async (q: string | Expr, mode: "instant" | "range", t = 0, opts = options): Promise<QueryOutcome> => {
    if (mode === "range" && cmd.range) return rangeQuery(storage, q, cmd.range.startMs, cmd.range.endMs, cmd.range.stepMs, opts);
    if (mode === "range") return rangeQuery(storage, q, t - 60_000, t + 60_000, 60_000, opts);
    return instantQuery(storage, q, t, opts);
  };
  const mode = cmd.range ? "range" : "instant";
  const t = cmd.instant?.timeMs ?? 0;
  let outcome: QueryOutcome;
  try {
    outcome = await run(cmd.expr, mode, t);
  } catch (e) {
    const msg = (e as Error).message;
    if (!ex.fail) throw new Mismatch(`unexpected error: ${msg}`);
    if (ex.failMsg !== undefined && msg !== ex.failMsg) throw new Mismatch(`expected error ${JSON.stringify(ex.failMsg)}, got ${JSON.stringify(msg)}`);
    if (ex.failRegex && !ex.failRegex.test(msg)) throw new Mismatch(`error ${JSON.stringify(msg)} does not match ${ex.failRegex}`);
    return;
  }
  if (ex.fail) throw new Mismatch("expected an error, got a result");
  if (differential) {
    const engineOnly = await run(cmd.expr, mode, t, { ...options, pushdown: false });
    const difference = differenceOf(outcome.result, engineOnly.result);
    if (difference !== undefined) throw new Mismatch(`storage and engine evaluation differ: ${difference}`);
  }
  checkAnnotations(ex, outcome);
  compare(cmd, outcome.result, ex.ordered);
  if (mode === "range") return;

  const expr = parseExpr(cmd.expr);
  const pinned = pinAt(expr, t);
  if (pinned) {
    const times = t === 0 ? [-1000, 0, 1000] : [-10 * t, 0, Math.trunc(t / 5), t, 10 * t];
    for (const at of times) {
      try {
        compare(cmd, (await instantQuery(storage, pinned, at, options)).result, ex.ordered);
      } catch (e) {
        throw new Mismatch(`with @ ${t / 1000} evaluated at ${at}ms: ${(e as Error).message}`);
      }
    }
  }
  if (ex.ordered || ex.rangeVector || ex.string !== undefined || usesStartEnd(expr)) return;
  const r = (await run(cmd.expr, "range", t)).result;
  if (r.resultType !== "matrix") throw new Mismatch("range query did not return a matrix");
  r.series.forEach((s, i) => {
    const prev = r.series[i - 1];
    if (prev && compareLabels(prev.labels, s.labels) >= 0) throw new Mismatch(`range query result not sorted by labels at ${formatLabels(s.labels)}`);
  });
  const samples = r.series.flatMap((s) => {
    const i = s.timestamps.indexOf(t);
    return i < 0 ? [] : [{ labels: s.labels, value: s.values[i] as number, timestampMs: t }];
  });
  const asInstant: QueryResult =
    outcome.result.resultType === "scalar" ? { resultType: "scalar", value: samples[0]?.value ?? NaN, timestampMs: t } : { resultType: "vector", samples };
  try {
    compare(cmd, asInstant, false);
  } catch (e) {
    throw new Mismatch(`in range mode: ${(e as Error).message}`);
  }
}

/** Whether the result depends on the query's own range (`@ start()`, start(), step() ...), which differs in range mode. */
function usesStartEnd(e: Expr): boolean {
  const at = e.kind === "VectorSelector" || e.kind === "Subquery" ? e.at : e.kind === "MatrixSelector" ? e.vector.at : undefined;
  if (at && at.kind !== "timestamp") return true;
  if (e.kind === "Call" && ["start", "end", "range", "step"].includes(e.func)) return true;
  const durations = e.kind === "VectorSelector" ? [e.offsetExpr] : e.kind === "MatrixSelector" ? [e.rangeExpr] : e.kind === "Subquery" ? [e.rangeExpr, e.stepExpr, e.offsetExpr] : [];
  if (durations.some((d) => d !== undefined && usesQueryDuration(d))) return true;
  return children(e).some(usesStartEnd);
}

/** Adds `@ t` to every selector and subquery without one (not inside pinned subqueries); undefined when an @-unsafe function is used. */
function pinAt(e: Expr, t: number): Expr | undefined {
  let unsafe = false;
  const at = { kind: "timestamp" as const, ms: t };
  const walk = (x: Expr): Expr => {
    switch (x.kind) {
      case "VectorSelector":
        return x.at ? x : { ...x, at };
      case "MatrixSelector":
        return x.vector.at ? x : { ...x, vector: { ...x.vector, at } };
      case "Subquery":
        return x.at ? x : { ...x, at };
      default:
        if (x.kind === "Call" && FUNCTIONS.get(x.func)?.atUnsafe) unsafe = true;
        return mapChildren(x, walk);
    }
  };
  const out = walk(e);
  return unsafe ? undefined : out;
}

function checkAnnotations(ex: Expectations, o: QueryOutcome): void {
  const level = (name: string, want: Expectations["warn"], matchers: ((s: string) => boolean)[], got: string[]): void => {
    if (want === "none" && got.length > 0) throw new Mismatch(`unexpected ${name}: ${got.join("; ")}`);
    if (want === "any" && got.length === 0) throw new Mismatch(`expected a ${name} annotation, got none`);
    for (const m of matchers) if (!got.some(m)) throw new Mismatch(`no ${name} annotation matches the expectation; got: ${got.join("; ")}`);
    if (matchers.length > 0) {
      const extra = got.filter((g) => !matchers.some((m) => m(g)));
      if (extra.length > 0) throw new Mismatch(`unexpected ${name}: ${extra.join("; ")}`);
    }
  };
  level("warn", ex.warn, ex.warnMatchers, o.annotations.warnings);
  level("info", ex.info, ex.infoMatchers, o.annotations.infos);
}

function floats(items: SeqItem[]): (number | undefined)[] {
  return items.map((it) => (it.kind === "float" ? it.value : it.kind === "stale" ? NaN : undefined));
}

function compare(cmd: EvalCommand, r: QueryResult, ordered: boolean): void {
  const ex = cmd.expect;
  if (ex.string !== undefined) {
    if (r.resultType !== "string" || r.value !== ex.string) throw new Mismatch(`expected string ${JSON.stringify(ex.string)}, got ${JSON.stringify(r)}`);
    return;
  }
  if (cmd.scalar !== undefined) {
    if (r.resultType !== "scalar") throw new Mismatch(`expected scalar ${cmd.scalar}, got ${r.resultType}`);
    if (!almostEqual(r.value, cmd.scalar, 1e-6)) throw new Mismatch(`expected scalar ${cmd.scalar}, got ${r.value}`);
    return;
  }
  let actual: { labels: Labels; points: Map<number, number> }[];
  let grid: (i: number) => number;
  if (r.resultType === "vector") {
    if (ex.rangeVector) throw new Mismatch("expected a range vector, got an instant vector");
    actual = r.samples.map((s) => ({ labels: s.labels, points: new Map([[0, s.value]]) }));
    grid = () => 0;
  } else if (r.resultType === "matrix") {
    const rv = ex.rangeVector ?? (cmd.range ? { start: cmd.range.startMs, step: cmd.range.stepMs } : undefined);
    if (!rv) throw new Mismatch("got a range vector for an instant query without `expect range vector`");
    actual = r.series.map((s) => ({ labels: s.labels, points: new Map(s.timestamps.map((t, i) => [t, s.values[i] as number])) }));
    grid = (i) => rv.start + i * rv.step;
  } else {
    throw new Mismatch(`expected a vector, got ${r.resultType} ${JSON.stringify(r)}`);
  }
  const byKey = new Map(actual.map((a, i) => [labelsKey(a.labels), { a, i }]));
  if (actual.length !== cmd.series.length || byKey.size !== actual.length) {
    throw new Mismatch(`expected ${cmd.series.length} series, got ${actual.length}: ${actual.map((a) => formatLabels(a.labels) + " " + [...a.points.values()].join(",")).join(" | ")}`);
  }
  cmd.series.forEach((want, idx) => {
    const found = byKey.get(labelsKey(want.labels));
    if (!found) throw new Mismatch(`missing series ${formatLabels(want.labels)}; got ${actual.map((a) => formatLabels(a.labels)).join(" ")}`);
    if (ordered && found.i !== idx) throw new Mismatch(`series ${formatLabels(want.labels)} at position ${found.i}, expected ${idx}`);
    const exp = floats(want.items);
    const got = found.a.points;
    const wantCount = exp.filter((x) => x !== undefined).length;
    if (got.size !== wantCount) throw new Mismatch(`series ${formatLabels(want.labels)}: expected ${exp.join(" ")}, got ${[...got.entries()].map(([t, v]) => `${v}@${t}`).join(" ")}`);
    exp.forEach((v, i) => {
      if (v === undefined) return;
      const g = got.get(grid(i));
      if (g === undefined || !almostEqual(g, v, 1e-6)) {
        throw new Mismatch(`series ${formatLabels(want.labels)} at ${grid(i)}: expected ${v}, got ${g}`);
      }
    });
  });
}

/** Where two results of the same query differ (labels, timestamps, or values beyond rounding), if they do. */
function differenceOf(a: QueryResult, b: QueryResult): string | undefined {
  const flat = (r: QueryResult): Map<string, number> => {
    const out = new Map<string, number>();
    if (r.resultType === "scalar") out.set(`scalar@${r.timestampMs}`, r.value);
    if (r.resultType === "vector") for (const s of r.samples) out.set(`${labelsKey(s.labels)}@${s.timestampMs}`, s.value);
    if (r.resultType === "matrix") for (const s of r.series) s.timestamps.forEach((t, i) => out.set(`${labelsKey(s.labels)}@${t}`, s.values[i] as number));
    return out;
  };
  if (a.resultType !== b.resultType) return `${a.resultType} vs ${b.resultType}`;
  const x = flat(a);
  const y = flat(b);
  for (const [key, v] of x) {
    const w = y.get(key);
    if (w === undefined) return `only storage has ${key}`;
    if (!almostEqual(v, w, 1e-12)) return `${key}: ${v} vs ${w}`;
  }
  for (const key of y.keys()) if (!x.has(key)) return `only the engine has ${key}`;
  return undefined;
}
