import type { Call, Expr } from "./ast";
import { scalarArg, stringArg, vectorArg } from "./evaluate-args";
import { mergeByLabels, type Evaluator } from "./evaluate";
import { formatFloatF } from "./go-compat";
import { checkLabelName, labelsKey, METRIC_NAME, type Labels } from "./labels";
import { almostEqual } from "./numeric";
import { newSeries, type StepSeries, type Steps } from "./values";

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

/** histogram_quantile over classic `le` buckets. */
export function histogramQuantile(ev: Evaluator, e: Call, steps: Steps): StepSeries[] {
  const [qArg, vArg] = e.args as [Expr, Expr];
  const qs = scalarArg(ev, qArg, steps);
  warnQuantile(ev, qs, qArg);
  const groups = bucketGroups(ev, vectorArg(ev, vArg, steps), vArg);
  return perGroup(groups, steps.times.length, (buckets, i, g) => classicQuantile(ev, qs[i] as number, buckets, g, vArg));
}

/** histogram_quantiles(v, "label", q...): one output series per quantile, labelled with it. */
export function histogramQuantiles(ev: Evaluator, e: Call, steps: Steps): StepSeries[] {
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

/** histogram_fraction over classic `le` buckets. */
export function histogramFraction(ev: Evaluator, e: Call, steps: Steps): StepSeries[] {
  const [loArg, hiArg, vArg] = e.args as [Expr, Expr, Expr];
  const lo = scalarArg(ev, loArg, steps);
  const hi = scalarArg(ev, hiArg, steps);
  const groups = bucketGroups(ev, vectorArg(ev, vArg, steps), vArg);
  return perGroup(groups, steps.times.length, (buckets, i) => bucketFraction(lo[i] as number, hi[i] as number, buckets));
}
