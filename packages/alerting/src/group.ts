/** Evaluating a rule group at one timestamp: Prometheus's rules/group.go, with state loaded from and saved to a store. */
import { parseExpr, printExpr, STALE_NAN, type Labels } from "@boardwatch/promql";
import { evalAlertingRule, needsSending } from "./alerting-rule";
import type { ActiveAlert, AlertStateStore, GroupState, RuleState } from "./alert-state";
import { fingerprint } from "./fingerprint";
import type { QueryFunc } from "./query-func";
import { evalRecordingRule, type OutputSeries } from "./recording-rule";
import type { RuleGroupSpec, RuleSpec } from "./rule-file";
import { tableLink } from "./template-functions";

/** An alert as sent to the dispatcher, shaped like Alertmanager's API alert (plus the value for messages). */
export interface NotifyAlert {
  labels: Labels;
  annotations: Labels;
  startsAtMs: number;
  /** In the future while firing (Prometheus's ValidUntil); the resolution time once resolved. */
  endsAtMs: number;
  generatorURL: string;
  value: number;
}

export type RuleHealth = "ok" | "err" | "unknown";

/** What the rules API shows per rule after an evaluation. */
export interface RuleStatus {
  name: string;
  kind: RuleSpec["kind"];
  health: RuleHealth;
  lastError: string | undefined;
  lastEvaluationMs: number;
  evaluationDurationMs: number;
  /** Pending and firing alerts (alerting rules). */
  alerts: ActiveAlert[];
}

export interface EvaluateGroupDeps {
  query: QueryFunc;
  state: AlertStateStore;
  /** Identity of the group in the store (e.g. tenant/namespace/name); defaults to the group name. */
  groupKey?: string;
  externalLabels?: Labels;
  externalURL?: string;
  /** Used when the group has no interval (Prometheus's global evaluation_interval, default 1m). */
  defaultIntervalMs?: number;
  /** Minimum time between re-sends of a firing alert (Prometheus's --rules.alert.resend-delay, default 1m). */
  resendDelayMs?: number;
  /** Monotonic clock for evaluation durations (defaults to performance.now). */
  now?: () => number;
}

export interface GroupEvaluation {
  /** Alerts that need sending now (firing, re-sent, or resolved). */
  alerts: NotifyAlert[];
  /** Samples to write: recording rule output, ALERTS, ALERTS_FOR_STATE and staleness markers. */
  series: OutputSeries[];
  rules: RuleStatus[];
}

/** Identity of a rule inside its group, stable across reloads that keep name and labels (Prometheus matches on the same). */
function ruleKeys(rules: RuleSpec[]): string[] {
  const seen = new Map<string, number>();
  return rules.map((r) => {
    const base = `${r.kind}:${r.name}${fingerprint(r.labels)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}

/** Evaluates every rule of a group at `evalTimeMs`; a failing rule records its error and the others still run. */
export async function evaluateGroup(group: RuleGroupSpec, evalTimeMs: number, deps: EvaluateGroupDeps): Promise<GroupEvaluation> {
  const key = deps.groupKey ?? group.name;
  const now = deps.now ?? (() => performance.now());
  const externalLabels = deps.externalLabels ?? {};
  const externalURL = deps.externalURL ?? "";
  const intervalMs = group.intervalMs || (deps.defaultIntervalMs ?? 60_000);
  const resendDelayMs = deps.resendDelayMs ?? 60_000;
  const sampleTimeMs = evalTimeMs - (group.queryOffsetMs ?? 0);
  const previous: GroupState = (await deps.state.load(key)) ?? { rules: {} };
  const next: GroupState = { rules: {} };
  const out: GroupEvaluation = { alerts: [], series: [], rules: [] };
  const keys = ruleKeys(group.rules);

  for (const [i, rule] of group.rules.entries()) {
    const ruleKey = keys[i] as string;
    const prev: RuleState = previous.rules[ruleKey] ?? { active: {}, previousSeries: [] };
    const started = now();
    let state: RuleState = prev;
    let error: string | undefined;
    try {
      const vector = await deps.query(rule.expr, sampleTimeMs);
      let series: OutputSeries[];
      let active: Record<string, ActiveAlert> = {};
      if (rule.kind === "record") series = evalRecordingRule(rule, sampleTimeMs, vector, group.labels, group.limit);
      else {
        const ctx = { externalLabels, externalURL, groupLabels: group.labels, limit: group.limit };
        ({ active, series } = evalAlertingRule(rule, evalTimeMs, sampleTimeMs, vector, prev.active, ctx));
        // Prometheus links to the expression as it prints it, not as it was written.
        const generatorURL = externalURL + tableLink(printExpr(parseExpr(rule.expr)));
        collectNotifications(active, evalTimeMs, { intervalMs, resendDelayMs, externalLabels, generatorURL }, out.alerts);
      }
      // Series that vanished since the previous evaluation get staleness markers, like Prometheus writes.
      const current = new Set(series.map((s) => fingerprint(s.labels)));
      for (const labels of prev.previousSeries) {
        if (!current.has(fingerprint(labels))) out.series.push({ labels, timestampMs: sampleTimeMs, value: STALE_NAN });
      }
      out.series.push(...series);
      state = { active, previousSeries: series.map((s) => s.labels) };
    } catch (e) {
      // Prometheus drops all alerts of a rule that exceeds its limit; other errors keep the state as it was.
      error = (e as Error).message;
      if (error.startsWith("exceeded limit")) state = { active: {}, previousSeries: prev.previousSeries };
    }
    next.rules[ruleKey] = state;
    out.rules.push({
      name: rule.name,
      kind: rule.kind,
      health: error === undefined ? "ok" : "err",
      lastError: error,
      lastEvaluationMs: evalTimeMs,
      evaluationDurationMs: now() - started,
      alerts: Object.values(state.active).filter((a) => a.state !== "inactive"),
    });
  }
  await deps.state.save(key, next);
  return out;
}

interface SendOptions {
  intervalMs: number;
  resendDelayMs: number;
  externalLabels: Labels;
  generatorURL: string;
}

/** Prometheus's sendAlerts: marks what is sent so a restart (with state restored) does not send it again early. */
function collectNotifications(active: Record<string, ActiveAlert>, tsMs: number, o: SendOptions, out: NotifyAlert[]): void {
  for (const a of Object.values(active)) {
    if (!needsSending(a, tsMs, o.resendDelayMs)) continue;
    a.lastSentAtMs = tsMs;
    // Valid for four intervals, allowing for two failed evaluations or sends before Alertmanager resolves it.
    a.validUntilMs = tsMs + 4 * Math.max(o.resendDelayMs, o.intervalMs);
    out.push({
      // The notifier adds external labels the alert does not already carry.
      labels: { ...o.externalLabels, ...a.labels },
      annotations: a.annotations,
      startsAtMs: a.firedAtMs ?? a.activeAtMs,
      endsAtMs: a.resolvedAtMs ?? a.validUntilMs,
      generatorURL: o.generatorURL,
      value: a.value,
    });
  }
}

/** The offset of a group's evaluations within its interval, spreading groups evenly (Prometheus hashes the group's name and file). */
export function groupEvalOffset(groupKey: string, intervalMs: number): number {
  return Number(BigInt(`0x${fingerprint({ name: groupKey })}`) % BigInt(intervalMs));
}

/** The latest aligned evaluation time at or before `nowMs` for a group with this interval and offset (Prometheus's EvalTimestamp). */
export function groupEvalTime(intervalMs: number, nowMs: number, offsetMs: number): number {
  const adjNow = nowMs - offsetMs;
  const base = adjNow - (((adjNow % intervalMs) + intervalMs) % intervalMs);
  return base + offsetMs;
}
