/** One evaluation of an alerting rule: Prometheus's rules/alerting.go state machine, over plain data. */
import type { Labels } from "@boardwatch/promql";
import { expandAlertTemplate } from "./alert-template";
import type { ActiveAlert } from "./alert-state";
import { fingerprint } from "./fingerprint";
import type { RuleSample } from "./query-func";
import type { AlertingRuleSpec } from "./rule-file";
import type { OutputSeries } from "./recording-rule";

/** Resolved alerts are kept this long so Alertmanager keeps hearing they are resolved (Prometheus's resolvedRetention). */
export const RESOLVED_RETENTION_MS = 15 * 60 * 1000;

export interface AlertEvalContext {
  externalLabels: Labels;
  externalURL: string;
  /** Group labels (Prometheus 3) are added to the rule's own labels. */
  groupLabels: Labels;
  limit: number;
}

export interface AlertEvalResult {
  active: Record<string, ActiveAlert>;
  series: OutputSeries[];
}

/** Applies a query result to a rule's active alerts at `tsMs`; throws on duplicate label sets or an exceeded limit. */
export function evalAlertingRule(
  rule: AlertingRuleSpec,
  tsMs: number,
  sampleTimeMs: number,
  vector: RuleSample[],
  previous: Record<string, ActiveAlert>,
  ctx: AlertEvalContext,
): AlertEvalResult {
  const fresh = new Map<string, ActiveAlert>();
  for (const s of vector) {
    const data = { labels: s.labels, externalLabels: ctx.externalLabels, externalURL: ctx.externalURL, value: s.value };
    const expand = (text: string) => expandAlertTemplate(rule.name, text, data);
    const labels: Labels = { ...s.labels };
    delete labels.__name__;
    for (const [k, v] of Object.entries({ ...ctx.groupLabels, ...rule.labels })) {
      // Like Prometheus's labels.Builder, an empty value removes the label.
      const value = expand(v);
      if (value === "") delete labels[k];
      else labels[k] = value;
    }
    labels.alertname = rule.name;
    const annotations: Labels = {};
    for (const [k, v] of Object.entries(rule.annotations)) annotations[k] = expand(v);
    const fp = fingerprint(labels);
    if (fresh.has(fp)) throw new Error("vector contains metrics with the same labelset after applying alert labels");
    fresh.set(fp, { labels, annotations, state: "pending", value: s.value, activeAtMs: tsMs });
  }

  const active: Record<string, ActiveAlert> = {};
  for (const [fp, a] of Object.entries(previous)) active[fp] = { ...a };
  for (const [fp, a] of fresh) {
    const existing = active[fp];
    // An alert still pending or firing keeps its timers; only its value and annotations move on.
    if (existing && existing.state !== "inactive") {
      existing.value = a.value;
      existing.annotations = a.annotations;
    } else active[fp] = a;
  }

  const series: OutputSeries[] = [];
  let numActive = 0;
  for (const [fp, a] of Object.entries(active)) {
    if (!fresh.has(fp)) {
      let keepFiring = false;
      if (a.state === "firing" && rule.keepFiringForMs > 0) {
        a.keepFiringSinceMs ??= tsMs;
        keepFiring = tsMs - a.keepFiringSinceMs < rule.keepFiringForMs;
      }
      if (a.state === "pending" || (a.resolvedAtMs !== undefined && tsMs - a.resolvedAtMs > RESOLVED_RETENTION_MS)) delete active[fp];
      if (a.state !== "inactive" && !keepFiring) {
        a.state = "inactive";
        a.resolvedAtMs = tsMs;
      }
      if (!keepFiring) continue;
    } else delete a.keepFiringSinceMs;
    numActive++;
    if (a.state === "pending" && tsMs - a.activeAtMs >= rule.forMs) {
      a.state = "firing";
      a.firedAtMs = tsMs;
    }
    series.push(
      { labels: { ...a.labels, __name__: "ALERTS", alertstate: a.state }, timestampMs: sampleTimeMs, value: 1 },
      { labels: { ...a.labels, __name__: "ALERTS_FOR_STATE" }, timestampMs: sampleTimeMs, value: a.activeAtMs / 1000 },
    );
  }
  if (ctx.limit > 0 && numActive > ctx.limit) throw new Error(`exceeded limit of ${ctx.limit} with ${numActive} alerts`);
  return { active, series };
}

/** Whether Prometheus would (re)send an alert to Alertmanager now (Alert.needsSending). */
export function needsSending(a: ActiveAlert, tsMs: number, resendDelayMs: number): boolean {
  if (a.state === "pending") return false;
  // Resolved since the last send: tell Alertmanager now.
  if (a.resolvedAtMs !== undefined && (a.lastSentAtMs === undefined || a.resolvedAtMs > a.lastSentAtMs)) return true;
  return a.lastSentAtMs === undefined || a.lastSentAtMs + resendDelayMs < tsMs;
}
