import {
  engineQueryFunc,
  evaluateGroup,
  fingerprint,
  groupEvalOffset,
  groupEvalTime,
  parseRuleGroup,
  type ActiveAlert,
  type GroupState,
  type NotifyAlert,
} from "@boardwatch/alerting";
import { alerting, type Db, type Prisma } from "@boardwatch/db";
import { publicUrl } from "../../env";
import { getSampleStore } from "../samples/sample-store";
import { withDispatcher } from "./delivery";

export interface EvaluationOptions {
  /** Evaluate this long after the aligned slot, reading data as of the slot minus it (Prometheus's query_offset); default 0. */
  queryOffsetMs?: number;
  /** Per-rule query timeout (default: the group interval, at most 2 minutes). */
  queryTimeoutMs?: number;
}

export type EvaluationOutcome =
  | { skipped: string }
  | { groupId: string; tenantId: string; evalTimeMs: number; alerts: number; series: number; errors: number; nextFlushMs: number | undefined };

/** State changes worth a history entry: an alert starting (pending), firing, or resolving. */
function transitions(prev: GroupState | undefined, next: GroupState) {
  const out: Array<{ a: ActiveAlert; state: string; at: number }> = [];
  for (const [key, rule] of Object.entries(next.rules)) {
    const before = prev?.rules[key]?.active ?? {};
    for (const [fp, a] of Object.entries(rule.active)) {
      const was = before[fp];
      if (a.state === "inactive") {
        if (was && was.state !== "inactive") out.push({ a, state: "resolved", at: a.resolvedAtMs ?? a.activeAtMs });
      } else if (!was || was.state !== a.state) out.push({ a, state: a.state, at: a.state === "firing" ? (a.firedAtMs ?? a.activeAtMs) : a.activeAtMs });
    }
  }
  return out;
}

/**
 * Evaluates a rule group at its latest aligned slot, once: the slot is committed with the state (conditional on no
 * later commit), so a retried or duplicated job changes nothing. Writes the rules' series (recording rules, ALERTS,
 * ALERTS_FOR_STATE) to the sample store, keeps history, and hands alerts to the tenant's dispatcher.
 */
export async function evaluateRuleGroupOnce(db: Db, groupId: string, nowMs: number, o: EvaluationOptions = {}): Promise<EvaluationOutcome> {
  const row = await alerting.findRuleGroup(db, groupId);
  if (!row) return { skipped: "group deleted" };
  const spec = parseRuleGroup(row.source);
  const offsetMs = spec.queryOffsetMs ?? o.queryOffsetMs ?? 0;
  const evalTimeMs = groupEvalTime(row.intervalMs, nowMs, groupEvalOffset(row.id, row.intervalMs));
  if (row.state && Number(row.state.lastEvalMs) >= evalTimeMs) return { skipped: "slot already evaluated" };
  const previous = row.state?.state as GroupState | undefined;
  let next: GroupState = { rules: {} };
  const store = await getSampleStore();
  const querier = store.querier(row.tenantId);
  const timeoutMs = o.queryTimeoutMs ?? Math.min(row.intervalMs, 120_000);
  const result = await evaluateGroup({ ...spec, queryOffsetMs: offsetMs }, evalTimeMs, {
    query: (expr, t) => engineQueryFunc(querier, { signal: AbortSignal.timeout(timeoutMs) })(expr, t),
    state: { load: async () => previous, save: async (_key, s) => void (next = s) },
    groupKey: row.id,
    externalURL: `${publicUrl}/t/${row.tenant.slug}`,
    defaultIntervalMs: row.intervalMs,
  });
  // Samples are unique per series and time, so a retried slot stores nothing twice.
  const bySeries = new Map<string, { labels: Record<string, string>; samples: Array<{ t: number; v: number }> }>();
  for (const s of result.series) {
    const key = fingerprint(s.labels);
    const entry = bySeries.get(key) ?? { labels: s.labels, samples: [] };
    entry.samples.push({ t: s.timestampMs, v: s.value });
    bySeries.set(key, entry);
  }
  if (bySeries.size > 0) await store.write(row.tenantId, [...bySeries.values()], { batchId: `rules:${row.id}:${evalTimeMs}` });
  const committed = await db.$transaction(async (tx) => {
    const ok = await alerting.commitRuleGroupState(tx, row.id, { evalTimeMs, state: next as unknown as Prisma.InputJsonValue, rules: result.rules as unknown as Prisma.InputJsonValue });
    if (!ok) return false;
    const events = transitions(previous, next).map(({ a, state, at }) => ({
      tenantId: row.tenantId,
      groupId: row.id,
      alertname: a.labels.alertname ?? "",
      fingerprint: fingerprint(a.labels),
      labels: a.labels,
      state,
      value: a.value,
      at: new Date(at),
    }));
    if (events.length > 0) await alerting.insertAlertEvents(tx, events);
    return true;
  });
  if (!committed) return { skipped: "slot committed by another worker" };
  const nextFlushMs = result.alerts.length > 0 ? await dispatchAlerts(db, row.tenantId, result.alerts, nowMs) : undefined;
  return { groupId: row.id, tenantId: row.tenantId, evalTimeMs, alerts: result.alerts.length, series: bySeries.size, errors: result.rules.filter((r) => r.health === "err").length, nextFlushMs };
}

/** Adds alerts to the tenant's aggregation groups; returns when the dispatcher next needs a flush. */
export async function dispatchAlerts(db: Db, tenantId: string, alerts: NotifyAlert[], nowMs: number): Promise<number | undefined> {
  return withDispatcher(db, tenantId, async (dispatcher) => {
    dispatcher.receive(alerts, nowMs);
    return dispatcher.nextFlushMs();
  });
}
