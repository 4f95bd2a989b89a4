/** One evaluation of a recording rule (Prometheus's rules/recording.go). */
import type { Labels } from "@boardwatch/promql";
import { fingerprint } from "./fingerprint";
import type { RuleSample } from "./query-func";
import type { RecordingRuleSpec } from "./rule-file";

/** A sample the evaluator asks the caller to write. */
export interface OutputSeries {
  labels: Labels;
  timestampMs: number;
  value: number;
}

/** Renames the result to the record name and applies the rule's labels; throws on duplicates or an exceeded limit. */
export function evalRecordingRule(rule: RecordingRuleSpec, sampleTimeMs: number, vector: RuleSample[], groupLabels: Labels, limit: number): OutputSeries[] {
  const seen = new Set<string>();
  const out = vector.map((s) => {
    const labels: Labels = { ...s.labels, __name__: rule.name, ...groupLabels, ...rule.labels };
    // Like Prometheus's labels.Builder, an empty value removes the label.
    for (const [k, v] of Object.entries(labels)) if (v === "") delete labels[k];
    const fp = fingerprint(labels);
    if (seen.has(fp)) throw new Error("vector contains metrics with the same labelset after applying rule labels");
    seen.add(fp);
    return { labels, timestampMs: sampleTimeMs, value: s.value };
  });
  if (limit > 0 && out.length > limit) throw new Error(`exceeded limit of ${limit} with ${out.length} series`);
  return out;
}
