import { fingerprint, formatFloat, parseRuleGroup, RuleFileError, splitRuleFile, type ActiveAlert, type RuleGroupSpec, type RuleStatus } from "@boardwatch/alerting";
import { alerting } from "@boardwatch/db";
import { parse, stringify } from "yaml";
import { AppError } from "../../errors";
import { requireRole } from "../../lib/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";

/** Groups without an interval are evaluated every minute, Prometheus's default evaluation_interval. */
export const DEFAULT_GROUP_INTERVAL_MS = 60_000;

export const namespacePattern = /^[A-Za-z0-9_.-][A-Za-z0-9_.\-/]{0,199}$/;

function ruleError(e: unknown, field: string): never {
  if (e instanceof RuleFileError) throw new AppError("BAD_REQUEST", `invalid rules: ${e.messages.join("; ")}`, field);
  throw e;
}

function checkNamespace(namespace: string) {
  if (!namespacePattern.test(namespace)) throw new AppError("BAD_REQUEST", "must be 1-200 letters, digits, _ . - or /", "namespace");
}

async function save(ctx: TenantContext, namespace: string, group: RuleGroupSpec, source: string) {
  await alerting.upsertRuleGroup(ctx.db, { tenantId: ctx.tenant.id, namespace, name: group.name, intervalMs: group.intervalMs ?? DEFAULT_GROUP_INTERVAL_MS, source });
}

/** Mimir's ruler API: one group as YAML, created or replaced in a namespace. */
export async function setRuleGroup(ctx: TenantContext, input: { namespace: string; yaml: string }) {
  requireRole(ctx.role, "EDITOR", "changing alert rules");
  checkNamespace(input.namespace);
  let group: RuleGroupSpec;
  try {
    group = parseRuleGroup(input.yaml);
  } catch (e) {
    ruleError(e, "yaml");
  }
  await save(ctx, input.namespace, group, input.yaml);
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "rules.group.set", target: `${input.namespace}/${group.name}`, metadata: { rules: group.rules.length } });
  return { namespace: input.namespace, name: group.name, rules: group.rules.length };
}

/** A Prometheus rule file (`groups:`), uploaded from the UI: every group or none is stored. */
export async function importRuleFile(ctx: TenantContext, input: { namespace: string; yaml: string }) {
  requireRole(ctx.role, "EDITOR", "changing alert rules");
  checkNamespace(input.namespace);
  let groups: ReturnType<typeof splitRuleFile>;
  try {
    groups = splitRuleFile(input.yaml);
  } catch (e) {
    ruleError(e, "yaml");
  }
  if (groups.length === 0) throw new AppError("BAD_REQUEST", "the file holds no rule groups", "yaml");
  await ctx.db.$transaction(async (tx) => {
    for (const { group, source } of groups) {
      await alerting.upsertRuleGroup(tx, { tenantId: ctx.tenant.id, namespace: input.namespace, name: group.name, intervalMs: group.intervalMs ?? DEFAULT_GROUP_INTERVAL_MS, source });
    }
  });
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "rules.file.import", target: input.namespace, metadata: { groups: groups.length } });
  return { namespace: input.namespace, groups: groups.map((g) => ({ name: g.group.name, rules: g.group.rules.length })) };
}

export async function deleteRuleGroup(ctx: TenantContext, input: { namespace: string; name?: string }) {
  requireRole(ctx.role, "EDITOR", "changing alert rules");
  const { count } = await alerting.deleteRuleGroups(ctx.db, ctx.tenant.id, input.namespace, input.name);
  if (count === 0) throw new AppError("NOT_FOUND", input.name === undefined ? `no namespace "${input.namespace}"` : `no rule group "${input.name}" in namespace "${input.namespace}"`, "name");
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "rules.group.delete", target: input.name === undefined ? input.namespace : `${input.namespace}/${input.name}` });
  return { deleted: count };
}

/** Mimir's GET: `namespace: [group, ...]` as YAML, optionally for one namespace or one group. */
export async function rulesAsYaml(ctx: TenantContext, filter: { namespace?: string; name?: string } = {}): Promise<string | undefined> {
  const rows = (await alerting.listRuleGroups(ctx.db, ctx.tenant.id)).filter((g) => (filter.namespace === undefined || g.namespace === filter.namespace) && (filter.name === undefined || g.name === filter.name));
  if (rows.length === 0 && filter.namespace !== undefined) return undefined;
  if (filter.name !== undefined) return rows[0]!.source;
  const byNamespace: Record<string, unknown[]> = {};
  for (const g of rows) (byNamespace[g.namespace] ??= []).push(parse(g.source));
  return stringify(byNamespace);
}

type StoredGroup = Awaited<ReturnType<typeof alerting.listRuleGroups>>[number];

/**
 * A stored group parsed, each rule paired with what the last evaluation said of it (none when the rule was added or
 * moved since), and the evaluation's status list itself.
 */
function parsedWithStatus(g: StoredGroup) {
  const spec = parseRuleGroup(g.source);
  const statuses = (g.state?.rules as RuleStatus[] | undefined) ?? [];
  const rules = spec.rules.map((rule, i) => ({ rule, status: statuses[i]?.name === rule.name ? statuses[i] : undefined }));
  return { spec, statuses, rules };
}

/** The tenant's groups, parsed, with what the last evaluation found. */
export async function listRuleGroupsWithStatus(ctx: TenantContext) {
  return (await alerting.listRuleGroups(ctx.db, ctx.tenant.id)).map((g) => {
    const { rules } = parsedWithStatus(g);
    return {
      id: g.id,
      namespace: g.namespace,
      name: g.name,
      intervalMs: g.intervalMs,
      source: g.source,
      lastEvaluationMs: g.state ? Number(g.state.lastEvalMs) : null,
      rules: rules.map(({ rule: r, status: s }) => ({
        kind: r.kind,
        name: r.name,
        expr: r.expr,
        forMs: r.kind === "alert" ? r.forMs : 0,
        keepFiringForMs: r.kind === "alert" ? r.keepFiringForMs : 0,
        labels: r.labels,
        annotations: r.kind === "alert" ? r.annotations : {},
        health: s?.health ?? "unknown",
        lastError: s?.lastError ?? null,
        lastEvaluationMs: s?.lastEvaluationMs ?? null,
        evaluationDurationMs: s?.evaluationDurationMs ?? 0,
        alerts: (s?.alerts ?? []).map((a) => ({ fingerprint: fingerprint(a.labels), labels: a.labels, annotations: a.annotations, state: a.state, value: a.value, activeAtMs: a.activeAtMs, firedAtMs: a.firedAtMs ?? null })),
      })),
    };
  });
}

// ---- Prometheus's /api/v1/rules and /api/v1/alerts ---------------------------------------------------

const iso = (ms: number | null | undefined) => new Date(ms ?? 0).toISOString();
/** Prometheus prints alert values with Go's strconv.FormatFloat(v, 'e', -1, 64). */
const goValue = (v: number) => formatFloat(v, "e", -1);

function apiAlert(a: Pick<ActiveAlert, "labels" | "annotations" | "state" | "value" | "activeAtMs" | "keepFiringSinceMs">) {
  return {
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    activeAt: iso(a.activeAtMs),
    ...(a.keepFiringSinceMs !== undefined && { keepFiringSince: iso(a.keepFiringSinceMs) }),
    value: goValue(a.value),
  };
}

const ruleState = (alerts: Array<{ state: string }>) => (alerts.some((a) => a.state === "firing") ? "firing" : alerts.some((a) => a.state === "pending") ? "pending" : "inactive");

/** `GET /api/v1/rules` with Prometheus's filters: type, rule_name[], rule_group[], file[]. */
export async function prometheusRules(ctx: TenantContext, params: URLSearchParams) {
  const type = params.get("type");
  if (type !== null && type !== "alert" && type !== "record") throw new AppError("BAD_REQUEST", `invalid parameter "type": not supported value "${type}"`, "type");
  const names = new Set(params.getAll("rule_name[]"));
  const groupsWanted = new Set(params.getAll("rule_group[]"));
  const files = new Set(params.getAll("file[]"));
  const excludeAlerts = params.get("exclude_alerts") === "true";
  const rows = await alerting.listRuleGroups(ctx.db, ctx.tenant.id);
  const groups = [];
  for (const g of rows) {
    if ((groupsWanted.size && !groupsWanted.has(g.name)) || (files.size && !files.has(g.namespace))) continue;
    const { spec, statuses, rules: paired } = parsedWithStatus(g);
    const rules = paired
      .filter(({ rule: r }) => (!type || (type === "alert") === (r.kind === "alert")) && (!names.size || names.has(r.name)))
      .map(({ rule: r, status: s }) => {
        const common = {
          name: r.name,
          query: r.expr,
          labels: r.labels,
          health: s?.health ?? "unknown",
          ...(s?.lastError !== undefined && s?.lastError !== null && { lastError: s.lastError }),
          evaluationTime: (s?.evaluationDurationMs ?? 0) / 1000,
          lastEvaluation: iso(s?.lastEvaluationMs),
        };
        if (r.kind === "record") return { ...common, type: "recording" };
        const alerts = s?.alerts ?? [];
        return {
          state: ruleState(alerts),
          ...common,
          duration: r.forMs / 1000,
          keepFiringFor: r.keepFiringForMs / 1000,
          annotations: r.annotations,
          ...(!excludeAlerts && { alerts: alerts.map(apiAlert) }),
          type: "alerting",
        };
      });
    if ((type || names.size) && rules.length === 0) continue;
    const lastEvaluationMs = g.state ? Number(g.state.lastEvalMs) : undefined;
    groups.push({
      name: g.name,
      file: g.namespace,
      rules,
      interval: g.intervalMs / 1000,
      limit: spec.limit,
      evaluationTime: statuses.reduce((t, s) => t + s.evaluationDurationMs, 0) / 1000,
      lastEvaluation: iso(lastEvaluationMs),
    });
  }
  return { groups };
}

/** `GET /api/v1/alerts`: every pending and firing alert of the tenant. */
export async function prometheusAlerts(ctx: TenantContext) {
  const rows = await alerting.listRuleGroups(ctx.db, ctx.tenant.id);
  const alerts = rows.flatMap((g) => ((g.state?.rules as RuleStatus[] | undefined) ?? []).flatMap((s) => s.alerts.map(apiAlert)));
  return { alerts };
}

export interface AlertRuleInput {
  namespace: string;
  group: string;
  /** Only used for a new group, or to change an existing group's interval. */
  interval?: string;
  /** The rule's name before this edit, when renaming. */
  originalName?: string;
  rule: { alert: string; expr: string; for?: string; keepFiringFor?: string; labels: Record<string, string>; annotations: Record<string, string> };
}

/** Creates or replaces one alerting rule inside a group (created if new), as the rule editor saves it. */
export async function saveAlertRule(ctx: TenantContext, input: AlertRuleInput) {
  requireRole(ctx.role, "EDITOR", "changing alert rules");
  checkNamespace(input.namespace);
  const existing = await alerting.findRuleGroupByName(ctx.db, ctx.tenant.id, input.namespace, input.group);
  const doc = (existing ? parse(existing.source) : { name: input.group, rules: [] }) as { interval?: string; rules?: Array<Record<string, unknown>> };
  if (input.interval) doc.interval = input.interval;
  const { alert, expr, labels, annotations } = input.rule;
  const entry = {
    alert,
    expr,
    ...(input.rule.for && { for: input.rule.for }),
    ...(input.rule.keepFiringFor && { keep_firing_for: input.rule.keepFiringFor }),
    ...(Object.keys(labels).length > 0 && { labels }),
    ...(Object.keys(annotations).length > 0 && { annotations }),
  };
  const rules = doc.rules ?? [];
  const at = rules.findIndex((r) => r.alert === (input.originalName ?? alert));
  if (at >= 0) rules[at] = entry;
  else rules.push(entry);
  doc.rules = rules;
  const source = stringify(doc);
  let group: RuleGroupSpec;
  try {
    group = parseRuleGroup(source);
  } catch (e) {
    ruleError(e, "rule");
  }
  await save(ctx, input.namespace, group, source);
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "rules.rule.save", target: `${input.namespace}/${input.group}/${alert}` });
  return { namespace: input.namespace, group: input.group, name: alert };
}
