/** Prometheus's template functions (template/template.go), with identical output. */
import { parseDuration } from "./duration";
import { formatFloat, sprintf } from "./go-format";
import type { TemplateFunction } from "./template-execute";

/** Go's strconv.ParseFloat for the spellings Prometheus values come in. */
function parseGoFloat(s: string): number | undefined {
  const t = s.trim() === s ? s : "";
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) return t.startsWith("-") ? -Number(t.slice(1)) : Number(t.replace(/^\+/, ""));
  return undefined;
}

/** Prometheus's convertToFloat: floats, ints and numeric strings. */
export function toFloat(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    const f = parseGoFloat(v);
    if (f === undefined) throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
    return f;
  }
  throw new Error(`can't convert ${typeof v} to float`);
}

const g4 = (v: number) => formatFloat(v, "g", 4);

/** `humanize`: SI prefixes, 4 significant digits (1234567 → "1.235M"). */
export function humanize(i: unknown): string {
  let v = toFloat(i);
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  let prefix = "";
  if (Math.abs(v) >= 1) {
    for (const p of ["k", "M", "G", "T", "P", "E", "Z", "Y"]) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v) + prefix;
  }
  for (const p of ["m", "u", "n", "p", "f", "a", "z", "y"]) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v) + prefix;
}

/** `humanize1024`: binary prefixes (ki, Mi, …). */
export function humanize1024(i: unknown): string {
  let v = toFloat(i);
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  let prefix = "";
  for (const p of ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"]) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v) + prefix;
}

/** `humanizeDuration`: seconds as "1d 2h 3m 4s", or with sub-second prefixes. */
export function humanizeDuration(i: unknown): string {
  let v = toFloat(i);
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? "-" : "";
    v = Math.abs(v);
    const d = Math.trunc(v);
    const seconds = d % 60;
    const minutes = Math.trunc(d / 60) % 60;
    const hours = Math.trunc(d / 3600) % 24;
    const days = Math.trunc(d / 86400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(v)}s`;
  }
  let prefix = "";
  for (const p of ["m", "u", "n", "p", "f", "a", "z", "y"]) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${g4(v)}${prefix}s`;
}

/** `humanizePercentage`: a ratio as a percentage (0.1234 → "12.34%"). */
export function humanizePercentage(i: unknown): string {
  return `${g4(toFloat(i) * 100)}%`;
}

/** `humanizeTimestamp`: Unix seconds as Go's time.Time String() in UTC. */
export function humanizeTimestamp(i: unknown): string {
  const v = toFloat(i);
  if (!Number.isFinite(v)) return g4(v);
  // Prometheus goes through model.Time, so only milliseconds survive.
  const ms = Number(BigInt(Math.trunc(v * 1e9)) / 1_000_000n);
  const iso = new Date(ms).toISOString();
  const millis = ((ms % 1000) + 1000) % 1000;
  const frac = millis === 0 ? "" : `.${String(millis).padStart(3, "0").replace(/0+$/, "")}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac} +0000 UTC`;
}

/** A Go (RE2) regexp as a JS one: named groups are spelt (?P<name>…) in Go. */
function goRegExp(pattern: string, flags: string): RegExp {
  return new RegExp(pattern.replace(/\(\?P</g, "(?<"), flags);
}

/** Go regexp replacement syntax ($1, ${name}) → JS ($1, $<name>). */
function goReplacement(repl: string): string {
  return repl.replace(/\$(\$)|\$\{(\w+)\}|\$(\w+)/g, (_, dollar: string | undefined, braced: string | undefined, bare: string | undefined) => {
    if (dollar) return "$$";
    const name = (braced ?? bare) as string;
    return /^\d+$/.test(name) ? `$${name}` : `$<${name}>`;
  });
}

/** Go's strings.Title-like capitalisation of each word, leaving the rest untouched (cases.NoLower). */
function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** Prometheus's link to an expression in the graph UI (`strutil.GraphLinkForExpression`). */
export function graphLink(expr: string): string {
  return `/graph?g0.expr=${queryEscape(expr)}&g0.tab=0`;
}

/** Prometheus's link to an expression in the table UI; rules use it for alerts' generator URL. */
export function tableLink(expr: string): string {
  return `/graph?g0.expr=${queryEscape(expr)}&g0.tab=1`;
}

function unsupported(name: string): TemplateFunction {
  return () => {
    throw new Error(`${name} is not supported in Boardwatch templates yet`);
  };
}

/** The functions Prometheus registers for alert and console templates. */
export function prometheusFunctions(externalURL: string): Record<string, TemplateFunction> {
  return {
    humanize,
    humanize1024,
    humanizeDuration,
    humanizePercentage,
    humanizeTimestamp,
    printf: (format, ...args) => sprintf(String(format), args),
    toUpper: (s) => String(s).toUpperCase(),
    toLower: (s) => String(s).toLowerCase(),
    title: (s) => title(String(s)),
    match: (pattern, text) => goRegExp(String(pattern), "u").test(String(text)),
    reReplaceAll: (pattern, repl, text) => String(text).replace(goRegExp(String(pattern), "gu"), goReplacement(String(repl))),
    safeHtml: (s) => String(s),
    stripPort: (hostPort) => {
      const s = String(hostPort);
      const m = /^\[(.*)\]:\d*$/.exec(s) ?? /^([^:]*):\d*$/.exec(s);
      return m ? (m[1] as string) : s;
    },
    stripDomain: (hostPort) => {
      const s = String(hostPort);
      const m = /^([^:]*)(:\d+)?$/.exec(s);
      if (!m || /^\d+\.\d+\.\d+\.\d+$/.test(m[1] as string)) return s;
      return (m[1] as string).split(".")[0] + (m[2] ?? "");
    },
    parseDuration: (s) => parseDuration(String(s)) / 1000,
    externalURL: () => externalURL,
    pathPrefix: () => {
      try {
        return new URL(externalURL).pathname.replace(/\/$/, "");
      } catch {
        return "";
      }
    },
    args: (...args) => Object.fromEntries(args.map((a, i) => [`arg${i}`, a])),
    // Parsed so promtool-valid rules validate here too; they need the query engine at expansion time.
    query: unsupported("query"),
    first: unsupported("first"),
    label: unsupported("label"),
    value: unsupported("value"),
    strvalue: unsupported("strvalue"),
    sortByLabel: unsupported("sortByLabel"),
    graphLink: (expr) => graphLink(String(expr)),
    tableLink: (expr) => tableLink(String(expr)),
  };
}
