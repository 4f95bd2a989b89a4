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
import { checkLabelLimits, checkSampleLimit, hasLabelLimits } from "./limits";
import { formatOpenMetricsFloat, parseFloatToken } from "./number";
import type { ExposedComment, KnownExposition, Labels, MetricMetadata, MetricType, ParseLimits, ParseResult, Sample } from "./types";
import { countLines, textOf } from "./utf8";

const NO_LABELS: Labels = Object.freeze([]);
// Past this many labels a linear duplicate scan costs more than a Set; hostile lines can carry thousands.
const LINEAR_DUPLICATE_SCAN = 16;
const INT64_MAX = "9223372036854775807";

const TEXT_TYPES: readonly (readonly [string, MetricType])[] = [
  ["counter", "counter"],
  ["gauge", "gauge"],
  ["histogram", "histogram"],
  ["summary", "summary"],
  ["untyped", "unknown"],
];

// Matches the TYPE word in place, sparing a substring per metadata line.
function typeAt(s: string, start: number, end: number): MetricType | undefined {
  for (const [word, type] of TEXT_TYPES) {
    if (end - start === word.length && s.startsWith(word, start)) return type;
  }
  return undefined;
}

/**
 * Parses the Prometheus text format 0.0.4 as leniently as Prometheus 3's own parser (model/textparse
 * promparse): blanks and tabs between tokens, optional commas between labels, unknown escapes kept, metadata
 * anywhere and repeatable, quoted UTF-8 names. Stricter on purpose: the whole body must be UTF-8 and a NUL byte at the start of a
 * line is an error (Prometheus silently stops parsing there).
 */
export function parsePrometheusText(input: string | Uint8Array, limits: ParseLimits = {}, known?: KnownExposition): ParseResult {
  return new PrometheusTextParser(textOf(input), limits, known).parse();
}

class PrometheusTextParser {
  private pos = 0;
  private lineStart = 0;
  private readonly samples: Sample[] = [];
  private readonly metadata = new Map<string, MetricMetadata>();
  private readonly boundSpellings = new Map<string, string>();
  private nameInBraces: string | undefined;
  private boundLabels = false;
  private lastFamily: string | undefined;
  private lastEntry: MetricMetadata | undefined;
  private readonly checkLabels: boolean;
  /** The comment lines so far, when there is a known exposition. */
  private readonly comments: ExposedComment[] | undefined;
  /** Leading comment lines equal to the known ones; those not yet applied to `metadata` start at `replayed`. */
  private repeated = 0;
  private replayed = 0;
  private diverged = false;

  constructor(
    private readonly s: string,
    private readonly limits: ParseLimits,
    private readonly known: KnownExposition | undefined,
  ) {
    this.checkLabels = hasLabelLimits(limits);
    if (known !== undefined) this.comments = [];
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
      } else if (isMetricNameStart(c) || c === BRACE_OPEN) {
        this.sample();
      } else {
        throw this.fail("expected a valid start token");
      }
    }
    const known = this.known;
    if (known === undefined) return { samples: this.samples, metadata: this.metadata };
    if (!this.diverged && this.repeated === known.comments.length) return { samples: this.samples, metadata: known.metadata, comments: this.comments };
    this.replay();
    return { samples: this.samples, metadata: this.metadata, comments: this.comments };
  }

  // While comment lines repeat the known ones they are only compared; their HELP and TYPE are applied to
  // `metadata` once something needs it, and never when every line repeats (the known metadata is returned).
  private comment(): void {
    const known = this.known;
    if (known === undefined) {
      this.parseComment();
      return;
    }
    const s = this.s;
    const start = this.pos;
    if (!this.diverged) {
      const expected = known.comments[this.repeated];
      if (expected !== undefined) {
        const end = start + expected.line.length;
        if ((end === s.length || s.charCodeAt(end) === NEWLINE) && s.startsWith(expected.line, start)) {
          this.repeated++;
          this.comments?.push(expected);
          this.pos = end + 1;
          return;
        }
      }
      this.replay();
      this.diverged = true;
    }
    const declared = this.parseComment();
    this.comments?.push({ line: s.slice(start, Math.min(this.pos - 1, s.length)), ...declared });
  }

  private replay(): void {
    const comments = this.known?.comments;
    if (comments === undefined) return;
    for (; this.replayed < this.repeated; this.replayed++) {
      const { family, type, help } = comments[this.replayed] as ExposedComment;
      if (family === undefined) continue;
      const entry = this.metadataFor(family);
      if (type !== undefined) entry.type = type;
      if (help !== undefined) entry.help = help;
    }
  }

  private parseComment(): Omit<ExposedComment, "line"> | undefined {
    const s = this.s;
    this.pos++;
    const afterHash = this.pos;
    this.skipBlanks();
    const at = this.pos;
    const keyword = s.startsWith("HELP", at) ? "HELP" : s.startsWith("TYPE", at) ? "TYPE" : undefined;
    const separator = s.charCodeAt(at + 4);
    if (at > afterHash && keyword !== undefined && (separator === SPACE || separator === TAB)) {
      this.pos += 4;
      this.skipBlanks();
      return this.metadataLine(keyword);
    }
    this.pos = this.endOfLine() + 1;
    return undefined;
  }

  private metadataLine(keyword: "HELP" | "TYPE"): Omit<ExposedComment, "line"> {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (!isMetricNameStart(c) && c !== QUOTE) throw this.fail(`expected metric name after ${keyword}`);
    const name = c === QUOTE ? this.quotedName(`expected metric name after ${keyword}`) : this.metricName();
    const eol = this.endOfLine();
    // Prometheus drops exactly one character (normally the separating blank) before the text.
    const textStart = Math.min(this.pos + 1, eol);
    const entry = this.metadataFor(name);
    if (keyword === "TYPE") {
      const type = typeAt(s, textStart, eol);
      if (type === undefined) throw this.error(`invalid metric type ${excerpt(s.slice(textStart, eol))}`);
      entry.type = type;
      this.pos = eol + 1;
      return { family: name, type };
    }
    const text = s.slice(textStart, eol);
    const help = text.includes("\\") ? unescape(text, false) : text;
    entry.help = help;
    this.pos = eol + 1;
    return { family: name, help };
  }

  // HELP and TYPE of a family usually sit on adjacent lines: remembering the last entry halves Map lookups.
  private metadataFor(name: string): MetricMetadata {
    if (name === this.lastFamily && this.lastEntry !== undefined) return this.lastEntry;
    let entry = this.metadata.get(name);
    if (entry === undefined) {
      entry = { type: "unknown", help: undefined, unit: undefined };
      this.metadata.set(name, entry);
    }
    this.lastFamily = name;
    this.lastEntry = entry;
    return entry;
  }

  private sample(): void {
    if (this.known !== undefined && this.knownSample(this.known)) return;
    const s = this.s;
    const seriesStart = this.pos;
    let name: string;
    let parsed: [string, string][] | undefined;
    let seriesEnd: number;
    if (s.charCodeAt(this.pos) === BRACE_OPEN) {
      parsed = this.labels(true);
      if (this.nameInBraces === undefined) throw this.error(`metric name not set while parsing: ${this.lineExcerpt()}`);
      name = this.nameInBraces;
      seriesEnd = this.pos;
    } else {
      name = this.metricName();
      seriesEnd = this.pos;
      this.skipBlanks();
      if (s.charCodeAt(this.pos) === BRACE_OPEN) {
        parsed = this.labels(false);
        seriesEnd = this.pos;
      }
    }
    if (parsed !== undefined && this.boundLabels) this.normalizeBounds(name, parsed);
    const labels: Labels = parsed ?? NO_LABELS;
    if (this.checkLabels) checkLabelLimits(this.limits, name, labels, this.line);
    this.valueAndTimestamp(name, labels, this.known === undefined ? undefined : s.slice(seriesStart, seriesEnd));
  }

  // A line that starts with the known series' text at this position, and a space, is that series: parsing the
  // text again would end exactly where it ends. Only a bare name may go on, with labels after blanks, so that
  // case is parsed. A comparison in place: slicing and hashing the text would cost as much as parsing it.
  private knownSample(known: KnownExposition): boolean {
    const s = this.s;
    const start = this.pos;
    const expected = known.series[this.samples.length];
    if (expected === undefined) return false;
    const end = start + expected.series.length;
    if (s.charCodeAt(end) !== SPACE || !s.startsWith(expected.series, start)) return false;
    this.pos = end;
    this.skipBlanks();
    if (s.charCodeAt(this.pos) === BRACE_OPEN) {
      this.pos = start;
      return false;
    }
    this.valueAndTimestamp(expected.name, expected.labels, expected.series);
    return true;
  }

  private valueAndTimestamp(name: string, labels: Labels, series: string | undefined): void {
    const s = this.s;
    const len = s.length;
    this.skipBlanks();
    const valueStart = this.pos;
    let pos = valueStart;
    let c = s.charCodeAt(pos);
    while (pos < len && c !== SPACE && c !== TAB && c !== NEWLINE && c !== BRACE_OPEN) c = s.charCodeAt(++pos);
    this.pos = pos;
    if (pos === valueStart) throw this.fail("expected value after metric");
    const value = parseFloatToken(s, valueStart, pos);
    if (value === undefined) {
      throw this.error(`invalid value ${excerpt(s.slice(valueStart, pos))} while parsing: ${this.lineExcerpt()}`);
    }
    this.skipBlanks();
    let timestampMs: number | undefined;
    c = s.charCodeAt(this.pos);
    if (c >= 48 && c <= 57) {
      timestampMs = this.timestamp();
      this.skipBlanks();
      if (this.pos < len && s.charCodeAt(this.pos) !== NEWLINE) throw this.fail("expected next entry after timestamp");
    } else if (this.pos < len && c !== NEWLINE) {
      throw this.fail("expected timestamp or new record");
    }
    this.pos++;
    const count = this.samples.push(series === undefined ? { name, labels, value, timestampMs } : { name, labels, value, timestampMs, series });
    if (this.limits.sampleLimit !== undefined) checkSampleLimit(this.limits, count, this.line);
  }

  private metricName(): string {
    const s = this.s;
    const start = this.pos;
    let pos = start + 1;
    while (isMetricNameChar(s.charCodeAt(pos))) pos++;
    this.pos = pos;
    return s.slice(start, pos);
  }

  // `nameAllowed`: the line started with a brace, so one bare quoted string may name the metric
  // (`{"my.metric", a="b"}`, Prometheus 3); it is left in `nameInBraces`.
  private labels(nameAllowed: boolean): [string, string][] {
    const s = this.s;
    const labels: [string, string][] = [];
    let seen: Set<string> | undefined;
    this.nameInBraces = undefined;
    this.boundLabels = false;
    this.pos++;
    for (;;) {
      this.skipBlanks();
      let pos = this.pos;
      const c = s.charCodeAt(pos);
      if (c === BRACE_CLOSE) {
        this.pos = pos + 1;
        return labels;
      }
      let name: string;
      if (c === QUOTE) {
        name = this.quotedName("expected label name");
        this.skipBlanks();
        const next = s.charCodeAt(this.pos);
        if (next === COMMA || next === BRACE_CLOSE) {
          if (!nameAllowed || this.nameInBraces !== undefined) {
            throw this.error(`metric name already set while parsing: ${this.lineExcerpt()}`);
          }
          this.nameInBraces = name;
          if (next === COMMA) this.pos++;
          continue;
        }
      } else if (isLabelNameStart(c)) {
        const nameStart = pos;
        while (isLabelNameChar(s.charCodeAt(++pos)));
        name = s.slice(nameStart, pos);
        this.pos = pos;
        this.skipBlanks();
      } else {
        throw this.fail("expected label name");
      }
      if (s.charCodeAt(this.pos) !== EQUALS) throw this.fail("expected equal");
      this.pos++;
      this.skipBlanks();
      if (s.charCodeAt(this.pos) !== QUOTE) throw this.fail("expected label value");
      const value = this.quoted("expected label value");
      if (name === "__name__") throw this.duplicate(name);
      if (labels.length < LINEAR_DUPLICATE_SCAN) {
        for (let i = 0; i < labels.length; i++) {
          if ((labels[i] as [string, string])[0] === name) throw this.duplicate(name);
        }
      } else {
        seen ??= new Set(labels.map(([n]) => n));
        if (seen.has(name)) throw this.duplicate(name);
        seen.add(name);
      }
      if (name === "le" || name === "quantile") this.boundLabels = true;
      labels.push([name, value]);
      this.skipBlanks();
      if (s.charCodeAt(this.pos) === COMMA) this.pos++;
    }
  }

  // Prometheus 3 rewrites histogram `le` and summary `quantile` values to one spelling (1 -> 1.0); bucket
  // bounds repeat across series, so each spelling is formatted once per parse.
  private normalizeBounds(metricName: string, labels: [string, string][]): void {
    for (const label of labels) {
      const [labelName, value] = label;
      if (labelName !== "le" && labelName !== "quantile") continue;
      const family = labelName === "quantile" ? metricName : metricName.endsWith("_bucket") ? metricName.slice(0, -7) : undefined;
      if (family === undefined) continue;
      this.replay();
      const type = family === this.lastFamily ? this.lastEntry?.type : this.metadata.get(family)?.type;
      if (type !== (labelName === "le" ? "histogram" : "summary")) continue;
      let normalized = this.boundSpellings.get(value);
      if (normalized === undefined) {
        const parsed = parseFloatToken(value, 0, value.length);
        normalized = parsed === undefined ? value : formatOpenMetricsFloat(parsed);
        this.boundSpellings.set(value, normalized);
      }
      label[1] = normalized;
    }
  }

  // A quoted metric or label name (Prometheus 3's UTF-8 names): any non-empty string.
  private quotedName(expected: string): string {
    const name = this.quoted(expected);
    if (name === "") throw this.error(`empty quoted name while parsing: ${this.lineExcerpt()}`);
    return name;
  }

  private quoted(expected: string): string {
    const s = this.s;
    const len = s.length;
    const start = ++this.pos;
    let pos = start;
    let escaped = false;
    for (;;) {
      if (pos >= len) {
        this.pos = pos;
        throw this.fail(expected);
      }
      const c = s.charCodeAt(pos);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        if (pos + 1 >= len || s.charCodeAt(pos + 1) === NEWLINE) {
          this.pos = pos;
          throw this.fail(expected);
        }
        escaped = true;
        pos += 2;
      } else {
        pos++;
      }
    }
    this.pos = pos + 1;
    const raw = s.slice(start, pos);
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
    let pos = this.pos;
    let c = s.charCodeAt(pos);
    while (c === SPACE || c === TAB) c = s.charCodeAt(++pos);
    this.pos = pos;
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
