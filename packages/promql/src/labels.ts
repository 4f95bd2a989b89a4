import { goQuote, isValidUtf8 } from "./go-compat";
import { QueryError } from "./values";

/** Label-set helpers shared by the evaluator and the test harness. */

/** A label set; includes `__name__` for named series. */
export type Labels = Record<string, string>;

/** The metric name label. */
export const METRIC_NAME = "__name__";

/** A canonical string identifying a label set (sorted names), usable as a map key. */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = "";
  for (const n of names) key += `${n}\xff${labels[n]}\xfe`;
  return key;
}

/** Compares label sets like Prometheus's `labels.Compare` (sorted names, then values, then length). */
export function compareLabels(a: Labels, b: Labels): number {
  const an = Object.keys(a).sort();
  const bn = Object.keys(b).sort();
  const l = Math.min(an.length, bn.length);
  for (let i = 0; i < l; i++) {
    const x = an[i] as string;
    const y = bn[i] as string;
    if (x !== y) return x < y ? -1 : 1;
    const xv = a[x] as string;
    const yv = b[y] as string;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return an.length - bn.length;
}

/** Formats a label set like Prometheus's `labels.Labels.String()`: `{__name__="a", b="c"}`. */
export function formatLabels(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((n) => `${n}=${JSON.stringify(labels[n])}`)
    .join(", ")}}`;
}

/** A copy of the labels without the metric name. */
export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  const out = { ...labels };
  delete out[METRIC_NAME];
  return out;
}

/** Throws Prometheus's error unless the name is a valid (UTF-8, non-empty) label name. */
export function checkLabelName(name: string): void {
  if (name === "" || !isValidUtf8(name)) throw new QueryError(`invalid label name ${goQuote(name)}`);
}
