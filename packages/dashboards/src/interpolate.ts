import { formatDuration } from "./duration";

/** What a template variable currently holds. */
export interface VariableValue {
  values: string[];
  /** "All" is selected. */
  all: boolean;
  /** What All stands for, raw (e.g. `.*`); null means "every value, joined". */
  allValue: string | null;
  /** The variable can hold several values (multi-select or include All), so values are regex alternatives. */
  multi: boolean;
}

/** Grafana's global variables, from the panel's time range and step. */
export interface BuiltinValues {
  intervalSeconds: number;
  rateIntervalSeconds: number;
  rangeSeconds: number;
  fromMs: number;
  toMs: number;
}

export interface InterpolationScope {
  variables: Record<string, VariableValue>;
  builtins?: BuiltinValues;
}

/** `$var`, `${var}`, `${var:format}`, `[[var]]`, `[[var:format]]`, Grafana's four spellings. */
const REFERENCE = /\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]|\$(\w+)/g;

type Context = "code" | "string" | "regex-string";

/** Escapes RE2 metacharacters so a value matches only itself inside `=~`. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

/** Escapes a value for the inside of a PromQL string literal with the given quote. */
function escapeString(value: string, quote: string): string {
  if (quote === "`") return value;
  return value.replace(/\\/g, "\\\\").replace(quote === '"' ? /"/g : /'/g, `\\${quote}`);
}

/**
 * Where each position of a PromQL expression lies: in code, in a string literal, or in the string of a regex
 * matcher (`=~"…"`, `!~"…"`), with the quote that opened it.
 */
function contexts(expr: string): Array<{ kind: Context; quote: string }> {
  const out: Array<{ kind: Context; quote: string }> = new Array(expr.length);
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === "`") {
      let j = i - 1;
      while (j >= 0 && /\s/.test(expr[j]!)) j--;
      const kind: Context = j >= 1 && expr[j] === "~" && (expr[j - 1] === "=" || expr[j - 1] === "!") ? "regex-string" : "string";
      out[i] = { kind: "code", quote: "" };
      let k = i + 1;
      while (k < expr.length && expr[k] !== c) {
        if (expr[k] === "\\" && c !== "`") {
          out[k] = { kind, quote: c };
          k++;
        }
        if (k < expr.length) out[k] = { kind, quote: c };
        k++;
      }
      if (k < expr.length) out[k] = { kind: "code", quote: "" };
      i = k + 1;
    } else {
      out[i] = { kind: "code", quote: "" };
      i++;
    }
  }
  return out;
}

function builtin(name: string, b: BuiltinValues | undefined): string | undefined {
  if (!b) return undefined;
  switch (name) {
    case "__interval":
    case "__auto":
      return formatDuration(b.intervalSeconds);
    case "__interval_ms":
      return String(Math.round(b.intervalSeconds * 1000));
    case "__rate_interval":
      return formatDuration(b.rateIntervalSeconds);
    case "__rate_interval_ms":
      return String(Math.round(b.rateIntervalSeconds * 1000));
    case "__range":
      return formatDuration(b.rangeSeconds);
    case "__range_s":
      return String(Math.round(b.rangeSeconds));
    case "__range_ms":
      return String(Math.round(b.rangeSeconds * 1000));
    case "__from":
      return String(Math.round(b.fromMs));
    case "__to":
      return String(Math.round(b.toMs));
    default:
      return undefined;
  }
}

/** The built-in (`$__…`) variables `interpolate` knows. */
export const BUILTIN_VARIABLES = ["__interval", "__auto", "__interval_ms", "__rate_interval", "__rate_interval_ms", "__range", "__range_s", "__range_ms", "__from", "__to"];

function applyFormat(values: string[], format: string): string | undefined {
  switch (format) {
    case "regex":
      return values.length === 1 ? escapeRegex(values[0]!) : `(${values.map(escapeRegex).join("|")})`;
    case "pipe":
      return values.join("|");
    case "csv":
    case "text":
      return values.join(",");
    case "raw":
      return values.join(",");
    case "json":
      return JSON.stringify(values.length === 1 ? values[0] : values);
    case "doublequote":
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(",");
    case "singlequote":
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(",");
    case "glob":
      return values.length === 1 ? values[0]! : `{${values.join(",")}}`;
    case "queryparam":
      return values.map((v) => `var-=${encodeURIComponent(v)}`).join("&");
    case "percentencode":
      return values.map(encodeURIComponent).join(",");
    default:
      return undefined;
  }
}

/**
 * The value a variable reference stands for, Grafana's Prometheus way: several values (or a multi-value
 * variable inside a regex matcher) become regex-escaped alternatives `(a|b)`, All becomes its custom value
 * or every value; then the result is escaped for the string literal it sits in.
 */
function render(v: VariableValue, format: string | undefined, ctx: { kind: Context; quote: string }): string | undefined {
  let text: string | undefined;
  if (v.all && v.allValue !== null && format !== "text") text = v.allValue;
  else if (format) text = applyFormat(v.values, format);
  else if (v.multi && (v.values.length !== 1 || ctx.kind === "regex-string")) text = applyFormat(v.values, "regex");
  else text = v.values.join(",");
  if (text === undefined) return undefined;
  return ctx.kind === "code" || format === "raw" ? text : escapeString(text, ctx.quote);
}

/** Replaces variable references in a PromQL expression; unknown names stay as they are. */
export function interpolate(expr: string, scope: InterpolationScope): string {
  const where = contexts(expr);
  return expr.replace(REFERENCE, (match, n1?: string, f1?: string, n2?: string, f2?: string, n3?: string, offset?: number) => {
    const name = (n1 ?? n2 ?? n3)!;
    const format = f1 ?? f2;
    if (name.startsWith("__")) return builtin(name, scope.builtins) ?? match;
    const v = scope.variables[name];
    if (!v) return match;
    return render(v, format, where[offset!] ?? { kind: "code", quote: "" }) ?? match;
  });
}

/** Names of the variables an expression refers to (built-ins excluded), in order of first use. */
export function referencedVariables(expr: string): string[] {
  const names = new Set<string>();
  for (const m of expr.matchAll(REFERENCE)) {
    const name = (m[1] ?? m[3] ?? m[5])!;
    if (!name.startsWith("__")) names.add(name);
  }
  return [...names];
}

/** Built-in references (`$__name`) an expression uses that `interpolate` does not know. */
export function unknownBuiltins(expr: string): string[] {
  const out = new Set<string>();
  for (const m of expr.matchAll(REFERENCE)) {
    const name = (m[1] ?? m[3] ?? m[5])!;
    if (name.startsWith("__") && !BUILTIN_VARIABLES.includes(name)) out.add(`$${name}`);
  }
  return [...out];
}
