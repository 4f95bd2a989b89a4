import type { Expr } from "./ast";
import type { Evaluator } from "./evaluate";
import { newSeries, QueryError, type StepSeries, type Steps } from "./values";

/** Evaluates a function argument that must be a scalar. */
export function scalarArg(ev: Evaluator, e: Expr, steps: Steps): Float64Array {
  const v = ev.eval(e, steps);
  if (v.type !== "scalar") throw new QueryError(`expected scalar argument, got ${v.type}`);
  return v.values;
}

/** Evaluates a function argument that must be a string. */
export function stringArg(ev: Evaluator, e: Expr, steps: Steps): string {
  const v = ev.eval(e, steps);
  if (v.type !== "string") throw new QueryError(`expected string argument, got ${v.type}`);
  return v.value;
}

/** Evaluates a function argument that must be an instant vector. */
export function vectorArg(ev: Evaluator, e: Expr, steps: Steps): StepSeries[] {
  const v = ev.eval(e, steps);
  if (v.type !== "vector") throw new QueryError(`expected instant vector argument, got ${v.type}`);
  return v.series;
}

/** Maps each present value of each series; undefined drops the sample. */
export function mapValues(series: StepSeries[], dropName: boolean, f: (x: number, i: number) => number | undefined): StepSeries[] {
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

