// Character classes and small scanners shared by the text and OpenMetrics parsers.

export const TAB = 9;
export const NEWLINE = 10;
export const SPACE = 32;
export const QUOTE = 34;
export const HASH = 35;
export const COMMA = 44;
export const EQUALS = 61;
export const BACKSLASH = 92;
export const BRACE_OPEN = 123;
export const BRACE_CLOSE = 125;

/** `[a-zA-Z_:]`: the first character of a legacy metric name. */
export function isMetricNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
}

/** `[a-zA-Z0-9_:]`. */
export function isMetricNameChar(c: number): boolean {
  return isMetricNameStart(c) || (c >= 48 && c <= 57);
}

/** `[a-zA-Z_]`: the first character of a label name. */
export function isLabelNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** `[a-zA-Z0-9_]`. */
export function isLabelNameChar(c: number): boolean {
  return isLabelNameStart(c) || (c >= 48 && c <= 57);
}

/** True when `name` fits the legacy metric-name charset `[a-zA-Z_:][a-zA-Z0-9_:]*` (OpenMetrics 1.0, Prometheus 2). */
export function isLegacyMetricName(name: string): boolean {
  if (name.length === 0 || !isMetricNameStart(name.charCodeAt(0))) return false;
  for (let i = 1; i < name.length; i++) if (!isMetricNameChar(name.charCodeAt(i))) return false;
  return true;
}

/** True when `name` fits the legacy label-name charset `[a-zA-Z_][a-zA-Z0-9_]*` (OpenMetrics 1.0, Prometheus 2). */
export function isLegacyLabelName(name: string): boolean {
  if (name.length === 0 || !isLabelNameStart(name.charCodeAt(0))) return false;
  for (let i = 1; i < name.length; i++) if (!isLabelNameChar(name.charCodeAt(i))) return false;
  return true;
}

/** Undoes `\\`, `\n` and, when `quotes` is set, `\"`; any other backslash pair is kept as written (as Prometheus does). */
export function unescape(raw: string, quotes: boolean): string {
  let out = "";
  let from = 0;
  for (let i = raw.indexOf("\\"); i !== -1 && i + 1 < raw.length; i = raw.indexOf("\\", i)) {
    const next = raw.charCodeAt(i + 1);
    const replacement = next === BACKSLASH ? "\\" : next === 110 ? "\n" : quotes && next === QUOTE ? '"' : undefined;
    if (replacement === undefined) {
      i += 2;
      continue;
    }
    out += raw.slice(from, i) + replacement;
    from = i + 2;
    i += 2;
  }
  return out + raw.slice(from);
}

/** A short, quoted excerpt of `text` for error messages. */
export function excerpt(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}...` : text);
}

/** Finds a label by name in exposition-order pairs. */
export function labelValue(labels: readonly (readonly [string, string])[], name: string): string | undefined {
  for (const [n, v] of labels) if (n === name) return v;
  return undefined;
}
