import { ExpositionError } from "./errors";
import {
  BACKSLASH,
  BRACE_CLOSE,
  BRACE_OPEN,
  COMMA,
  EQUALS,
  HASH,
  NEWLINE,
  QUOTE,
  SPACE,
  TAB,
  excerpt,
  isLabelNameChar,
  isLabelNameStart,
  isMetricNameChar,
  isMetricNameStart,
  unescape,
} from "./lexing";
import { checkLabelLimits, checkSampleLimit } from "./limits";
import { formatOpenMetricsFloat, parseFloatToken } from "./number";
import type { Labels, MetricMetadata, MetricType, ParseLimits, ParseResult, Sample } from "./types";
import { countLines, textOf } from "./utf8";

const NO_LABELS: Labels = Object.freeze([]);
// Past this many labels a linear duplicate scan costs more than a Set; hostile lines can carry thousands.
const LINEAR_DUPLICATE_SCAN = 16;
const INT64_MAX = "9223372036854775807";

const TEXT_TYPES: Record<string, MetricType> = {
  counter: "counter",
  gauge: "gauge",
  histogram: "histogram",
  summary: "summary",
  untyped: "unknown",
};

/**
 * Parses the Prometheus text format 0.0.4 as leniently as Prometheus's own parser (model/textparse
 * promparse): blanks and tabs between tokens, optional commas between labels, unknown escapes kept, metadata
 * anywhere and repeatable. Stricter on purpose: the whole body must be UTF-8 and a NUL byte at the start of a
 * line is an error (Prometheus silently stops parsing there).
 */
export function parsePrometheusText(input: string | Uint8Array, limits: ParseLimits = {}): ParseResult {
  return new PrometheusTextParser(textOf(input), limits).parse();
}

class PrometheusTextParser {
  private pos = 0;
  private lineStart = 0;
  private readonly samples: Sample[] = [];
  private readonly metadata = new Map<string, MetricMetadata>();
  private readonly checkLabels: boolean;

  constructor(
    private readonly s: string,
    private readonly limits: ParseLimits,
  ) {
    this.checkLabels =
      limits.labelLimit !== undefined ||
      limits.labelNameLengthLimit !== undefined ||
      limits.labelValueLengthLimit !== undefined;
  }

  parse(): ParseResult {
    const s = this.s;
    const len = s.length;
    while (this.pos < len) {
      this.lineStart = this.pos;
      this.skipBlanks();
      if (this.pos >= len) break;
      const c = s.charCodeAt(this.pos);
      if (c === NEWLINE) {
        this.pos++;
      } else if (c === HASH) {
        this.comment();
      } else if (isMetricNameStart(c)) {
        this.sample();
      } else {
        throw this.fail("expected a valid start token");
      }
    }
    return { samples: this.samples, metadata: this.metadata };
  }

  private comment(): void {
    const s = this.s;
    this.pos++;
    const afterHash = this.pos;
    this.skipBlanks();
    const keyword = s.slice(this.pos, this.pos + 4);
    const separator = s.charCodeAt(this.pos + 4);
    if (this.pos > afterHash && (keyword === "HELP" || keyword === "TYPE") && (separator === SPACE || separator === TAB)) {
      this.pos += 4;
      this.skipBlanks();
      this.metadataLine(keyword);
    } else {
      this.pos = this.endOfLine() + 1;
    }
  }

  private metadataLine(keyword: "HELP" | "TYPE"): void {
    const s = this.s;
    if (!isMetricNameStart(s.charCodeAt(this.pos))) throw this.fail(`expected metric name after ${keyword}`);
    const name = this.metricName();
    const eol = this.endOfLine();
    // Prometheus drops exactly one character (normally the separating blank) before the text.
    const text = eol - this.pos > 1 ? s.slice(this.pos + 1, eol) : "";
    const entry = this.metadataFor(name);
    if (keyword === "TYPE") {
      const type = TEXT_TYPES[text];
      if (type === undefined) throw this.error(`invalid metric type ${excerpt(text)}`);
      entry.type = type;
    } else {
      entry.help = text.includes("\\") ? unescape(text, false) : text;
    }
    this.pos = eol + 1;
  }

  private metadataFor(name: string): MetricMetadata {
    let entry = this.metadata.get(name);
    if (entry === undefined) {
      entry = { type: "unknown", help: undefined, unit: undefined };
      this.metadata.set(name, entry);
    }
    return entry;
  }

  private sample(): void {
    const s = this.s;
    const name = this.metricName();
    this.skipBlanks();
    const labels = s.charCodeAt(this.pos) === BRACE_OPEN ? this.labels(name) : NO_LABELS;
    this.skipBlanks();
    const valueStart = this.pos;
    let c = s.charCodeAt(this.pos);
    while (this.pos < s.length && c !== SPACE && c !== TAB && c !== NEWLINE && c !== BRACE_OPEN) {
      c = s.charCodeAt(++this.pos);
    }
    if (this.pos === valueStart) throw this.fail("expected value after metric");
    const value = parseFloatToken(s, valueStart, this.pos);
    if (value === undefined) {
      throw this.error(`invalid value ${excerpt(s.slice(valueStart, this.pos))} while parsing: ${this.lineExcerpt()}`);
    }
    this.skipBlanks();
    let timestampMs: number | undefined;
    c = s.charCodeAt(this.pos);
    if (c >= 48 && c <= 57) {
      timestampMs = this.timestamp();
      this.skipBlanks();
      if (this.pos < s.length && s.charCodeAt(this.pos) !== NEWLINE) throw this.fail("expected next entry after timestamp");
    } else if (this.pos < s.length && c !== NEWLINE) {
      throw this.fail("expected timestamp or new record");
    }
    this.pos++;
    if (this.checkLabels) checkLabelLimits(this.limits, name, labels, this.line);
    const count = this.samples.push({ name, labels, value, timestampMs });
    if (this.limits.sampleLimit !== undefined) checkSampleLimit(this.limits, count, this.line);
  }

  private metricName(): string {
    const s = this.s;
    const start = this.pos;
    while (isMetricNameChar(s.charCodeAt(this.pos))) this.pos++;
    return s.slice(start, this.pos);
  }

  private labels(metricName: string): Labels {
    const s = this.s;
    const labels: [string, string][] = [];
    let seen: Set<string> | undefined;
    this.pos++;
    for (;;) {
      this.skipBlanks();
      const c = s.charCodeAt(this.pos);
      if (c === BRACE_CLOSE) {
        this.pos++;
        return labels;
      }
      if (!isLabelNameStart(c)) throw this.fail("expected label name");
      const nameStart = this.pos;
      while (isLabelNameChar(s.charCodeAt(this.pos))) this.pos++;
      const name = s.slice(nameStart, this.pos);
      this.skipBlanks();
      if (s.charCodeAt(this.pos) !== EQUALS) throw this.fail("expected equal");
      this.pos++;
      this.skipBlanks();
      if (s.charCodeAt(this.pos) !== QUOTE) throw this.fail("expected label value");
      let value = this.quoted();
      if (name === "__name__") throw this.error(`label name "__name__" is not unique while parsing: ${this.lineExcerpt()}`);
      if (labels.length < LINEAR_DUPLICATE_SCAN) {
        for (const [existing] of labels) {
          if (existing === name) throw this.duplicate(name);
        }
      } else {
        seen ??= new Set(labels.map(([n]) => n));
        if (seen.has(name)) throw this.duplicate(name);
        seen.add(name);
      }
      if (name === "le" || name === "quantile") value = this.normalizedBound(metricName, name, value);
      labels.push([name, value]);
      this.skipBlanks();
      if (s.charCodeAt(this.pos) === COMMA) this.pos++;
    }
  }

  // Prometheus 3 rewrites histogram `le` and summary `quantile` values to one spelling (1 -> 1.0).
  private normalizedBound(metricName: string, labelName: string, value: string): string {
    const family = labelName === "le" ? (metricName.endsWith("_bucket") ? metricName.slice(0, -7) : undefined) : metricName;
    const wanted = labelName === "le" ? "histogram" : "summary";
    if (family === undefined || this.metadata.get(family)?.type !== wanted) return value;
    const parsed = parseFloatToken(value, 0, value.length);
    return parsed === undefined ? value : formatOpenMetricsFloat(parsed);
  }

  private quoted(): string {
    const s = this.s;
    const start = ++this.pos;
    let escaped = false;
    for (;;) {
      if (this.pos >= s.length) throw this.fail("expected label value");
      const c = s.charCodeAt(this.pos);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        if (this.pos + 1 >= s.length || s.charCodeAt(this.pos + 1) === NEWLINE) throw this.fail("expected label value");
        escaped = true;
        this.pos += 2;
      } else {
        this.pos++;
      }
    }
    const raw = s.slice(start, this.pos++);
    return escaped ? unescape(raw, true) : raw;
  }

  private timestamp(): number {
    const s = this.s;
    const start = this.pos;
    let value = 0;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      this.pos++;
    }
    const digits = this.pos - start;
    if (digits < 16) return value;
    // Beyond 15 digits the running sum may round; re-read the literal and apply Go's int64 range check.
    const text = s.slice(start, this.pos).replace(/^0+(?=\d)/, "");
    if (text.length > INT64_MAX.length || (text.length === INT64_MAX.length && text > INT64_MAX)) {
      throw this.error(`timestamp ${excerpt(text)} out of int64 range while parsing: ${this.lineExcerpt()}`);
    }
    return Number(text);
  }

  private skipBlanks(): void {
    const s = this.s;
    let c = s.charCodeAt(this.pos);
    while (c === SPACE || c === TAB) c = s.charCodeAt(++this.pos);
  }

  private endOfLine(): number {
    const eol = this.s.indexOf("\n", this.pos);
    return eol === -1 ? this.s.length : eol;
  }

  private duplicate(name: string): ExpositionError {
    return this.error(`label name ${excerpt(name)} is not unique while parsing: ${this.lineExcerpt()}`);
  }

  private readonly line = (): number => countLines(this.s, this.lineStart);

  private lineExcerpt(): string {
    return excerpt(this.s.slice(this.lineStart, Math.min(this.s.length, this.pos + 1)));
  }

  private error(message: string): ExpositionError {
    return new ExpositionError("parse", message, this.line());
  }

  // Messages follow promparse: what was expected, the offending token, and the line so far.
  private fail(expected: string): ExpositionError {
    const c = this.s.charCodeAt(this.pos);
    const got = this.pos >= this.s.length ? "EOF" : c === NEWLINE ? "LINEBREAK" : excerpt(this.s[this.pos] ?? "");
    return this.error(`${expected}, got ${got} while parsing: ${this.lineExcerpt()}`);
  }
}
