/** Prometheus rule files and Mimir's single-group form: parsing and `promtool check rules` validation. */
import { parseExpr, ParseError, type Labels } from "@boardwatch/promql";
import { parse, stringify } from "yaml";
import { checkAlertTemplate } from "./alert-template";
import { parseDuration } from "./duration";
import { isScalarNode, keyText, mapPairs, readYaml, scalarText, seqItems, type YamlSource } from "./yaml-nodes";

/** An alerting rule as written in a rule file. */
export interface AlertingRuleSpec {
  kind: "alert";
  name: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  labels: Labels;
  annotations: Labels;
}

/** A recording rule as written in a rule file. */
export interface RecordingRuleSpec {
  kind: "record";
  name: string;
  expr: string;
  labels: Labels;
}

export type RuleSpec = AlertingRuleSpec | RecordingRuleSpec;

/** A rule group; absent durations fall back to the evaluator's defaults. */
export interface RuleGroupSpec {
  name: string;
  intervalMs: number | undefined;
  queryOffsetMs: number | undefined;
  /** Maximum alerts/series a rule may produce; 0 means no limit. */
  limit: number;
  /** Labels added to every rule of the group (Prometheus 3). */
  labels: Labels;
  rules: RuleSpec[];
}

/** How label and metric names are checked: Prometheus 2's character set, or any UTF-8 (Prometheus 3's default). */
export type NameValidation = "legacy" | "utf8";

export interface RuleParseOptions {
  /** Default "legacy": names must also be valid in the text exposition format boards speak. */
  nameValidation?: NameValidation;
}

/** All problems found in a rule file; `messages` read like promtool's. */
export class RuleFileError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join("\n"));
    this.name = "RuleFileError";
  }
}

const legacyLabelRe = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const legacyMetricRe = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

// Lone surrogates are the only way a JS string can fail to be valid UTF-8.
const loneSurrogateRe = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isValidUtf8 = (s: string) => !loneSurrogateRe.test(s);

function validName(name: string, metric: boolean, v: NameValidation): boolean {
  if (v === "utf8") return name !== "" && isValidUtf8(name);
  return (metric ? legacyMetricRe : legacyLabelRe).test(name);
}

const groupFields = new Set(["name", "interval", "query_offset", "limit", "labels", "rules"]);
const ruleFields = new Set(["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]);

class Checker {
  readonly messages: string[] = [];
  constructor(
    private readonly src: YamlSource,
    private readonly names: NameValidation,
  ) {}

  at(node: unknown, msg: string): void {
    const p = this.src.pos(node);
    this.messages.push(`${p.line}:${p.column}: ${msg}`);
  }

  fields(node: unknown, allowed: Set<string>, type: string): Map<string, { key: unknown; value: unknown }> {
    const out = new Map<string, { key: unknown; value: unknown }>();
    for (const pair of mapPairs(node) ?? []) {
      const k = keyText(pair);
      if (!allowed.has(k)) this.at(pair.key, `field ${k} not found in type ${type}`);
      else out.set(k, { key: pair.key, value: pair.value });
    }
    return out;
  }

  string(node: unknown, what: string): string {
    if (node === undefined) return "";
    if (!isScalarNode(node)) {
      this.at(node, `cannot unmarshal ${what}: expected a string`);
      return "";
    }
    return scalarText(node) ?? "";
  }

  duration(node: unknown, ctx: (msg: string) => void): number | undefined {
    if (node === undefined) return undefined;
    const s = this.string(node, "duration");
    try {
      return parseDuration(s);
    } catch (e) {
      ctx((e as Error).message);
      return undefined;
    }
  }

  stringMap(node: unknown, what: string): Array<{ key: string; value: string; node: unknown }> {
    if (node === undefined || scalarText(node) === undefined && isScalarNode(node)) return [];
    const pairs = mapPairs(node);
    if (!pairs) {
      this.at(node, `cannot unmarshal ${what}: expected a map`);
      return [];
    }
    return pairs.map((p) => ({ key: keyText(p), value: this.string(p.value, what), node: p.key }));
  }

  group(node: unknown, seen: Set<string>): RuleGroupSpec | undefined {
    if (!mapPairs(node)) {
      this.at(node, "cannot unmarshal rule group: expected a map");
      return undefined;
    }
    const f = this.fields(node, groupFields, "rulefmt.RuleGroup");
    const name = this.string(f.get("name")?.value, "name");
    if (name === "") this.at(node, "Groupname must not be empty");
    else if (seen.has(name)) this.at(f.get("name")?.value, `groupname: "${name}" is repeated in the same file`);
    seen.add(name);
    const groupCtx = (n: unknown) => (msg: string) => this.at(n, `group "${name}": ${msg}`);
    const intervalNode = f.get("interval")?.value;
    const intervalMs = this.duration(intervalNode, groupCtx(intervalNode));
    const offsetNode = f.get("query_offset")?.value;
    const queryOffsetMs = this.duration(offsetNode, groupCtx(offsetNode));
    const limitText = this.string(f.get("limit")?.value, "limit");
    const limit = limitText === "" ? 0 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 0) groupCtx(f.get("limit")?.value)(`invalid limit ${JSON.stringify(limitText)}`);
    const labels: Labels = {};
    for (const l of this.stringMap(f.get("labels")?.value, "labels")) {
      if (!validName(l.key, false, this.names) || l.key === "__name__") groupCtx(l.node)(`invalid label name: ${l.key}`);
      labels[l.key] = l.value;
    }
    const rulesNode = f.get("rules")?.value;
    const items = rulesNode === undefined ? [] : seqItems(rulesNode);
    if (!items) this.at(rulesNode, `group "${name}": cannot unmarshal rules: expected a list`);
    const rules: RuleSpec[] = [];
    (items ?? []).forEach((r, i) => {
      const rule = this.rule(r, name, i + 1);
      if (rule) rules.push(rule);
    });
    return { name, intervalMs, queryOffsetMs, limit: Number.isInteger(limit) ? limit : 0, labels, rules };
  }

  rule(node: unknown, group: string, index: number): RuleSpec | undefined {
    if (!mapPairs(node)) {
      this.at(node, `group "${group}", rule ${index}: cannot unmarshal rule: expected a map`);
      return undefined;
    }
    const f = this.fields(node, ruleFields, "rulefmt.Rule");
    const record = this.string(f.get("record")?.value, "record");
    const alert = this.string(f.get("alert")?.value, "alert");
    const ruleName = record || alert;
    const before = this.messages.length;
    const err = (n: unknown, msg: string) => this.at(n ?? node, `group "${group}", rule ${index}, "${ruleName}": ${msg}`);
    if (record !== "" && alert !== "") err(f.get("record")?.value, "only one of 'record' and 'alert' must be set");
    if (record === "" && alert === "") err(f.get("record")?.value ?? f.get("alert")?.value, "one of 'record' or 'alert' must be set");
    const exprNode = f.get("expr")?.value;
    const expr = this.string(exprNode, "expr");
    if (expr.trim() === "") err(exprNode, "field 'expr' must be set in rule");
    else {
      try {
        parseExpr(expr);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        err(exprNode, `could not parse expression: ${e.message}`);
      }
    }
    const forNode = f.get("for")?.value;
    const forMs = this.duration(forNode, (m) => err(forNode, m)) ?? 0;
    const kffNode = f.get("keep_firing_for")?.value;
    const keepFiringForMs = this.duration(kffNode, (m) => err(kffNode, m)) ?? 0;
    const labels: Labels = {};
    for (const l of this.stringMap(f.get("labels")?.value, "labels")) {
      if (!validName(l.key, false, this.names) || l.key === "__name__") err(l.node, `invalid label name: ${l.key}`);
      if (!isValidUtf8(l.value)) err(l.node, `invalid label value: ${l.value}`);
      labels[l.key] = l.value;
    }
    const annotations: Labels = {};
    const annotationEntries = this.stringMap(f.get("annotations")?.value, "annotations");
    for (const a of annotationEntries) {
      if (!validName(a.key, false, this.names)) err(a.node, `invalid annotation name: ${a.key}`);
      annotations[a.key] = a.value;
    }
    if (record !== "") {
      if (annotationEntries.length > 0) err(f.get("annotations")?.key, "invalid field 'annotations' in recording rule");
      if (forMs !== 0) err(f.get("for")?.key, "invalid field 'for' in recording rule");
      if (keepFiringForMs !== 0) err(f.get("keep_firing_for")?.key, "invalid field 'keep_firing_for' in recording rule");
      if (!validName(record, true, this.names)) err(f.get("record")?.value, `invalid recording rule name: ${record}`);
    } else if (alert !== "") {
      // promtool parses every label and annotation template of alerting rules.
      for (const l of this.stringMap(f.get("labels")?.value, "labels")) this.template(alert, l.value, l.node, `label "${l.key}"`, err);
      for (const a of annotationEntries) this.template(alert, a.value, a.node, `annotation "${a.key}"`, err);
    }
    if (this.messages.length > before) return undefined;
    return record !== ""
      ? { kind: "record", name: record, expr, labels }
      : { kind: "alert", name: alert, expr, forMs, keepFiringForMs, labels, annotations };
  }

  template(alert: string, text: string, node: unknown, what: string, err: (n: unknown, msg: string) => void): void {
    try {
      checkAlertTemplate(alert, text);
    } catch (e) {
      err(node, `${what}: ${(e as Error).message}`);
    }
  }
}

function check(text: string, options: RuleParseOptions, body: (c: Checker, root: unknown) => RuleGroupSpec[]): RuleGroupSpec[] {
  const src = readYaml(text);
  if (src.issues.length > 0) throw new RuleFileError(src.issues.map((i) => `${i.line}:${i.column}: ${i.message}`));
  const c = new Checker(src, options.nameValidation ?? "legacy");
  const groups = body(c, src.root);
  if (c.messages.length > 0) throw new RuleFileError(c.messages);
  return groups;
}

/** Parses and validates a Prometheus rule file (`groups: [...]`); throws RuleFileError listing every problem. */
export function parseRuleFile(text: string, options: RuleParseOptions = {}): RuleGroupSpec[] {
  return check(text, options, (c, root) => {
    if (root === null || root === undefined || (isScalarNode(root) && scalarText(root) === undefined)) return [];
    const f = c.fields(root, new Set(["groups"]), "rulefmt.RuleGroups");
    const groupsNode = f.get("groups")?.value;
    if (!mapPairs(root)) {
      c.at(root, "cannot unmarshal rule file: expected a map with 'groups'");
      return [];
    }
    if (groupsNode === undefined) return [];
    const items = seqItems(groupsNode);
    if (!items) {
      c.at(groupsNode, "cannot unmarshal groups: expected a list");
      return [];
    }
    const seen = new Set<string>();
    return items.flatMap((g) => c.group(g, seen) ?? []);
  });
}

/** Parses and validates one group in the form Mimir's ruler API takes (`name`, `interval`, `rules` at the top). */
export function parseRuleGroup(text: string, options: RuleParseOptions = {}): RuleGroupSpec {
  const [group] = check(text, options, (c, root) => {
    const g = c.group(root, new Set());
    return g ? [g] : [];
  });
  return group as RuleGroupSpec;
}

/** A validated rule file split into its groups, each with the YAML the ruler API stores for it (comments dropped). */
export function splitRuleFile(text: string, options: RuleParseOptions = {}): Array<{ group: RuleGroupSpec; source: string }> {
  const groups = parseRuleFile(text, options);
  const nodes = (parse(text) as { groups?: unknown[] } | null)?.groups ?? [];
  return groups.map((group, i) => ({ group, source: stringify(nodes[i]) }));
}
