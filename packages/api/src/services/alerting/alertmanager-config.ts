import { AlertmanagerConfigError, parseAlertmanagerConfig, renderAlertmanagerConfig, type AlertmanagerConfig, type Route, type SlackConfig } from "@boardwatch/alerting";
import { alerting, type Db, type Prisma } from "@boardwatch/db";
import { parse, stringify } from "yaml";
import { AppError } from "../../errors";
import { openSecret, sealSecret } from "../../lib/secret-box";
import { requireRole } from "../../lib/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";

/** A tenant without a configuration routes everything to a receiver with no integrations: nothing is sent. */
export const DEFAULT_ALERTMANAGER_CONFIG = "route:\n  receiver: default\nreceivers:\n  - name: default\n";

/** The tenant's configuration with secrets, as the dispatcher and the deliverer need it. */
export async function loadAlertmanagerConfig(db: Db | Prisma.TransactionClient, tenantId: string): Promise<AlertmanagerConfig> {
  const row = await alerting.findAlertmanagerConfig(db, tenantId);
  return parseAlertmanagerConfig(row ? openSecret(row.sealed) : DEFAULT_ALERTMANAGER_CONFIG);
}

function validated(yaml: string, field: string): AlertmanagerConfig {
  try {
    return parseAlertmanagerConfig(yaml);
  } catch (e) {
    if (e instanceof AlertmanagerConfigError) throw new AppError("BAD_REQUEST", `invalid Alertmanager configuration: ${e.messages.join("; ")}`, field);
    throw e;
  }
}

async function store(ctx: TenantContext, config: AlertmanagerConfig, action: string) {
  await alerting.saveAlertmanagerConfig(ctx.db, ctx.tenant.id, sealSecret(renderAlertmanagerConfig(config, { secrets: true })), ctx.actor.userId);
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action, metadata: { receivers: config.receivers.map((r) => r.name) } });
}

/**
 * Mimir's Alertmanager configuration API body: YAML with `alertmanager_config` (a string of YAML, or a mapping)
 * and optional `template_files`, which Boardwatch does not use (templates go inline in `title`/`text`).
 */
export async function setAlertmanagerConfigYaml(ctx: TenantContext, body: string) {
  requireRole(ctx.role, "EDITOR", "changing the Alertmanager configuration");
  let doc: unknown;
  try {
    doc = parse(body);
  } catch (e) {
    throw new AppError("BAD_REQUEST", `invalid YAML: ${(e as Error).message}`, "body");
  }
  const inner = (doc as { alertmanager_config?: unknown } | null)?.alertmanager_config;
  if (inner === undefined || inner === null) throw new AppError("BAD_REQUEST", "missing alertmanager_config", "alertmanager_config");
  const templates = (doc as { template_files?: Record<string, unknown> }).template_files;
  if (templates && Object.keys(templates).length > 0) {
    throw new AppError("BAD_REQUEST", "template_files are not supported: put Go templates inline in slack_configs title and text", "template_files");
  }
  const config = validated(typeof inner === "string" ? inner : stringify(inner), "alertmanager_config");
  await store(ctx, config, "alertmanager.config.set");
}

/** The configuration in the API's shape, Slack URLs redacted. */
export async function getAlertmanagerConfigYaml(ctx: TenantContext): Promise<string> {
  const config = await loadAlertmanagerConfig(ctx.db, ctx.tenant.id);
  return stringify({ template_files: {}, alertmanager_config: renderAlertmanagerConfig(config) });
}

export async function resetAlertmanagerConfig(ctx: TenantContext) {
  requireRole(ctx.role, "EDITOR", "changing the Alertmanager configuration");
  await alerting.deleteAlertmanagerConfig(ctx.db, ctx.tenant.id);
  await recordAuditEvent(ctx, { tenantId: ctx.tenant.id, action: "alertmanager.config.reset" });
}

// ---- The same model, edited from the UI -------------------------------------------------------------

/** Contact points and policies as the UI shows them: no webhook URL ever leaves the server. */
export async function getDeliverySettings(ctx: TenantContext) {
  const config = await loadAlertmanagerConfig(ctx.db, ctx.tenant.id);
  const route = (r: Route): unknown => ({
    receiver: r.receiver,
    matchers: r.matchers.map((m) => `${m.name}${m.type}"${m.value}"`),
    groupBy: r.groupBy ?? ["..."],
    continue: r.continue,
    groupWaitMs: r.groupWaitMs,
    groupIntervalMs: r.groupIntervalMs,
    repeatIntervalMs: r.repeatIntervalMs,
    routes: r.routes.map(route),
  });
  return {
    contactPoints: config.receivers.map((r) => ({
      name: r.name,
      slack: r.slackConfigs.map((s) => ({ channel: s.channel ?? null, sendResolved: s.sendResolved, webhookHost: new URL(s.apiURL).host, title: s.title ?? null, text: s.text ?? null })),
    })),
    policy: route(config.route) as PolicyOut,
    inhibitRules: config.inhibitRules.length,
    yaml: renderAlertmanagerConfig(config),
  };
}

export interface PolicyOut {
  receiver: string;
  matchers: string[];
  groupBy: string[];
  continue: boolean;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  routes: PolicyOut[];
}

/** Creates or replaces a Slack contact point; keeping the stored webhook when none is given (edits from the UI). */
export async function saveContactPoint(ctx: TenantContext, input: { name: string; webhookUrl?: string; channel?: string; sendResolved: boolean; title?: string; text?: string }) {
  requireRole(ctx.role, "EDITOR", "changing contact points");
  const config = await loadAlertmanagerConfig(ctx.db, ctx.tenant.id);
  const existing = config.receivers.find((r) => r.name === input.name);
  const apiURL = input.webhookUrl ?? existing?.slackConfigs[0]?.apiURL;
  if (!apiURL) throw new AppError("BAD_REQUEST", "a new contact point needs a Slack webhook URL", "webhookUrl");
  const slack: SlackConfig = { apiURL, channel: input.channel || undefined, username: undefined, title: input.title || undefined, text: input.text || undefined, sendResolved: input.sendResolved };
  const receivers = existing ? config.receivers.map((r) => (r === existing ? { name: r.name, slackConfigs: [slack] } : r)) : [...config.receivers, { name: input.name, slackConfigs: [slack] }];
  // Re-validated as YAML, so the UI can never store what the API would refuse.
  const next = validated(renderAlertmanagerConfig({ ...config, receivers }, { secrets: true }), "webhookUrl");
  await store(ctx, next, existing ? "alertmanager.contact_point.update" : "alertmanager.contact_point.create");
  return { name: input.name };
}

function usesReceiver(r: Route, name: string): boolean {
  return r.receiver === name || r.routes.some((c) => usesReceiver(c, name));
}

export async function deleteContactPoint(ctx: TenantContext, input: { name: string }) {
  requireRole(ctx.role, "EDITOR", "changing contact points");
  const config = await loadAlertmanagerConfig(ctx.db, ctx.tenant.id);
  if (!config.receivers.some((r) => r.name === input.name)) throw new AppError("NOT_FOUND", `no contact point "${input.name}"`, "name");
  if (usesReceiver(config.route, input.name)) throw new AppError("CONFLICT", `contact point "${input.name}" is used by a notification policy`, "name");
  await store(ctx, { ...config, receivers: config.receivers.filter((r) => r.name !== input.name) }, "alertmanager.contact_point.delete");
  return { name: input.name };
}

export interface PolicyInput {
  receiver: string;
  groupBy: string[];
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  routes: Array<{ matchers: string[]; receiver: string; continue: boolean }>;
}

/** Replaces the policy tree (a root and one level of matching children, as the UI edits it). */
export async function savePolicy(ctx: TenantContext, input: PolicyInput) {
  requireRole(ctx.role, "EDITOR", "changing notification policies");
  const config = await loadAlertmanagerConfig(ctx.db, ctx.tenant.id);
  const doc = parse(renderAlertmanagerConfig(config, { secrets: true })) as Record<string, unknown>;
  doc.route = {
    receiver: input.receiver,
    group_by: input.groupBy,
    group_wait: input.groupWait,
    group_interval: input.groupInterval,
    repeat_interval: input.repeatInterval,
    ...(input.routes.length > 0 && { routes: input.routes.map((r) => ({ receiver: r.receiver, matchers: r.matchers, ...(r.continue && { continue: true }) })) }),
  };
  await store(ctx, validated(stringify(doc), "policy"), "alertmanager.policy.update");
  return { receiver: input.receiver };
}
