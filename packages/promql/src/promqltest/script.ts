import { goUnquote, parseDuration } from "../go-compat";
import type { Labels } from "../labels";

/** One position of a value sequence: a float, a stale marker, a missing point, or a native histogram (unsupported). */
export type SeqItem = { kind: "float"; value: number } | { kind: "stale" } | { kind: "missing" } | { kind: "histogram" };

export interface SeriesLine {
  labels: Labels;
  items: SeqItem[];
}

export interface LoadCommand {
  kind: "load";
  line: number;
  intervalMs: number;
  withNhcb: boolean;
  series: SeriesLine[];
}

export interface ClearCommand {
  kind: "clear";
  line: number;
}

export interface Expectations {
  fail: boolean;
  failMsg: string | undefined;
  failRegex: RegExp | undefined;
  warn: "any" | "none" | undefined;
  info: "any" | "none" | undefined;
  warnMatchers: ((s: string) => boolean)[];
  infoMatchers: ((s: string) => boolean)[];
  ordered: boolean;
  string: string | undefined;
  rangeVector: { start: number; end: number; step: number } | undefined;
}

export interface EvalCommand {
  kind: "eval";
  line: number;
  expr: string;
  instant: { timeMs: number } | undefined;
  range: { startMs: number; endMs: number; stepMs: number } | undefined;
  expect: Expectations;
  /** Expected series (labels + per-step items), or a bare scalar. */
  series: SeriesLine[];
  scalar: number | undefined;
}

export type Command = LoadCommand | ClearCommand | EvalCommand;

/** A script syntax problem, with the line it occurred on. */
export class ScriptError extends Error {}

function duration(s: string, line: number): number {
  const d = parseDuration(s);
  if (d === undefined) throw new ScriptError(`line ${line}: invalid duration ${JSON.stringify(s)}`);
  return d;
}

/** Parses a float like Go's strconv.ParseFloat as the scripts use it (Inf, NaN, hex ints). */
export function parseScriptNumber(s: string): number | undefined {
  const m = /^([+-]?)(.*)$/.exec(s);
  const sign = m?.[1] === "-" ? -1 : 1;
  const body = m?.[2] ?? "";
  if (/^inf(inity)?$/i.test(body)) return sign * Infinity;
  if (/^nan$/i.test(body)) return NaN;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) return sign * parseInt(body.slice(2), 16);
  if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) return sign * Number(body);
  return undefined;
}

/** Splits `name{labels} rest` into the series labels and the rest of the line. */
export function parseSeriesDesc(text: string, line: number): { labels: Labels; rest: string } {
  const labels: Labels = {};
  let i = 0;
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text);
  if (nameMatch) {
    labels.__name__ = nameMatch[0];
    i = nameMatch[0].length;
  }
  if (text[i] === "{") {
    i++;
    for (;;) {
      while (/[\s,]/.test(text[i] ?? "")) i++;
      if (text[i] === "}") {
        i++;
        break;
      }
      let name: string;
      const ident = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i));
      if (ident) {
        name = ident[0];
        i += name.length;
      } else if (text[i] === '"') {
        const q = readQuoted(text, i, line);
        name = q.value;
        i = q.end;
        while (/\s/.test(text[i] ?? "")) i++;
        if (text[i] === "," || text[i] === "}") {
          labels.__name__ = name; // `{"metric.name"}` names the series
          continue;
        }
      } else throw new ScriptError(`line ${line}: bad series description ${JSON.stringify(text)}`);
      while (/\s/.test(text[i] ?? "")) i++;
      if (text[i] !== "=") throw new ScriptError(`line ${line}: expected = in series description`);
      i++;
      while (/\s/.test(text[i] ?? "")) i++;
      const q = readQuoted(text, i, line);
      labels[name] = q.value;
      i = q.end;
    }
  } else if (!nameMatch) throw new ScriptError(`line ${line}: bad series description ${JSON.stringify(text)}`);
  return { labels, rest: text.slice(i).trim() };
}

function readQuoted(text: string, start: number, line: number): { value: string; end: number } {
  const q = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== q) i += text[i] === "\\" ? 2 : 1;
  const value = goUnquote(text.slice(start, i + 1));
  if (value === undefined) throw new ScriptError(`line ${line}: bad quoted string`);
  return { value, end: i + 1 };
}

/** Expands a value sequence (`1 _ stale 0+10x5 {{...}}`). */
export function parseSequence(text: string, line: number): SeqItem[] {
  const items: SeqItem[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < text.length; ) {
    if (/\s/.test(text[i] as string)) {
      i++;
      continue;
    }
    if (text.startsWith("{{", i)) {
      // A histogram literal (maybe with +{{...}}xN) runs until whitespace after the closing braces.
      let j = text.indexOf("}}", i);
      while (j >= 0 && /^}}[+-]\{\{/.test(text.slice(j, j + 5))) j = text.indexOf("}}", j + 2);
      const end = j < 0 ? text.length : j + 2;
      const rest = /^x\d+/.exec(text.slice(end))?.[0] ?? "";
      tokens.push(text.slice(i, end + rest.length));
      i = end + rest.length;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j] as string)) j++;
    tokens.push(text.slice(i, j));
    i = j;
  }
  for (const tok of tokens) {
    if (tok.startsWith("{{")) {
      const rep = /x(\d+)$/.exec(tok);
      const count = rep && tok.endsWith(rep[0]) && !tok.endsWith("}}") ? Number(rep[1]) + 1 : 1;
      for (let k = 0; k < count; k++) items.push({ kind: "histogram" });
      continue;
    }
    if (tok === "_") {
      items.push({ kind: "missing" });
      continue;
    }
    if (tok === "stale") {
      items.push({ kind: "stale" });
      continue;
    }
    const missing = /^_x(\d+)$/.exec(tok);
    if (missing) {
      for (let k = 0; k < Number(missing[1]); k++) items.push({ kind: "missing" });
      continue;
    }
    // Repetition wins over hex: `0x59` is 0 repeated, as upstream's lexer reads it.
    const exp = /^(.+?)x(\d+)$/.exec(tok);
    if (!exp) {
      const single = parseScriptNumber(tok);
      if (single === undefined) throw new ScriptError(`line ${line}: bad value ${JSON.stringify(tok)}`);
      items.push({ kind: "float", value: single });
      continue;
    }
    const spec = exp[1] as string;
    const times = Number(exp[2]);
    const plain = parseScriptNumber(spec);
    if (plain !== undefined) {
      for (let k = 0; k <= times; k++) items.push({ kind: "float", value: plain });
      continue;
    }
    // A+B or A-B: the operator is the first sign after the start that is not an exponent sign.
    const op = /^([+-]?(?:[^+-]|[eE][+-])+)([+-])(.+)$/.exec(spec);
    const a = op ? parseScriptNumber(op[1] as string) : undefined;
    const b = op ? parseScriptNumber(op[3] as string) : undefined;
    if (!op || a === undefined || b === undefined) throw new ScriptError(`line ${line}: bad value ${JSON.stringify(tok)}`);
    const inc = op[2] === "-" ? -b : b;
    let v = a;
    for (let k = 0; k <= times; k++) {
      items.push({ kind: "float", value: v });
      v += inc; // repeated addition accumulates rounding exactly as upstream does
    }
  }
  return items;
}

function emptyExpectations(): Expectations {
  return { fail: false, failMsg: undefined, failRegex: undefined, warn: undefined, info: undefined, warnMatchers: [], infoMatchers: [], ordered: false, string: undefined, rangeVector: undefined };
}

function applyExpectLine(ex: Expectations, text: string, line: number): void {
  const m = /^expect\s+(\S+)(?:\s+(msg|regex):\s?(.*))?(.*)$/.exec(text);
  if (!m) throw new ScriptError(`line ${line}: bad expect line`);
  const [, what, kind, arg = "", tail = ""] = m;
  const matcher = (): ((s: string) => boolean) => {
    if (kind === "msg") return (s) => s === arg.trim();
    const re = new RegExp(arg.trim());
    return (s) => re.test(s);
  };
  switch (what) {
    case "fail":
      ex.fail = true;
      if (kind === "msg") ex.failMsg = arg.trim();
      if (kind === "regex") ex.failRegex = new RegExp(arg.trim());
      return;
    case "warn":
      ex.warn = "any";
      if (kind) ex.warnMatchers.push(matcher());
      return;
    case "info":
      ex.info = "any";
      if (kind) ex.infoMatchers.push(matcher());
      return;
    case "no_warn":
      ex.warn = "none";
      return;
    case "no_info":
      ex.info = "none";
      return;
    case "ordered":
      ex.ordered = true;
      return;
    case "string": {
      const s = goUnquote(tail.trim());
      if (s === undefined) throw new ScriptError(`line ${line}: bad expect string`);
      ex.string = s;
      return;
    }
    case "range": {
      const r = /^vector\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)$/.exec(tail.trim());
      if (!r) throw new ScriptError(`line ${line}: bad expect range vector`);
      ex.rangeVector = { start: duration(r[1] as string, line), end: duration(r[2] as string, line), step: duration(r[3] as string, line) };
      return;
    }
    default:
      throw new ScriptError(`line ${line}: unknown expect ${JSON.stringify(what)}`);
  }
}

/** Parses a `.test` script into commands (see testdata/FORMAT.md). */
export function parseScript(content: string): Command[] {
  const lines = content.split("\n").map((l) => l.trim());
  const cmds: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] as string;
    if (header === "" || header.startsWith("#")) continue;
    const lineNo = i + 1;
    const word = (header.split(/\s+/)[0] ?? "").toLowerCase();
    const body: { text: string; line: number }[] = [];
    // `clear` is a single line; every other command runs until the next empty line.
    while (word !== "clear" && i + 1 < lines.length && (lines[i + 1] as string) !== "") {
      i++;
      const text = lines[i] as string;
      if (!text.startsWith("#")) body.push({ text, line: i + 1 });
    }
    if (word === "clear") {
      cmds.push({ kind: "clear", line: lineNo });
    } else if (word.startsWith("load")) {
      const m = /^load(_with_nhcb)?\s+(\S+)$/i.exec(header);
      if (!m) throw new ScriptError(`line ${lineNo}: bad load header`);
      const intervalMs = duration(m[2] as string, lineNo);
      const series = body.map(({ text, line }) => {
        const { labels, rest } = parseSeriesDesc(text, line);
        return { labels, items: parseSequence(rest, line) };
      });
      cmds.push({ kind: "load", line: lineNo, intervalMs, withNhcb: m[1] !== undefined, series });
    } else if (word.startsWith("eval")) {
      cmds.push(parseEval(header, body, lineNo));
    } else {
      throw new ScriptError(`line ${lineNo}: unknown command ${JSON.stringify(header)}`);
    }
  }
  return cmds;
}

function parseEval(header: string, body: { text: string; line: number }[], line: number): EvalCommand {
  const m = /^eval(?:_(fail|warn|info|ordered))?\s+(instant|range)\s+(.*)$/i.exec(header);
  if (!m) throw new ScriptError(`line ${line}: bad eval header`);
  const ex = emptyExpectations();
  const variant = m[1]?.toLowerCase();
  if (variant === "fail") ex.fail = true;
  if (variant === "warn") ex.warn = "any";
  if (variant === "info") ex.info = "any";
  if (variant === "ordered") ex.ordered = true;
  let instant: EvalCommand["instant"];
  let range: EvalCommand["range"];
  let expr: string;
  const rest = m[3] as string;
  if ((m[2] as string).toLowerCase() === "instant") {
    const im = /^at\s+(\S+)\s+(.+)$/.exec(rest);
    if (!im) throw new ScriptError(`line ${line}: bad instant eval`);
    instant = { timeMs: duration(im[1] as string, line) };
    expr = im[2] as string;
  } else {
    const rm = /^from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)\s+(.+)$/.exec(rest);
    if (!rm) throw new ScriptError(`line ${line}: bad range eval`);
    range = { startMs: duration(rm[1] as string, line), endMs: duration(rm[2] as string, line), stepMs: duration(rm[3] as string, line) };
    expr = rm[4] as string;
  }
  const series: SeriesLine[] = [];
  let scalar: number | undefined;
  for (const { text, line: l } of body) {
    if (/^expect\s/.test(text)) applyExpectLine(ex, text, l);
    else if (text.startsWith("expected_fail_message ")) ex.failMsg = text.slice("expected_fail_message ".length).trim();
    else if (text.startsWith("expected_fail_regexp ")) ex.failRegex = new RegExp(text.slice("expected_fail_regexp ".length).trim());
    else if (parseScriptNumber(text) !== undefined) scalar = parseScriptNumber(text);
    else {
      const { labels, rest: seq } = parseSeriesDesc(text, l);
      series.push({ labels, items: parseSequence(seq, l) });
    }
  }
  return { kind: "eval", line, expr, instant, range, expect: ex, series, scalar };
}
