import { isComparisonOp, isSetOp, type Binary, type BinaryOp, type VectorMatching } from "./ast";
import type { Evaluator } from "./evaluate";
import { goPow } from "./go-compat";
import { formatLabels, labelsKey, METRIC_NAME, type Labels } from "./labels";
import { newSeries, QueryError, type StepSeries, type Steps, type Value } from "./values";

/** Applies a binary operator to two floats; `keep` is false when a comparison filters the sample out. */
function apply(op: BinaryOp, l: number, r: number): { value: number; keep: boolean } {
  switch (op) {
    case "+": return { value: l + r, keep: true };
    case "-": return { value: l - r, keep: true };
    case "*": return { value: l * r, keep: true };
    case "/": return { value: l / r, keep: true };
    case "%": return { value: l % r, keep: true };
    case "^": return { value: goPow(l, r), keep: true };
    case "atan2": return { value: Math.atan2(l, r), keep: true };
    case "==": return { value: l, keep: l === r };
    case "!=": return { value: l, keep: l !== r };
    case ">": return { value: l, keep: l > r };
    case "<": return { value: l, keep: l < r };
    case ">=": return { value: l, keep: l >= r };
    case "<=": return { value: l, keep: l <= r };
    case "and":
    case "or":
    case "unless":
      throw new QueryError(`set operator "${op}" not allowed in binary scalar expression`);
    default: {
      const _x: never = op;
      return _x;
    }
  }
}

/** Arithmetic results lose the metric name; filtering comparisons keep it. */
function dropsName(op: BinaryOp, returnBool: boolean): boolean {
  return returnBool || !(isComparisonOp(op) || isSetOp(op));
}

/** Evaluates a binary expression over all steps. */
export function evalBinary(ev: Evaluator, e: Binary, steps: Steps): Value {
  const lhs = ev.eval(e.lhs, steps);
  const rhs = ev.eval(e.rhs, steps);
  const n = steps.times.length;
  if (lhs.type === "scalar" && rhs.type === "scalar") {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = apply(e.op, lhs.values[i] as number, rhs.values[i] as number);
      values[i] = isComparisonOp(e.op) ? (r.keep ? 1 : 0) : r.value;
    }
    return { type: "scalar", values };
  }
  if (lhs.type === "vector" && rhs.type === "scalar") return { type: "vector", series: vectorScalar(e, lhs.series, rhs.values, false) };
  if (lhs.type === "scalar" && rhs.type === "vector") return { type: "vector", series: vectorScalar(e, rhs.series, lhs.values, true) };
  if (lhs.type === "vector" && rhs.type === "vector") {
    const matching: VectorMatching = e.matching ?? { on: false, labels: [], card: "one-to-one", include: [] };
    if (isSetOp(e.op)) return { type: "vector", series: setOp(e.op, lhs.series, rhs.series, matching, n) };
    return { type: "vector", series: vectorVector(e, lhs.series, rhs.series, matching, n) };
  }
  throw new QueryError("binary expression must contain only scalar and instant vector types");
}

function vectorScalar(e: Binary, vec: StepSeries[], scalar: Float64Array, swap: boolean): StepSeries[] {
  const out: StepSeries[] = [];
  const drop = dropsName(e.op, e.returnBool);
  for (const s of vec) {
    const r = newSeries(s.labels, s.dropName || drop, s.values.length);
    let any = false;
    for (let i = 0; i < s.values.length; i++) {
      if (!s.present[i]) continue;
      const v = s.values[i] as number;
      const sv = scalar[i] as number;
      const res = swap ? apply(e.op, sv, v) : apply(e.op, v, sv);
      // A comparison always yields the vector's value, even with the scalar on the left.
      let value = isComparisonOp(e.op) ? v : res.value;
      if (e.returnBool) value = res.keep ? 1 : 0;
      else if (!res.keep) continue;
      r.values[i] = value;
      r.present[i] = 1;
      any = true;
    }
    if (any) out.push(r);
  }
  return out;
}

/** The labels used to match series across the two sides. */
function signature(labels: Labels, m: VectorMatching): string {
  const picked: Labels = {};
  if (m.on) {
    for (const n of m.labels) if (labels[n] !== undefined && labels[n] !== "") picked[n] = labels[n] as string;
  } else {
    for (const [n, v] of Object.entries(labels)) if (n !== METRIC_NAME && !m.labels.includes(n)) picked[n] = v;
  }
  return labelsKey(picked);
}

function matchedLabels(labels: Labels, m: VectorMatching): Labels {
  const picked: Labels = {};
  for (const [n, v] of Object.entries(labels)) {
    if (m.on ? m.labels.includes(n) : n !== METRIC_NAME && !m.labels.includes(n)) picked[n] = v;
  }
  return picked;
}

function setOp(op: "and" | "or" | "unless", lhs: StepSeries[], rhs: StepSeries[], m: VectorMatching, n: number): StepSeries[] {
  const lsig = lhs.map((s) => signature(s.labels, m));
  const rsig = rhs.map((s) => signature(s.labels, m));
  const sideSigs = (series: StepSeries[], sigs: string[], i: number): Set<string> => {
    const set = new Set<string>();
    series.forEach((s, k) => {
      if (s.present[i]) set.add(sigs[k] as string);
    });
    return set;
  };
  const filter = (series: StepSeries[], sigs: string[], keepIf: (sig: string, i: number) => boolean): StepSeries[] =>
    series.flatMap((s, k) => {
      const r = newSeries(s.labels, s.dropName, n);
      let any = false;
      for (let i = 0; i < n; i++) {
        if (!s.present[i] || !keepIf(sigs[k] as string, i)) continue;
        r.values[i] = s.values[i] as number;
        r.present[i] = 1;
        any = true;
      }
      return any ? [r] : [];
    });
  const perStep = (series: StepSeries[], sigs: string[]): Set<string>[] => Array.from({ length: n }, (_, i) => sideSigs(series, sigs, i));
  switch (op) {
    case "and": {
      const r = perStep(rhs, rsig);
      return filter(lhs, lsig, (sig, i) => r[i]?.has(sig) ?? false);
    }
    case "unless": {
      const r = perStep(rhs, rsig);
      return filter(lhs, lsig, (sig, i) => !(r[i]?.has(sig) ?? false));
    }
    case "or": {
      const l = perStep(lhs, lsig);
      return [...lhs, ...filter(rhs, rsig, (sig, i) => !(l[i]?.has(sig) ?? false))];
    }
    default: {
      const _x: never = op;
      return _x;
    }
  }
}

function vectorVector(e: Binary, lhsIn: StepSeries[], rhsIn: StepSeries[], m: VectorMatching, n: number): StepSeries[] {
  // One-to-many is many-to-one with the sides swapped; values are swapped back when applying the operator.
  const swapped = m.card === "one-to-many";
  const [many, one] = swapped ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const manySig = many.map((s) => signature(s.labels, m));
  const oneSig = one.map((s) => signature(s.labels, m));
  const drop = dropsName(e.op, e.returnBool);
  const out = new Map<string, StepSeries>();
  const result: StepSeries[] = [];
  // A "many" series usually meets the same partner at every step: remember its result labels and output series.
  const pairs: ({ o: number; key: string; series: StepSeries } | undefined)[] = new Array(many.length);
  for (let i = 0; i < n; i++) {
    const oneBySig = new Map<string, number>();
    one.forEach((s, k) => {
      if (!s.present[i]) return;
      const sig = oneSig[k] as string;
      const dup = oneBySig.get(sig);
      if (dup !== undefined) {
        const dupSeries = one[dup] as StepSeries;
        throw new QueryError(
          `found duplicate series for the match group ${formatLabels(matchedLabels(s.labels, m))} on the ${swapped ? "left" : "right"} hand-side of the operation: [${formatLabels(dupSeries.labels)}, ${formatLabels(s.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
      oneBySig.set(sig, k);
    });
    const matchedOnce = new Set<string>();
    const matchedGroups = new Map<string, Set<string>>();
    many.forEach((s, k) => {
      if (!s.present[i]) return;
      const sig = manySig[k] as string;
      const o = oneBySig.get(sig);
      if (o === undefined) return;
      const os = one[o] as StepSeries;
      let pair = pairs[k];
      if (pair?.o !== o) {
        const labels = resultLabels(s.labels, os.labels, m);
        const dropName = drop || s.dropName;
        const key = labelsKey(labels) + (dropName ? "\x01" : "");
        let series = out.get(key);
        if (!series) {
          series = newSeries(labels, dropName, n);
          out.set(key, series);
          result.push(series);
        }
        pair = { o, key, series };
        pairs[k] = pair;
      }
      if (m.card === "one-to-one") {
        if (matchedOnce.has(sig)) throw new QueryError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
        matchedOnce.add(sig);
      } else {
        let keys = matchedGroups.get(sig);
        if (!keys) matchedGroups.set(sig, (keys = new Set()));
        if (keys.has(pair.key)) throw new QueryError("multiple matches for labels: grouping labels must ensure unique matches");
        keys.add(pair.key);
      }
      let l = s.values[i] as number;
      let r = os.values[i] as number;
      if (swapped) [l, r] = [r, l];
      const res = apply(e.op, l, r);
      let value = res.value;
      if (e.returnBool) value = res.keep ? 1 : 0;
      else if (!res.keep) return;
      if (pair.series.present[i]) throw new QueryError("vector cannot contain metrics with the same labelset");
      pair.series.values[i] = value;
      pair.series.present[i] = 1;
    });
  }
  // Filtering comparisons may leave some output series without any point.
  return result.filter((r) => r.present.includes(1));
}

/** Result labels of a vector-vector operation: `many` side labels, reduced by on/ignoring for one-to-one, plus group_x includes. */
function resultLabels(many: Labels, one: Labels, m: VectorMatching): Labels {
  let out: Labels = { ...many };
  if (m.card === "one-to-one") {
    if (m.on) {
      out = {};
      for (const n of m.labels) if (many[n] !== undefined) out[n] = many[n] as string;
    } else {
      for (const n of m.labels) delete out[n];
    }
  }
  for (const n of m.include) {
    const v = one[n];
    if (v !== undefined && v !== "") out[n] = v;
    else delete out[n];
  }
  return out;
}
