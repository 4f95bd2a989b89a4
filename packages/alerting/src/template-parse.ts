/** Parser for Go text/template syntax (the subset Prometheus and Alertmanager templates use). */

export type TemplateNode =
  | { kind: "text"; text: string }
  | { kind: "action"; pipe: Pipe; line: number }
  | ControlNode<"if" | "with">
  | ControlNode<"range">
  | { kind: "break" | "continue"; line: number };

export interface ControlNode<K extends string> {
  kind: K;
  pipe: Pipe;
  list: TemplateNode[];
  elseList: TemplateNode[] | undefined;
  line: number;
}

export interface Pipe {
  decl: string[];
  /** `=` re-assigns existing variables, `:=` declares new ones. */
  assign: boolean;
  cmds: Command[];
}

export interface Command {
  args: Operand[];
}

export type Operand =
  | { kind: "dot" }
  | { kind: "field"; chain: string[] }
  | { kind: "variable"; name: string; chain: string[] }
  | { kind: "function"; name: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number | bigint }
  | { kind: "bool"; value: boolean }
  | { kind: "nil" }
  | { kind: "pipe"; pipe: Pipe; chain: string[] };

/** A template parse or execution error, formatted like Go's `template: name:line: message`. */
export class TemplateError extends Error {
  constructor(
    readonly templateName: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`template: ${templateName}:${line}: ${reason}`);
    this.name = "TemplateError";
  }
}

/** `sp` records whether whitespace preceded the token: `.a.b` is one chain, `.a .b` two operands. */
type Token = { t: "ident" | "field" | "variable" | "string" | "number" | "char" | "|" | "(" | ")" | ":=" | "=" | ","; v: string; sp: boolean };

const identRe = /^[A-Za-z_][A-Za-z0-9_]*/;
const fieldRe = /^\.[A-Za-z_][A-Za-z0-9_]*/;
const varRe = /^\$[A-Za-z0-9_]*/;
const numberRe = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)/;
const stringRe = /^"(?:[^"\\\n]|\\.)*"/;
const rawRe = /^`[^`]*`/;
const charRe = /^'(?:[^'\\\n]|\\.)+'/;

function lexAction(src: string, fail: (msg: string) => never): Token[] {
  const out: Token[] = [];
  let s = src;
  let sp = false;
  const push = (t: Token["t"], v: string, len: number) => {
    out.push({ t, v, sp });
    sp = false;
    s = s.slice(len);
  };
  while (s.length > 0) {
    const ws = /^\s+/.exec(s);
    if (ws) {
      s = s.slice(ws[0].length);
      sp = true;
      continue;
    }
    let m: RegExpExecArray | null;
    if (s.startsWith(":=")) push(":=", ":=", 2);
    else if ("|(),=".includes(s[0] as string)) push(s[0] as "|", s[0] as string, 1);
    else if ((m = fieldRe.exec(s))) push("field", m[0].slice(1), m[0].length);
    else if ((m = varRe.exec(s))) push("variable", m[0], m[0].length);
    else if ((m = stringRe.exec(s) ?? rawRe.exec(s))) push("string", m[0], m[0].length);
    else if ((m = charRe.exec(s))) push("char", m[0], m[0].length);
    else if (s[0] === "." && !/^\.\d/.test(s)) push("field", "", 1);
    else if ((m = numberRe.exec(s)) && /\d/.test(m[0])) push("number", m[0], m[0].length);
    else if ((m = identRe.exec(s))) push("ident", m[0], m[0].length);
    else if (s.startsWith('"') || s.startsWith("`")) fail("unterminated quoted string");
    else fail(`unexpected ${JSON.stringify(s[0])} in command`);
  }
  return out;
}

function unquote(lit: string, fail: (msg: string) => never): string {
  if (lit.startsWith("`")) return lit.slice(1, -1);
  try {
    // Go and JSON escapes agree for the common cases; Go's \x, \a, \v and \U need translating.
    const json = lit
      .replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")
      .replace(/\\a/g, "\\u0007")
      .replace(/\\v/g, "\\u000b")
      .replace(/\\'/g, "'")
      .replace(/\\U([0-9a-fA-F]{8})/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)));
    return JSON.parse(json) as string;
  } catch {
    return fail(`invalid syntax: ${lit}`);
  }
}

interface Segment {
  kind: "text" | "action";
  text: string;
  line: number;
}

function segment(src: string, fail: (line: number, msg: string) => never): Segment[] {
  const segs: Segment[] = [];
  let i = 0;
  let line = 1;
  let trimNext = false;
  const lines = (a: number, b: number) => (src.slice(a, b).match(/\n/g) ?? []).length;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, "");
    // `{{- ` trims the whitespace before the action; the whitespace after the dash is required.
    const leftTrim = open >= 0 && /^\{\{-\s/.test(src.slice(open, open + 4));
    if (leftTrim) text = text.replace(/\s+$/, "");
    segs.push({ kind: "text", text, line });
    if (open < 0) break;
    line += lines(i, open);
    const start = open + (leftTrim ? 4 : 2);
    let end: number;
    if (src.startsWith("/*", start)) {
      const close = src.indexOf("*/", start);
      if (close < 0) fail(line, "unclosed comment");
      end = src.indexOf("}}", close);
      if (end < 0 || !/^\*\/(\s-)?$/.test(src.slice(close, end))) fail(line, "comment ends before closing delimiter");
    } else {
      end = findClose(src, start);
      if (end < 0) fail(line, "unclosed action");
      segs.push({ kind: "action", text: src.slice(start, end).replace(/\s-$/, ""), line });
    }
    // ` -}}` trims the whitespace after the action.
    trimNext = /\s-$/.test(src.slice(start, end));
    line += lines(open, end);
    i = end + 2;
  }
  return segs;
}

/** The index of the `}}` closing an action, skipping quoted strings. */
function findClose(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "`" || c === "'") {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === "\\" && c !== "`") i++;
      continue;
    }
    if (c === "}" && src[i + 1] === "}") return i;
  }
  return -1;
}

/** Parses a template; function names are checked against `functions` and variables against their scopes, as Go does. */
export function parseTemplate(name: string, src: string, functions: ReadonlySet<string>): TemplateNode[] {
  const fail = (line: number, msg: string): never => {
    throw new TemplateError(name, line, msg);
  };
  const segs = segment(src, fail);
  let pos = 0;
  const scopes: string[][] = [["$"]];
  let rangeDepth = 0;

  const declared = (v: string) => scopes.some((s) => s.includes(v));

  function parseList(terminators: string[]): { list: TemplateNode[]; end: string; endSeg: Segment | undefined; rest: Token[] } {
    const list: TemplateNode[] = [];
    while (pos < segs.length) {
      const seg = segs[pos++] as Segment;
      if (seg.kind === "text") {
        if (seg.text !== "") list.push({ kind: "text", text: seg.text });
        continue;
      }
      const f = (msg: string): never => fail(seg.line, msg);
      const toks = lexAction(seg.text, f);
      const head = toks[0];
      if (!head) return f("missing value for command");
      if (head.t === "ident" && (head.v === "end" || head.v === "else")) {
        if (!terminators.includes(head.v)) f(`unexpected {{${head.v}}}`);
        return { list, end: head.v, endSeg: seg, rest: toks.slice(1) };
      }
      if (head.t === "ident" && (head.v === "if" || head.v === "with" || head.v === "range")) {
        list.push(parseControl(head.v, toks.slice(1), seg));
        continue;
      }
      if (head.t === "ident" && (head.v === "break" || head.v === "continue")) {
        if (rangeDepth === 0) f(`{{${head.v}}} outside {{range}}`);
        if (toks.length > 1) f(`unexpected ${toks[1]?.v} in {{${head.v}}}`);
        list.push({ kind: head.v, line: seg.line });
        continue;
      }
      if (head.t === "ident" && ["define", "template", "block"].includes(head.v)) f(`{{${head.v}}} is not supported`);
      list.push({ kind: "action", pipe: parsePipe(toks, f, true), line: seg.line });
    }
    if (terminators.length > 0) fail(segs[segs.length - 1]?.line ?? 1, "unexpected EOF");
    return { list, end: "", endSeg: undefined, rest: [] };
  }

  function parseControl(kind: "if" | "with" | "range", toks: Token[], seg: Segment): TemplateNode {
    const f = (msg: string): never => fail(seg.line, msg);
    scopes.push([]);
    const pipe = parsePipe(toks, f, true);
    if (pipe.cmds.length === 0) f(`missing value for ${kind}`);
    if (kind === "range") rangeDepth++;
    const body = parseList(["end", "else"]);
    if (kind === "range") rangeDepth--;
    let elseList: TemplateNode[] | undefined;
    if (body.end === "else") {
      const chained = body.rest[0];
      if (chained && chained.t === "ident" && (chained.v === "if" || chained.v === "with")) {
        // `{{else if x}}` is sugar for `{{else}}{{if x}}…{{end}}` sharing the outer {{end}}.
        elseList = [parseControl(chained.v, body.rest.slice(1), body.endSeg as Segment)];
      } else {
        if (body.rest.length > 0) f(`unexpected ${body.rest[0]?.v} in else`);
        const e = parseList(["end"]);
        elseList = e.list;
      }
    }
    scopes.pop();
    const node = { pipe, list: body.list, elseList, line: seg.line };
    return kind === "range" ? { kind, ...node } : { kind, ...node };
  }

  function parsePipe(toks: Token[], f: (msg: string) => never, allowDecl: boolean): Pipe {
    let i = 0;
    const decl: string[] = [];
    let assign = false;
    // Declarations: `$x :=`, `$x =`, or `$i, $v :=` (range only).
    const declEnd = toks.findIndex((t) => t.t === ":=" || t.t === "=");
    if (allowDecl && declEnd > 0 && toks.slice(0, declEnd).every((t, k) => (k % 2 === 0 ? t.t === "variable" : t.t === ","))) {
      for (let k = 0; k < declEnd; k += 2) decl.push((toks[k] as Token).v);
      assign = toks[declEnd]?.t === "=";
      if (decl.length > 2) f("too many declarations in command");
      i = declEnd + 1;
      if (assign) for (const v of decl) if (!declared(v)) f(`undefined variable "${v}"`);
    }
    const cmds: Command[] = [];
    let args: Operand[] = [];
    const finish = () => {
      if (args.length === 0) f("missing value for command");
      cmds.push({ args });
      args = [];
    };
    while (i < toks.length) {
      const t = toks[i] as Token;
      if (t.t === "|") {
        finish();
        i++;
        continue;
      }
      const [op, next] = parseOperand(toks, i, f);
      args.push(op);
      i = next;
    }
    if (args.length > 0 || cmds.length > 0) finish();
    if (!assign) (scopes[scopes.length - 1] as string[]).push(...decl);
    return { decl, assign, cmds };
  }

  function parseOperand(toks: Token[], i: number, f: (msg: string) => never): [Operand, number] {
    const t = toks[i] as Token;
    let op: Operand;
    let j = i + 1;
    switch (t.t) {
      case "field":
        op = t.v === "" ? { kind: "dot" } : { kind: "field", chain: [t.v] };
        break;
      case "variable":
        if (!declared(t.v)) f(`undefined variable "${t.v}"`);
        op = { kind: "variable", name: t.v, chain: [] };
        break;
      case "string":
        op = { kind: "string", value: unquote(t.v, f) };
        break;
      case "char":
        op = { kind: "number", value: BigInt((unquote(`"${t.v.slice(1, -1)}"`, f).codePointAt(0) ?? 0) as number) };
        break;
      case "number": {
        const lit = t.v.replace(/_/g, "");
        const isInt = /^[+-]?(0[xXbBoO][0-9a-fA-F]+|\d+)$/.test(lit);
        op = { kind: "number", value: isInt ? BigInt(lit.replace(/^\+/, "")) : Number(lit) };
        break;
      }
      case "ident":
        if (t.v === "true" || t.v === "false") op = { kind: "bool", value: t.v === "true" };
        else if (t.v === "nil") op = { kind: "nil" };
        else {
          if (!functions.has(t.v)) f(`function "${t.v}" not defined`);
          op = { kind: "function", name: t.v };
        }
        break;
      case "(": {
        let depth = 1;
        let k = j;
        for (; k < toks.length && depth > 0; k++) {
          if (toks[k]?.t === "(") depth++;
          if (toks[k]?.t === ")") depth--;
        }
        if (depth > 0) f("unclosed left paren");
        op = { kind: "pipe", pipe: parsePipe(toks.slice(j, k - 1), f, false), chain: [] };
        j = k;
        break;
      }
      default:
        return f(`unexpected "${t.v}" in operand`);
    }
    // Field chains: `.a.b`, `$x.a`, `(pipe).a`.
    while (j < toks.length && toks[j]?.t === "field" && toks[j]?.v !== "" && !toks[j]?.sp) {
      const name = (toks[j] as Token).v;
      if (op.kind === "field" || op.kind === "variable" || op.kind === "pipe") op.chain.push(name);
      else if (op.kind === "dot") op = { kind: "field", chain: [name] };
      else f(`unexpected . after term`);
      j++;
    }
    return [op, j];
  }

  return parseList([]).list;
}
