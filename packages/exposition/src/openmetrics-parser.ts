import { ExpositionError } from "./errors";
import {
  BACKSLASH,
  BRACE_CLOSE,
  BRACE_OPEN,
  COMMA,
  EQUALS,
  HASH,
  QUOTE,
  SPACE,
  excerpt,
  isLabelNameChar,
  isLabelNameStart,
  isMetricNameChar,
  isMetricNameStart,
  isLegacyMetricName,
  labelValue,
  unescape,
} from "./lexing";
import { checkLabelLimits, checkSampleLimit, hasLabelLimits } from "./limits";
import { formatOpenMetricsFloat, isRealNumberToken, parseFloatToken } from "./number";
import type { Labels, MetricMetadata, MetricType, ParseLimits, ParseResult, Sample } from "./types";
import { textOf } from "./utf8";

const NO_LABELS: Labels = Object.freeze([]);
const MAX_EXEMPLAR_LABEL_CODE_POINTS = 128;

// Sample-name suffixes each family type may use (OpenMetrics 1.0, "Suffixes").
const TYPE_SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: ["_total", "_created"],
  summary: ["_count", "_sum", "_created", ""],
  histogram: ["_count", "_sum", "_bucket", "_created"],
  gaugehistogram: ["_gcount", "_gsum", "_bucket"],
  info: ["_info"],
  gauge: [""],
  stateset: [""],
  unknown: [""],
};
const OPENMETRICS_TYPES = new Set<string>(Object.keys(TYPE_SUFFIXES));

const COUNTER_LIKE = new Set(["_total", "_sum", "_count", "_bucket", "_gcount"]);
const NOT_NAN = new Set(["_total", "_sum", "_count", "_bucket", "_gcount", "_gsum"]);
// Histogram buckets and counts, summary counts (OpenMetrics 1.0: "Count and bucket values MUST be integers").
const INTEGER_VALUED = new Set(["_count", "_bucket", "_gcount"]);

/**
 * Parses OpenMetrics 1.0 text with the strictness of the OpenMetrics parser conformance suite: `# EOF`
 * required, no blank lines, single spaces, family grouping and ordering, per-type value rules, histogram
 * bucket order and counts. `_created` lines are returned as ordinary samples (as Prometheus does by
 * default); exemplars are validated and dropped.
 */
export function parseOpenMetrics(input: string | Uint8Array, limits: ParseLimits = {}): ParseResult {
  return new OpenMetricsParser(textOf(input), limits).parse();
}

interface Family {
  name: string;
  type: MetricType | undefined;
  help: string | undefined;
  unit: string | undefined;
  allowed: readonly string[];
  samples: number;
  group: string | undefined;
  groupTimestamp: number | undefined;
  seenGroups: Set<string>;
  histogram: HistogramGroup;
}

// Running checks over one histogram group (series of a family minus `le`, at one timestamp).
interface HistogramGroup {
  started: boolean;
  lastBound: number | undefined;
  lastBucketValue: number;
  count: number | undefined;
  hasNegativeBucket: boolean;
  hasSum: boolean;
  hasGsum: boolean;
  hasNegativeGsum: boolean;
}

function newHistogramGroup(): HistogramGroup {
  return {
    started: false,
    lastBound: undefined,
    lastBucketValue: 0,
    count: undefined,
    hasNegativeBucket: false,
    hasSum: false,
    hasGsum: false,
    hasNegativeGsum: false,
  };
}

class OpenMetricsParser {
  private pos = 0;
  private lineStart = 0;
  private lineEnd = 0;
  private lineNumber = 1;
  private readonly samples: Sample[] = [];
  private readonly metadata = new Map<string, MetricMetadata>();
  private readonly seenNames = new Set<string>();
  private family: Family | undefined;
  private readonly line = (): number => this.lineNumber;
  private readonly checkLabels: boolean;

  constructor(
    private readonly s: string,
    private readonly limits: ParseLimits,
  ) {
    this.checkLabels = hasLabelLimits(limits);
  }

  parse(): ParseResult {
    const s = this.s;
    let eof = false;
    for (; this.pos < s.length; this.lineNumber++) {
      this.lineStart = this.pos;
      const newline = s.indexOf("\n", this.pos);
      this.lineEnd = newline === -1 ? s.length : newline;
      if (this.lineEnd === this.lineStart) throw this.error("blank lines are not allowed");
      if (this.lineEnd - this.lineStart === 5 && s.startsWith("# EOF", this.lineStart)) {
        if (this.lineEnd + 1 < s.length) {
          this.lineNumber++;
          throw this.error("unexpected data after # EOF");
        }
        eof = true;
        break;
      }
      if (s.charCodeAt(this.pos) === HASH) this.metadataLine();
      else this.sample();
      this.pos = this.lineEnd + 1;
    }
    if (!eof) throw this.error("missing # EOF at the end of the exposition");
    this.finishFamily();
    return { samples: this.samples, metadata: this.metadata };
  }

  // `# <keyword> <name> <rest>`, single spaces; the rest may hold further spaces (HELP) or be empty.
  private metadataLine(): void {
    const s = this.s;
    const start = this.lineStart;
    const end = this.lineEnd;
    const keywordEnd = s.charCodeAt(start + 1) === SPACE ? s.indexOf(" ", start + 2) : -1;
    const nameEnd = keywordEnd === -1 || keywordEnd >= end ? -1 : s.indexOf(" ", keywordEnd + 1);
    if (nameEnd === -1 || nameEnd >= end) {
      throw this.error(`invalid line ${excerpt(s.slice(start, end))}: expected "# HELP|TYPE|UNIT <name> <text>" or "# EOF"`);
    }
    const keyword = s.slice(start + 2, keywordEnd);
    if (keyword !== "HELP" && keyword !== "TYPE" && keyword !== "UNIT") {
      throw this.error(`invalid line ${excerpt(s.slice(start, end))}: unknown metadata keyword ${excerpt(keyword)}`);
    }
    const name = s.slice(keywordEnd + 1, nameEnd);
    if (!isLegacyMetricName(name)) throw this.error(`invalid metric name ${excerpt(name)} in ${keyword}`);
    const rest = s.slice(nameEnd + 1, end);
    let family = this.family;
    if (family?.name === name && family.samples > 0) {
      throw this.error(`${keyword} for ${name} after its samples`);
    }
    if (family?.name !== name) family = this.startFamily(name, undefined);
    if (keyword === "HELP") {
      if (family.help !== undefined) throw this.error(`second HELP for ${name}`);
      family.help = unescape(rest, true);
    } else if (keyword === "TYPE") {
      if (family.type !== undefined) throw this.error(`second TYPE for ${name}`);
      if (!OPENMETRICS_TYPES.has(rest)) throw this.error(`invalid metric type ${excerpt(rest)}`);
      family.type = rest as MetricType;
      family.allowed = TYPE_SUFFIXES[family.type].map((suffix) => name + suffix);
    } else {
      if (family.unit !== undefined) throw this.error(`second UNIT for ${name}`);
      for (let i = 0; i < rest.length; i++) {
        if (!isMetricNameChar(rest.charCodeAt(i))) throw this.error(`invalid unit ${excerpt(rest)}`);
      }
      family.unit = rest;
    }
  }

  private startFamily(name: string, type: MetricType | undefined): Family {
    this.finishFamily();
    const family: Family = {
      name,
      type,
      help: undefined,
      unit: undefined,
      allowed: [name],
      samples: 0,
      group: undefined,
      groupTimestamp: undefined,
      seenGroups: new Set(),
      histogram: newHistogramGroup(),
    };
    this.family = family;
    return family;
  }

  private finishFamily(): void {
    const family = this.family;
    if (family === undefined) return;
    const type = family.type ?? "unknown";
    // A family claims the bare name and every suffixed name it may produce.
    const suffixes = TYPE_SUFFIXES[type];
    for (const suffix of suffixes.includes("") ? suffixes : [...suffixes, ""]) {
      const clashing = family.name + suffix;
      if (this.seenNames.has(clashing)) throw this.error(`metric name ${clashing} clashes with an earlier family`);
      this.seenNames.add(clashing);
    }
    if (family.unit) {
      if (!family.name.endsWith(`_${family.unit}`)) {
        throw this.error(`unit ${excerpt(family.unit)} is not a suffix of metric family name ${family.name}`);
      }
      if (type === "info" || type === "stateset") throw this.error(`${type} metric ${family.name} cannot have a unit`);
    }
    if (type === "histogram" || type === "gaugehistogram") this.finishHistogramGroup(family);
    if (family.type !== undefined || family.help !== undefined || family.unit !== undefined) {
      this.metadata.set(family.name, { type, help: family.help, unit: family.unit });
    }
    this.family = undefined;
  }

  private sample(): void {
    const s = this.s;
    const end = this.lineEnd;
    if (!isMetricNameStart(s.charCodeAt(this.pos))) throw this.fail("expected metric name");
    const nameStart = this.pos;
    while (this.pos < end && isMetricNameChar(s.charCodeAt(this.pos))) this.pos++;
    const name = s.slice(nameStart, this.pos);
    const labels = s.charCodeAt(this.pos) === BRACE_OPEN && this.pos < end ? this.labels() : NO_LABELS;
    this.expectSpace("expected a space before the value");
    const valueStart = this.pos;
    this.skipToken();
    const value = parseFloatToken(s, valueStart, this.pos);
    if (value === undefined) throw this.fail(`invalid value ${excerpt(s.slice(valueStart, this.pos))}`);
    let seconds: number | undefined;
    let timestampMs: number | undefined;
    let hasExemplar = false;
    if (this.pos < end) {
      this.expectSpace("expected a space before the timestamp");
      if (s.charCodeAt(this.pos) === HASH) {
        this.exemplar();
        hasExemplar = true;
      } else {
        const tsStart = this.pos;
        this.skipToken();
        if (!isRealNumberToken(s, tsStart, this.pos)) throw this.fail(`invalid timestamp ${excerpt(s.slice(tsStart, this.pos))}`);
        seconds = parseFloatToken(s, tsStart, this.pos);
        timestampMs = secondsToMs(s.slice(tsStart, this.pos), seconds ?? 0);
        if (this.pos < end) {
          this.expectSpace("expected a space before the exemplar");
          this.exemplar();
          hasExemplar = true;
        }
      }
    }

    let family = this.family;
    if (family === undefined || !family.allowed.includes(name)) family = this.startFamily(name, "unknown");
    const labelsWithBound = this.checkSample(family, name, labels, value, seconds, hasExemplar);
    family.samples++;
    if (this.checkLabels) checkLabelLimits(this.limits, name, labelsWithBound, this.line);
    const count = this.samples.push({ name, labels: labelsWithBound, value, timestampMs });
    if (this.limits.sampleLimit !== undefined) checkSampleLimit(this.limits, count, this.line);
  }

  // Applies the family-level rules of the conformance suite and returns the labels with `le`/`quantile`
  // normalised as Prometheus 3 stores them.
  private checkSample(
    family: Family,
    name: string,
    labels: Labels,
    value: number,
    seconds: number | undefined,
    hasExemplar: boolean,
  ): Labels {
    const type = family.type ?? "unknown";
    const suffix = name.slice(family.name.length);
    let result = labels;
    let groupLabel: string | undefined;
    if (type === "stateset") {
      if (labelValue(labels, family.name) === undefined) throw this.error(`stateset sample lacks label ${family.name}`);
      if (value !== 0 && value !== 1) throw this.error("stateset samples can only have values zero and one");
      groupLabel = family.name;
    } else if (type === "info" && value !== 1) {
      throw this.error("info samples can only have value one");
    }
    if ((type === "histogram" || type === "gaugehistogram") && suffix === "_bucket") {
      result = this.normalizeBound(labels, "le", false);
      groupLabel = "le";
    } else if (type === "summary" && suffix === "") {
      result = this.normalizeBound(labels, "quantile", true);
      groupLabel = "quantile";
      if (value < 0) throw this.error("quantile values cannot be negative");
    }
    if (NOT_NAN.has(suffix) && Number.isNaN(value)) throw this.error(`${name} is counter-like and cannot be NaN`);
    if (INTEGER_VALUED.has(suffix) && type !== "unknown" && !Number.isInteger(value)) {
      throw this.error(`${name} counts observations and must be an integer`);
    }
    if (COUNTER_LIKE.has(suffix) && value < 0) throw this.error(`${name} is counter-like and cannot be negative`);
    if (hasExemplar && !(suffix === "_bucket" && (type === "histogram" || type === "gaugehistogram")) && !(suffix === "_total" && type === "counter")) {
      throw this.error("only histogram and gaugehistogram buckets and counter totals can have exemplars");
    }

    const group = type === "info" ? "" : groupKey(labels, groupLabel);
    if (family.group !== undefined && group !== family.group && family.seenGroups.has(group)) {
      throw this.error(`samples of ${family.name} are not grouped: ${name} returns to an earlier label set`);
    }
    if (family.group !== undefined && group === family.group) {
      if ((seconds === undefined) !== (family.groupTimestamp === undefined)) {
        throw this.error(`mix of samples with and without timestamps in one group of ${family.name}`);
      }
      if (seconds !== undefined && family.groupTimestamp !== undefined && seconds < family.groupTimestamp && type !== "info") {
        throw this.error(`timestamps went backwards within a group of ${family.name}`);
      }
    }
    if (type === "histogram" || type === "gaugehistogram") {
      if (family.histogram.started && (group !== family.group || seconds !== family.groupTimestamp)) {
        this.finishHistogramGroup(family);
      }
      this.histogramSample(family.histogram, suffix, result, value);
    }
    family.group = group;
    family.groupTimestamp = seconds;
    family.seenGroups.add(group);
    return result;
  }

  private normalizeBound(labels: Labels, labelName: string, isQuantile: boolean): Labels {
    const index = labels.findIndex(([n]) => n === labelName);
    const raw = labels[index]?.[1];
    if (raw === undefined) throw this.error(`missing ${labelName} label`);
    const bound = parseFloatToken(raw, 0, raw.length);
    const canonicalInfinity = raw === "+Inf" || raw === "-Inf";
    if (bound === undefined || Number.isNaN(bound) || (!Number.isFinite(bound) && !canonicalInfinity)) {
      throw this.error(`invalid ${labelName} label value ${excerpt(raw)}`);
    }
    if (isQuantile && !(bound >= 0 && bound <= 1)) throw this.error(`quantile ${excerpt(raw)} is not between 0 and 1`);
    const normalized = formatOpenMetricsFloat(bound);
    if (normalized === raw) return labels;
    const copy = labels.slice();
    copy[index] = [labelName, normalized];
    return copy;
  }

  private histogramSample(h: HistogramGroup, suffix: string, labels: Labels, value: number): void {
    h.started = true;
    if (suffix === "_bucket") {
      const le = labelValue(labels, "le") ?? "";
      const bound = parseFloatToken(le, 0, le.length) ?? Number.NaN;
      if (bound < 0) h.hasNegativeBucket = true;
      if (h.lastBound !== undefined && bound <= h.lastBound) throw this.error("histogram buckets are out of order");
      if (value < h.lastBucketValue) throw this.error("histogram bucket values decrease");
      h.lastBound = bound;
      h.lastBucketValue = value;
    } else if (suffix === "_count" || suffix === "_gcount") {
      h.count = value;
    } else if (suffix === "_sum") {
      h.hasSum = true;
    } else if (suffix === "_gsum") {
      h.hasGsum = true;
      if (value < 0) h.hasNegativeGsum = true;
    }
  }

  // OpenMetrics requires a +Inf bucket per histogram point; a group made only of _count/_sum/_created is let
  // through (Prometheus accepts it and the conformance suite does not test it).
  private finishHistogramGroup(family: Family): void {
    const h = family.histogram;
    const name = family.name;
    if (!h.started) return;
    if (h.lastBound !== undefined && h.lastBound !== Infinity) throw this.error(`histogram ${name} lacks a +Inf bucket`);
    if (h.count !== undefined && h.lastBound !== undefined && h.count !== h.lastBucketValue) {
      throw this.error(`histogram ${name} count does not match its +Inf bucket`);
    }
    if (h.hasSum && h.count === undefined) throw this.error(`histogram ${name} has _sum but no _count`);
    if (h.hasGsum && h.count === undefined) throw this.error(`gauge histogram ${name} has _gsum but no _gcount`);
    if (!(h.hasSum || h.hasGsum) && h.count !== undefined) throw this.error(`histogram ${name} has a count but no sum`);
    if (h.hasNegativeBucket && h.hasSum) throw this.error(`histogram ${name} has negative buckets and a _sum`);
    if (!h.hasNegativeBucket && h.hasNegativeGsum) throw this.error(`gauge histogram ${name} has a negative _gsum without negative buckets`);
    family.histogram = newHistogramGroup();
  }

  private labels(): Labels {
    const s = this.s;
    const end = this.lineEnd;
    const labels: [string, string][] = [];
    const names = new Set<string>();
    this.pos++;
    if (s.charCodeAt(this.pos) === BRACE_CLOSE && this.pos < end) {
      this.pos++;
      return labels;
    }
    for (;;) {
      if (this.pos >= end || !isLabelNameStart(s.charCodeAt(this.pos))) throw this.fail("expected label name");
      const nameStart = this.pos;
      while (this.pos < end && isLabelNameChar(s.charCodeAt(this.pos))) this.pos++;
      const name = s.slice(nameStart, this.pos);
      if (this.pos >= end || s.charCodeAt(this.pos) !== EQUALS) throw this.fail("expected equal");
      this.pos++;
      if (this.pos >= end || s.charCodeAt(this.pos) !== QUOTE) throw this.fail("expected label value");
      const value = this.quoted();
      if (names.has(name)) throw this.error(`label name ${excerpt(name)} is not unique`);
      names.add(name);
      labels.push([name, value]);
      const c = s.charCodeAt(this.pos);
      if (this.pos < end && c === BRACE_CLOSE) {
        this.pos++;
        return labels;
      }
      if (this.pos >= end || c !== COMMA) throw this.fail("expected comma or brace close");
      this.pos++;
    }
  }

  private quoted(): string {
    const s = this.s;
    const end = this.lineEnd;
    const start = ++this.pos;
    let escaped = false;
    for (;;) {
      if (this.pos >= end) throw this.fail("unterminated label value");
      const c = s.charCodeAt(this.pos);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        if (this.pos + 1 >= end) throw this.fail("unterminated label value");
        escaped = true;
        this.pos += 2;
      } else {
        this.pos++;
      }
    }
    const raw = s.slice(start, this.pos++);
    return escaped ? unescape(raw, true) : raw;
  }

  private exemplar(): void {
    const s = this.s;
    if (!s.startsWith("# ", this.pos) || this.pos + 2 > this.lineEnd) throw this.fail("expected exemplar");
    this.pos += 2;
    if (s.charCodeAt(this.pos) !== BRACE_OPEN || this.pos >= this.lineEnd) throw this.fail("expected exemplar labels");
    const labels = this.labels();
    let codePoints = 0;
    for (const [name, value] of labels) codePoints += countCodePoints(name) + countCodePoints(value);
    if (codePoints > MAX_EXEMPLAR_LABEL_CODE_POINTS) {
      throw this.error(`exemplar labels have ${codePoints} code points, more than ${MAX_EXEMPLAR_LABEL_CODE_POINTS}`);
    }
    this.expectSpace("expected a space before the exemplar value");
    const valueStart = this.pos;
    this.skipToken();
    if (parseFloatToken(s, valueStart, this.pos) === undefined) throw this.fail("invalid exemplar value");
    if (this.pos < this.lineEnd) {
      this.expectSpace("expected a space before the exemplar timestamp");
      const tsStart = this.pos;
      this.skipToken();
      if (!isRealNumberToken(s, tsStart, this.pos)) throw this.fail("invalid exemplar timestamp");
      if (this.pos < this.lineEnd) throw this.fail("expected end of line after the exemplar");
    }
  }

  private expectSpace(message: string): void {
    if (this.pos >= this.lineEnd || this.s.charCodeAt(this.pos) !== SPACE) throw this.fail(message);
    this.pos++;
  }

  private skipToken(): void {
    const s = this.s;
    while (this.pos < this.lineEnd && s.charCodeAt(this.pos) !== SPACE) this.pos++;
  }

  private error(message: string): ExpositionError {
    return new ExpositionError("parse", message, this.lineNumber);
  }

  private fail(expected: string): ExpositionError {
    const got = this.pos >= this.lineEnd ? "end of line" : excerpt(this.s[this.pos] ?? "");
    return this.error(`${expected}, got ${got} while parsing: ${excerpt(this.s.slice(this.lineStart, this.lineEnd))}`);
  }
}

// Identifies a sample's group (its labels minus `without`, in name order). Label names cannot contain `=`
// and each value is length-prefixed, so distinct label sets never share a key.
function groupKey(labels: Labels, without: string | undefined): string {
  let pairs = labels;
  for (let i = 1; i < labels.length; i++) {
    if ((labels[i - 1] as readonly [string, string])[0] > (labels[i] as readonly [string, string])[0]) {
      pairs = labels.slice().sort((a, b) => (a[0] < b[0] ? -1 : 1));
      break;
    }
  }
  let key = "";
  for (const [name, value] of pairs) {
    if (name !== without) key += `${name}=${value.length}:${value},`;
  }
  return key;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) count++;
  }
  return count;
}

// OpenMetrics timestamps are seconds; the decimal digits are shifted rather than multiplied so that 1.005 s
// is 1005 ms and not 1004.9999 ms truncated. Sub-millisecond digits are dropped, as Prometheus does.
function secondsToMs(token: string, seconds: number): number {
  const dot = token.indexOf(".");
  if (token.includes("e") || token.includes("E") || dot === -1) return Math.trunc(seconds * 1000);
  const whole = token.slice(0, dot);
  const millis = `${token.slice(dot + 1)}000`.slice(0, 3);
  return Number(`${whole === "" || whole === "+" || whole === "-" ? `${whole}0` : whole}${millis}`);
}
