/** Alertmanager configuration: the subset Boardwatch delivers (routes, Slack receivers, inhibition), parsed and rendered back with secrets redacted. */
import { stringify } from "yaml";
import { formatDuration, parseDuration } from "./duration";
import { formatMatcher, parseMatchers, type Matcher } from "./matchers";
import { slackTemplateFunctions } from "./slack-message";
import { Template } from "./template-execute";
import { isScalarNode, keyText, mapPairs, readYaml, scalarText, seqItems, type YamlSource } from "./yaml-nodes";

export interface SlackConfig {
  apiURL: string;
  channel: string | undefined;
  username: string | undefined;
  /** Go templates over the notification data; empty means Boardwatch's default rendering. */
  title: string | undefined;
  text: string | undefined;
  sendResolved: boolean;
}

export interface Receiver {
  name: string;
  slackConfigs: SlackConfig[];
}

/** A route with every option resolved (children inherit their parent's). */
export interface Route {
  receiver: string;
  /** undefined groups by every label (`...`). */
  groupBy: string[] | undefined;
  matchers: Matcher[];
  continue: boolean;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  routes: Route[];
}

export interface InhibitRule {
  sourceMatchers: Matcher[];
  targetMatchers: Matcher[];
  equal: string[];
}

export interface AlertmanagerConfig {
  route: Route;
  receivers: Receiver[];
  inhibitRules: InhibitRule[];
}

/** Every problem found in an Alertmanager config. */
export class AlertmanagerConfigError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join("\n"));
    this.name = "AlertmanagerConfigError";
  }
}

const routeFields = new Set(["receiver", "group_by", "continue", "matchers", "match", "match_re", "group_wait", "group_interval", "repeat_interval", "routes"]);
const slackFields = new Set(["api_url", "channel", "username", "title", "text", "send_resolved"]);
const inhibitFields = new Set(["source_matchers", "target_matchers", "source_match", "source_match_re", "target_match", "target_match_re", "equal"]);

class ConfigReader {
  readonly messages: string[] = [];
  constructor(private readonly src: YamlSource) {}

  at(node: unknown, msg: string): void {
    const p = this.src.pos(node);
    this.messages.push(`${p.line}:${p.column}: ${msg}`);
  }

  fields(node: unknown, allowed: Set<string>, what: string): Map<string, unknown> {
    const out = new Map<string, unknown>();
    const pairs = mapPairs(node);
    if (!pairs) {
      if (node !== undefined) this.at(node, `${what} must be a map`);
      return out;
    }
    for (const p of pairs) {
      const k = keyText(p);
      if (!allowed.has(k)) this.at(p.key, `field ${k} not found in ${what}${k.endsWith("time_intervals") ? " (time intervals are not supported yet)" : ""}`);
      else out.set(k, p.value);
    }
    return out;
  }

  str(node: unknown): string | undefined {
    if (node === undefined) return undefined;
    if (!isScalarNode(node)) {
      this.at(node, "expected a string");
      return undefined;
    }
    return scalarText(node);
  }

  strings(node: unknown): string[] | undefined {
    if (node === undefined) return undefined;
    const items = seqItems(node);
    if (!items) {
      this.at(node, "expected a list of strings");
      return undefined;
    }
    return items.map((i) => this.str(i) ?? "");
  }

  duration(node: unknown, fallback: number): number {
    const s = this.str(node);
    if (s === undefined) return fallback;
    try {
      return parseDuration(s);
    } catch (e) {
      this.at(node, (e as Error).message);
      return fallback;
    }
  }

  matchers(f: Map<string, unknown>, prefix: string): Matcher[] {
    const out: Matcher[] = [];
    const list = f.get(`${prefix}matchers`);
    for (const item of seqItems(list) ?? []) {
      try {
        out.push(...parseMatchers(this.str(item) ?? ""));
      } catch (e) {
        this.at(item, (e as Error).message);
      }
    }
    // The deprecated match/match_re maps mean equality and regex matchers.
    for (const [field, type] of [[`${prefix}match`, "="], [`${prefix}match_re`, "=~"]] as const) {
      for (const p of mapPairs(f.get(field)) ?? []) {
        const value = this.str(p.value) ?? "";
        try {
          out.push(...parseMatchers(`${keyText(p)}${type}${JSON.stringify(value)}`));
        } catch (e) {
          this.at(p.key, (e as Error).message);
        }
      }
    }
    return out;
  }

  route(node: unknown, parent: Route | undefined): Route {
    const f = this.fields(node, routeFields, "route");
    const groupByList = this.strings(f.get("group_by"));
    const all = groupByList?.includes("...") ?? false;
    if (all && groupByList && groupByList.length > 1) this.at(f.get("group_by"), "cannot have wildcard group_by (`...`) and other labels at the same time");
    const r: Route = {
      receiver: this.str(f.get("receiver")) ?? parent?.receiver ?? "",
      // Children inherit group_by, including `...` (undefined); the root defaults to one group per route.
      groupBy: groupByList === undefined ? (parent ? parent.groupBy : []) : all ? undefined : groupByList,
      matchers: this.matchers(f, ""),
      continue: this.str(f.get("continue")) === "true",
      groupWaitMs: this.duration(f.get("group_wait"), parent?.groupWaitMs ?? 30_000),
      groupIntervalMs: this.duration(f.get("group_interval"), parent?.groupIntervalMs ?? 5 * 60_000),
      repeatIntervalMs: this.duration(f.get("repeat_interval"), parent?.repeatIntervalMs ?? 4 * 3600_000),
      routes: [],
    };
    if (r.groupIntervalMs === 0) this.at(f.get("group_interval") ?? node, "group_interval cannot be zero");
    if (r.repeatIntervalMs === 0) this.at(f.get("repeat_interval") ?? node, "repeat_interval cannot be zero");
    r.routes = (seqItems(f.get("routes")) ?? []).map((c) => this.route(c, r));
    return r;
  }

  slack(node: unknown, globalURL: string | undefined): SlackConfig {
    const f = this.fields(node, slackFields, "slack_config");
    const apiURL = this.str(f.get("api_url")) ?? globalURL;
    if (!apiURL) this.at(node, "no global Slack API URL set either inline or in a file");
    else if (!/^https?:\/\/[^/]/.test(apiURL)) this.at(f.get("api_url") ?? node, `unsupported scheme for URL`);
    const title = this.str(f.get("title"));
    const text = this.str(f.get("text"));
    // Template mistakes surface when the config is saved, not when the first alert fires.
    for (const [field, src] of [["title", title], ["text", text]] as const) {
      if (src === undefined) continue;
      try {
        Template.parse(`slack.${field}`, src, slackTemplateFunctions(""));
      } catch (e) {
        this.at(f.get(field), (e as Error).message);
      }
    }
    return {
      apiURL: apiURL ?? "",
      channel: this.str(f.get("channel")),
      username: this.str(f.get("username")),
      title,
      text,
      sendResolved: this.str(f.get("send_resolved")) === "true",
    };
  }
}

function routeReceivers(r: Route): string[] {
  return [r.receiver, ...r.routes.flatMap(routeReceivers)];
}

/** Parses and validates Alertmanager YAML (route, receivers with slack_configs, inhibit_rules); throws AlertmanagerConfigError. */
export function parseAlertmanagerConfig(text: string): AlertmanagerConfig {
  const src = readYaml(text);
  if (src.issues.length > 0) throw new AlertmanagerConfigError(src.issues.map((i) => `${i.line}:${i.column}: ${i.message}`));
  const c = new ConfigReader(src);
  const top = c.fields(src.root, new Set(["global", "route", "receivers", "inhibit_rules", "templates"]), "config");
  const global = c.fields(top.get("global"), new Set(["resolve_timeout", "slack_api_url"]), "global");
  const globalSlack = c.str(global.get("slack_api_url"));
  const routeNode = top.get("route");
  if (routeNode === undefined) c.at(src.root, "no routes provided");
  const route = c.route(routeNode, undefined);
  if (route.receiver === "") c.at(routeNode ?? src.root, "root route must specify a default receiver");
  if (route.matchers.length > 0) c.at(routeNode, "root route must not have any matchers");
  if (route.continue) c.at(routeNode, "cannot have continue in root route");
  const receivers: Receiver[] = [];
  for (const r of seqItems(top.get("receivers")) ?? []) {
    const f = c.fields(r, new Set(["name", "slack_configs"]), "receiver");
    const name = c.str(f.get("name")) ?? "";
    if (name === "") c.at(r, "missing name in receiver");
    if (receivers.some((x) => x.name === name)) c.at(f.get("name"), `notification config name "${name}" is not unique`);
    receivers.push({ name, slackConfigs: (seqItems(f.get("slack_configs")) ?? []).map((s) => c.slack(s, globalSlack)) });
  }
  for (const name of new Set(routeReceivers(route))) {
    if (name !== "" && !receivers.some((r) => r.name === name)) c.at(routeNode, `undefined receiver "${name}" used in route`);
  }
  const inhibitRules = (seqItems(top.get("inhibit_rules")) ?? []).map((n) => {
    const f = c.fields(n, inhibitFields, "inhibit rule");
    return { sourceMatchers: c.matchers(f, "source_"), targetMatchers: c.matchers(f, "target_"), equal: c.strings(f.get("equal")) ?? [] };
  });
  if (c.messages.length > 0) throw new AlertmanagerConfigError(c.messages);
  return { route, receivers, inhibitRules };
}

const SECRET = "<secret>";

function renderRoute(r: Route): Record<string, unknown> {
  const out: Record<string, unknown> = { receiver: r.receiver };
  out.group_by = r.groupBy ?? ["..."];
  if (r.continue) out.continue = true;
  if (r.matchers.length > 0) out.matchers = r.matchers.map(formatMatcher);
  out.group_wait = formatDuration(r.groupWaitMs);
  out.group_interval = formatDuration(r.groupIntervalMs);
  out.repeat_interval = formatDuration(r.repeatIntervalMs);
  if (r.routes.length > 0) out.routes = r.routes.map(renderRoute);
  return out;
}

/**
 * Renders the config as YAML with defaults filled in and Slack URLs replaced by `<secret>`, like Alertmanager's
 * /api/v2/status; `{ secrets: true }` keeps them, for storage after an edit.
 */
export function renderAlertmanagerConfig(config: AlertmanagerConfig, o: { secrets?: boolean } = {}): string {
  const doc = {
    route: renderRoute(config.route),
    receivers: config.receivers.map((r) => ({
      name: r.name,
      ...(r.slackConfigs.length > 0 && {
        slack_configs: r.slackConfigs.map((s) => ({
          send_resolved: s.sendResolved,
          api_url: o.secrets ? s.apiURL : SECRET,
          ...(s.channel !== undefined && { channel: s.channel }),
          ...(s.username !== undefined && { username: s.username }),
          ...(s.title !== undefined && { title: s.title }),
          ...(s.text !== undefined && { text: s.text }),
        })),
      }),
    })),
    ...(config.inhibitRules.length > 0 && {
      inhibit_rules: config.inhibitRules.map((r) => ({
        source_matchers: r.sourceMatchers.map(formatMatcher),
        target_matchers: r.targetMatchers.map(formatMatcher),
        ...(r.equal.length > 0 && { equal: r.equal }),
      })),
    }),
  };
  return stringify(doc, { aliasDuplicateObjects: false });
}
