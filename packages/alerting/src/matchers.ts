/** Alertmanager label matchers (`severity="critical"`, `board=~"b-.*"`, `{a!="x", b!~"y"}`), anchored like Alertmanager's. */
import { matchLabel, type Labels } from "@boardwatch/promql";

export type MatchType = "=" | "!=" | "=~" | "!~";

export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
}

const matcherRe = /^\s*("(?:[^"\\]|\\.)*"|[^\s=!~"{},]+)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|[^"{},]*?)\s*$/;

function unquote(s: string, input: string): string {
  if (!s.startsWith('"')) return s;
  try {
    return JSON.parse(s) as string;
  } catch {
    throw new Error(`bad matcher format: ${input}`);
  }
}

/** Splits on commas outside quoted strings. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quoted && c === "\\") {
      cur += c + (s[++i] ?? "");
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts.filter((p) => p.trim() !== "");
}

/** Parses one matcher or a `{…}` list of them; throws with Alertmanager-like messages, including for invalid regexes. */
export function parseMatchers(input: string): Matcher[] {
  const trimmed = input.trim();
  const body = trimmed.startsWith("{") ? (trimmed.endsWith("}") ? trimmed.slice(1, -1) : `${trimmed.slice(1)}\u0000`) : trimmed;
  if (body.includes("\u0000")) throw new Error(`bad matcher format: ${input}`);
  return splitTopLevel(body).map((part) => {
    const m = matcherRe.exec(part);
    if (!m) throw new Error(`bad matcher format: ${part.trim()}`);
    const matcher: Matcher = { name: unquote(m[1] as string, part), type: m[2] as MatchType, value: unquote(m[3] as string, part) };
    if (matcher.type === "=~" || matcher.type === "!~") {
      try {
        matchLabel(matcher, {});
      } catch (e) {
        throw new Error(`invalid regular expression ${JSON.stringify(matcher.value)} in matcher ${part.trim()}: ${(e as Error).message}`);
      }
    }
    return matcher;
  });
}

/** Whether a matcher accepts a value. */
export function matchLabelValue(m: Matcher, value: string): boolean {
  return matchLabel(m, { [m.name]: value });
}

/** Whether every matcher accepts the label set (absent labels read as ""). */
export function matchesAll(matchers: Matcher[], labels: Labels): boolean {
  return matchers.every((m) => matchLabel(m, labels));
}

/** Renders one matcher as Alertmanager prints it: `a=~"b"`. */
export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.type}${JSON.stringify(m.value)}`;
}

/** Renders matchers the way Alertmanager prints them: `{a="b",c=~"d"}`. */
export function formatMatchers(matchers: Matcher[]): string {
  return `{${matchers.map(formatMatcher).join(",")}}`;
}
