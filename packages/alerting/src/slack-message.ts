/** Slack Block Kit messages for Alertmanager-style notifications. */
import type { Labels } from "@boardwatch/promql";
import type { IncomingWebhookSendArguments } from "@slack/webhook";
import type { Notification } from "./dispatcher";
import { fingerprint } from "./fingerprint";
import type { NotifyAlert } from "./group";
import { goStruct, Template, type TemplateFunction } from "./template-execute";
import { humanize, prometheusFunctions } from "./template-functions";

export interface SlackMessageOptions {
  /** Base URL of the Boardwatch UI for alert, board and graph links (e.g. https://app.boardwatch.io/acme). */
  linkBase: string;
  /** Alerts listed individually before "and N more" (Slack caps a message at 50 blocks). */
  maxAlerts?: number;
}

const colours: Record<string, string> = { critical: "#E01E5A", warning: "#ECB22E", resolved: "#2EB67D", other: "#36C5F0" };

/** Template functions for Slack title/text, as Alertmanager offers them (join and the Prometheus set). */
export function slackTemplateFunctions(externalURL: string): Record<string, TemplateFunction> {
  return {
    ...prometheusFunctions(externalURL),
    join: (sep, list) => (Array.isArray(list) ? list.map(String).join(String(sep)) : String(list)),
  };
}

function sortedValues(labels: Labels, except: Labels = {}): string[] {
  return Object.keys(labels)
    .filter((k) => !(k in except))
    .sort()
    .map((k) => labels[k] as string);
}

/** Alertmanager's default Slack title: `[FIRING:2] BoardHot (b1 warning)`. */
export function defaultTitle(n: Notification): string {
  const status = n.status === "firing" ? `FIRING:${n.firing.length}` : "RESOLVED";
  const extra = Object.keys(n.commonLabels).length > Object.keys(n.groupLabels).length ? ` (${sortedValues(n.commonLabels, n.groupLabels).join(" ")})` : "";
  return `[${status}] ${sortedValues(n.groupLabels).join(" ")}${extra}`;
}

function alertData(a: NotifyAlert, status: string) {
  return goStruct({ Status: status, Labels: a.labels, Annotations: a.annotations, GeneratorURL: a.generatorURL, Fingerprint: fingerprint(a.labels), Value: a.value });
}

function renderTemplate(name: string, text: string, n: Notification, linkBase: string): string {
  const data = goStruct({
    Status: n.status,
    Receiver: n.receiver,
    GroupLabels: n.groupLabels,
    CommonLabels: n.commonLabels,
    CommonAnnotations: n.commonAnnotations,
    ExternalURL: linkBase,
    Alerts: [...n.firing.map((a) => alertData(a, "firing")), ...n.resolved.map((a) => alertData(a, "resolved"))],
  });
  return Template.parse(name, text, slackTemplateFunctions(linkBase)).execute(data);
}

function severityColour(n: Notification): string {
  if (n.status === "resolved") return colours.resolved as string;
  const severities = new Set(n.firing.map((a) => a.labels.severity));
  if (severities.has("critical")) return colours.critical as string;
  if (severities.has("warning")) return colours.warning as string;
  return colours.other as string;
}

/** The expression behind an alert, from Prometheus's `/graph?g0.expr=…` generator URL. */
function expressionOf(a: NotifyAlert): string | undefined {
  try {
    return new URL(a.generatorURL, "http://x").searchParams.get("g0.expr") ?? undefined;
  } catch {
    return undefined;
  }
}

function button(text: string, url: string) {
  return { type: "button", text: { type: "plain_text", text }, url };
}

/** Slack rejects the whole message (400 invalid_blocks) when a text exceeds its limit, so cut it instead. */
function cut(s: string, limit: number): string {
  return s.length <= limit ? s : `${s.slice(0, limit - 1)}…`;
}

/** Slack's mrkdwn needs &, < and > escaped in user text. */
function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function alertBlocks(a: NotifyAlert, resolved: boolean, common: Labels, linkBase: string): unknown[] {
  const summary = a.annotations.summary ?? a.labels.alertname ?? "alert";
  const lines = [`*${resolved ? "Resolved" : "Firing"}: ${escape(summary)}*`];
  if (a.annotations.description) lines.push(escape(a.annotations.description));
  const since = Math.floor(a.startsAtMs / 1000);
  const fields = [
    { type: "mrkdwn", text: `*Value*\n${humanize(a.value)}` },
    { type: "mrkdwn", text: `*${resolved ? "Fired at" : "Firing since"}*\n<!date^${since}^{date_short_pretty} {time}|${new Date(a.startsAtMs).toISOString()}>` },
  ];
  if (resolved) fields.push({ type: "mrkdwn", text: `*Resolved at*\n<!date^${Math.floor(a.endsAtMs / 1000)}^{date_short_pretty} {time}|${new Date(a.endsAtMs).toISOString()}>` });
  // Labels shared by the whole group are in the title already; list only what tells this alert apart.
  const own = Object.keys(a.labels)
    .filter((k) => common[k] !== a.labels[k])
    .sort()
    .map((k) => `${k}=${escape(a.labels[k] as string)}`);
  const buttons = [button("View alert", `${linkBase}/alerts/${fingerprint(a.labels)}`)];
  if (a.labels.board) buttons.push(button("Board", `${linkBase}/boards/${encodeURIComponent(a.labels.board)}`));
  const expr = expressionOf(a);
  if (expr) buttons.push(button("Graph", `${linkBase}/explore?expr=${encodeURIComponent(expr)}`));
  return [
    { type: "section", text: { type: "mrkdwn", text: cut(lines.join("\n"), 3000) }, fields },
    ...(own.length > 0 ? [{ type: "context", elements: [{ type: "mrkdwn", text: cut(own.join(", "), 3000) }] }] : []),
    { type: "actions", elements: buttons },
  ];
}

/** Builds the webhook payload: a coloured attachment with a header, the group's labels and one section per alert. */
export function buildSlackMessage(n: Notification, o: SlackMessageOptions): IncomingWebhookSendArguments {
  const maxAlerts = o.maxAlerts ?? 10;
  const title = n.slack.title ? renderTemplate("slack.title", n.slack.title, n, o.linkBase) : defaultTitle(n);
  const text = n.slack.text ? renderTemplate("slack.text", n.slack.text, n, o.linkBase) : undefined;
  const listed: Array<[NotifyAlert, boolean]> = [...n.firing.map((a) => [a, false] as [NotifyAlert, boolean]), ...n.resolved.map((a) => [a, true] as [NotifyAlert, boolean])];
  const blocks: unknown[] = [{ type: "header", text: { type: "plain_text", text: cut(title, 150) } }];
  if (text) blocks.push({ type: "section", text: { type: "mrkdwn", text: cut(text, 3000) } });
  const common = Object.keys(n.commonLabels).sort();
  if (common.length > 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: cut(common.map((k) => `${k}=${escape(n.commonLabels[k] as string)}`).join(", "), 3000) }] });
  for (const [a, resolved] of listed.slice(0, maxAlerts)) blocks.push({ type: "divider" }, ...alertBlocks(a, resolved, n.commonLabels, o.linkBase));
  if (listed.length > maxAlerts) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `…and ${listed.length - maxAlerts} more` }] });
  return {
    text: title,
    ...(n.slack.channel && { channel: n.slack.channel }),
    ...(n.slack.username && { username: n.slack.username }),
    attachments: [{ color: severityColour(n), fallback: title, blocks: blocks as never }],
  };
}
