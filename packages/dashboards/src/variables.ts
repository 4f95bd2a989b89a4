import { interpolate, type BuiltinValues, type VariableValue } from "./interpolate";
import type { Variable } from "./schema";

/** The value standing for "All" in URLs and selections, as in Grafana. */
export const ALL = "$__all";

export type VariableQuery =
  | { kind: "label_values"; label: string; match: string | null }
  | { kind: "label_names"; match: string | null }
  | { kind: "metrics"; regex: string }
  | { kind: "query_result"; query: string };

/** Splits `a, b` at its last top-level comma (not inside braces, parentheses or quotes). */
function splitLastComma(text: string): [string, string] | null {
  let depth = 0;
  let quote = "";
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) last = i;
  }
  return last < 0 ? null : [text.slice(0, last).trim(), text.slice(last + 1).trim()];
}

/**
 * Grafana's Prometheus variable queries: `label_values(label)`, `label_values(selector, label)`,
 * `label_names()`, `label_names(selector)`, `metrics(regex)`, `query_result(expr)`; anything else is taken as
 * `query_result` of the text, as a PromQL expression. `undefined` for a malformed call.
 */
export function parseVariableQuery(text: string): VariableQuery | undefined {
  const m = /^\s*(label_values|label_names|metrics|query_result)\s*\(([\s\S]*)\)\s*$/.exec(text);
  if (!m) return text.trim() ? { kind: "query_result", query: text.trim() } : undefined;
  const [, fn, args = ""] = m;
  const inner = args.trim();
  switch (fn) {
    case "label_values": {
      const parts = splitLastComma(inner);
      const label = (parts ? parts[1] : inner).trim();
      if (!/^[A-Za-z_]\w*$/.test(label)) return undefined;
      return { kind: "label_values", label, match: parts ? parts[0] : null };
    }
    case "label_names":
      return { kind: "label_names", match: inner || null };
    case "metrics":
      return { kind: "metrics", regex: inner };
    default:
      return inner ? { kind: "query_result", query: inner } : undefined;
  }
}

/** Where variable options come from: the tenant's Prometheus API. */
export interface VariableSource {
  labelValues(label: string, match: string | null): Promise<string[]>;
  labelNames(match: string | null): Promise<string[]>;
  /** An instant query; each result as Grafana shows it: `metric{labels} value timestamp`. */
  queryResult(expr: string): Promise<string[]>;
}

/** Custom variable choices: `a,b,c`, with `text : value` pairs taking the value (Grafana's syntax). */
export function customOptions(query: string): string[] {
  return query
    .split(/(?<!\\),/)
    .map((s) => s.replace(/\\,/g, ","))
    .map((s) => {
      const pair = /^(.*?)\s+:\s+(.*)$/.exec(s);
      return (pair ? pair[2]! : s).trim();
    })
    .filter((s) => s !== "");
}

/** Keeps the values a Grafana variable regex matches; with a capture group, its first group. */
export function applyVariableRegex(values: string[], regex: string): string[] {
  if (!regex) return values;
  const m = /^\/(.*)\/([gimsuy]*)$/.exec(regex);
  let re: RegExp;
  try {
    re = m ? new RegExp(m[1]!, m[2]!.replace("g", "")) : new RegExp(regex);
  } catch {
    return values;
  }
  const out: string[] = [];
  for (const v of values) {
    const match = re.exec(v);
    if (match) out.push(match.groups?.value ?? match[1] ?? v);
  }
  return out;
}

function sortValues(values: string[], sort: string): string[] {
  const unique = [...new Set(values)];
  switch (sort) {
    case "alpha":
      return unique.sort((a, b) => a.localeCompare(b));
    case "alpha-desc":
      return unique.sort((a, b) => b.localeCompare(a));
    case "numeric":
      return unique.sort((a, b) => parseFloat(a) - parseFloat(b));
    case "numeric-desc":
      return unique.sort((a, b) => parseFloat(b) - parseFloat(a));
    default:
      return unique;
  }
}

export interface ResolvedVariable {
  name: string;
  /** The choices offered (empty for text boxes). */
  options: string[];
  /** What is selected: values, or `[ALL]`. */
  selected: string[];
  value: VariableValue;
  error: string | null;
}

function selection(v: Variable, options: string[], wanted: string[] | undefined): string[] {
  if (v.type === "textbox") return [wanted?.[0] ?? v.current[0] ?? v.query];
  const allowAll = v.includeAll;
  const pick = (list: string[] | undefined) => {
    if (!list?.length) return undefined;
    if (list.includes(ALL)) return allowAll ? [ALL] : undefined;
    const kept = list.filter((x) => options.includes(x));
    if (!kept.length) return undefined;
    return v.multi ? kept : [kept[0]!];
  };
  return pick(wanted) ?? pick(v.current) ?? (allowAll ? [ALL] : options.length ? [options[0]!] : []);
}

/**
 * Resolves a dashboard's variables in order (each may use the ones before it): fetches options, then keeps
 * the wanted selection (from the URL) where it is still offered, else the saved default, else All or the first.
 */
export async function resolveVariables(
  variables: Variable[],
  source: VariableSource,
  wanted: Record<string, string[] | undefined>,
  builtins?: BuiltinValues,
): Promise<ResolvedVariable[]> {
  const resolved: ResolvedVariable[] = [];
  const scope: Record<string, VariableValue> = {};
  for (const v of variables) {
    let options: string[] = [];
    let error: string | null = null;
    try {
      if (v.type === "custom") options = customOptions(v.query);
      else if (v.type === "query") {
        const q = parseVariableQuery(interpolate(v.query, { variables: scope, builtins }));
        if (!q) throw new Error(`cannot read the variable query ${JSON.stringify(v.query)}`);
        const raw =
          q.kind === "label_values" ? await source.labelValues(q.label, q.match)
          : q.kind === "label_names" ? await source.labelNames(q.match)
          : q.kind === "metrics" ? applyVariableRegex(await source.labelValues("__name__", null), q.regex)
          : await source.queryResult(q.query);
        options = sortValues(applyVariableRegex(raw, v.regex), v.sort);
      }
    } catch (e) {
      error = (e as Error).message;
    }
    const selected = selection(v, options, wanted[v.name]);
    const all = selected.includes(ALL);
    const multi = v.type !== "textbox" && (v.multi || v.includeAll);
    const allValue = v.type !== "textbox" ? v.allValue : null;
    const value: VariableValue = { values: all ? options : selected, all, allValue, multi };
    scope[v.name] = value;
    resolved.push({ name: v.name, options, selected, value, error });
  }
  return resolved;
}
