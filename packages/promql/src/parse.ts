import type { SyntaxNode, Tree } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import type {
  AggregationOp,
  AtModifier,
  BinaryOp,
  DurationExpr,
  Expr,
  LabelMatcher,
  MatchType,
  PositionRange,
  Subquery,
  ValueType,
  VectorMatching,
  VectorSelector,
} from "./ast";
import { isComparisonOp, isSetOp } from "./ast";
import { evalDuration, secondsToMs } from "./duration-expr";
import { AGGREGATIONS, FUNCTIONS } from "./functions";
import { compileAnchoredRegex, goUnquote, parseDuration } from "./go-compat";

/** A PromQL syntax or type error with the offending source range, formatted like Prometheus's `ParseErr`. */
export class ParseError extends Error {
  constructor(
    readonly reason: string,
    readonly position: PositionRange,
    readonly input: string,
  ) {
    const { line, column } = lineColumn(input, position.start);
    super(`${line}:${column}: parse error: ${reason}`);
    this.name = "ParseError";
  }
}

/** 1-based line and column of an offset, as Prometheus prints them in errors and annotations. */
export function lineColumn(input: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < input.length; i++) {
    if (input[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Human-readable value type names used in Prometheus error messages. */
export function documentedType(t: ValueType): string {
  switch (t) {
    case "vector":
      return "instant vector";
    case "matrix":
      return "range vector";
    case "scalar":
    case "string":
      return t;
    default: {
      const _x: never = t;
      return _x;
    }
  }
}

/** Parses and type-checks a PromQL expression; throws ParseError. */
export function parseExpr(input: string): Expr {
  if (input.length > 1_000_000) throw new ParseError("query too long", { start: 0, end: 0 }, input);
  const p = new Parser(input);
  let tree: Tree;
  try {
    tree = strictParser.parse(maskTrailingDots(input));
  } catch (e) {
    // Strict mode: lezer's error recovery is quadratic on long hostile inputs; fail fast at the first bad token.
    const at = Number(/No parse at (\d+)/.exec(String(e))?.[1] ?? 0);
    throw p.unexpected(at);
  }
  p.rejectExperimentalSyntax(tree.topNode);
  const top = tree.topNode.firstChild;
  if (!top) throw p.error("no expression found in input", 0, 0);
  return p.expr(top);
}

/** The innermost bracket left open at the end of the input (strings and comments skipped), with Prometheus's wording. */
function unclosedBracket(input: string): { at: number; message: string } | undefined {
  const stack: { ch: string; at: number }[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (c === '"' || c === "'" || c === "`") {
      i++;
      while (i < input.length && input[i] !== c) i += input[i] === "\\" && c !== "`" ? 2 : 1;
    } else if (c === "#") {
      while (i < input.length && input[i] !== "\n") i++;
    } else if (c === "(" || c === "[" || c === "{") stack.push({ ch: c, at: i });
    else if (c === ")" || c === "]" || c === "}") stack.pop();
  }
  const top = stack[stack.length - 1];
  if (!top) return undefined;
  const message = top.ch === "(" ? "unclosed left parenthesis" : top.ch === "[" ? "unclosed left bracket" : "unexpected end of input inside braces";
  return { at: top.at, message };
}

/**
 * PromQL accepts `1.` (Go's ParseFloat does) but the lezer grammar does not; blank out such dots (outside strings and
 * comments) so offsets stay identical and the number lexes as `1`.
 */
function maskTrailingDots(input: string): string {
  let out = "";
  let wordStart = ""; // first character of the current identifier/number run
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < input.length && input[j] !== c && input[j] !== "\n") j += input[j] === "\\" && c !== "`" ? 2 : 1;
      out += input.slice(i, j + 1);
      i = j;
      wordStart = "";
      continue;
    }
    if (c === "#") {
      const j = input.indexOf("\n", i);
      const end = j < 0 ? input.length : j;
      out += input.slice(i, end);
      i = end - 1;
      wordStart = "";
      continue;
    }
    const inWord = /[a-zA-Z0-9_:.]/.test(c);
    if (!inWord) wordStart = "";
    else if (wordStart === "") wordStart = c;
    const prev = input[i - 1] ?? "";
    const next = input[i + 1] ?? "";
    out += c === "." && /[0-9]/.test(wordStart) && /[0-9]/.test(prev) && !/[0-9a-zA-Z_]/.test(next) ? " " : c;
  }
  return out;
}

/** Static type of an expression. */
export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case "NumberLiteral":
      return "scalar";
    case "StringLiteral":
      return "string";
    case "VectorSelector":
    case "Aggregation":
      return "vector";
    case "MatrixSelector":
    case "Subquery":
      return "matrix";
    case "Call":
      return FUNCTIONS.get(e.func)?.returnType ?? "vector";
    case "Binary":
      return typeOf(e.lhs) === "scalar" && typeOf(e.rhs) === "scalar" ? "scalar" : "vector";
    case "Unary":
    case "Paren":
      return typeOf(e.expr);
    default: {
      const _x: never = e;
      return _x;
    }
  }
}

const strictParser = parser.configure({ strict: true });

const binaryOps: Record<string, BinaryOp> = {
  Pow: "^", Mul: "*", Div: "/", Mod: "%", Atan2: "atan2", Add: "+", Sub: "-",
  Eql: "==", Neq: "!=", Gte: ">=", Gtr: ">", Lte: "<=", Lss: "<", And: "and", Or: "or", Unless: "unless",
};
const durationOps: Record<string, Extract<DurationExpr, { kind: "DurationBinary" }>["op"]> = {
  Add: "+", Sub: "-", Mul: "*", Div: "/", Mod: "%", Pow: "^",
};
const matchOps: Record<string, MatchType> = { EqlSingle: "=", Neq: "!=", EqlRegex: "=~", NeqRegex: "!~" };

class Parser {
  constructor(private readonly input: string) {}

  error(reason: string, start: number, end: number): ParseError {
    return new ParseError(reason, { start, end }, this.input);
  }

  private text(n: SyntaxNode): string {
    return this.input.slice(n.from, n.to);
  }

  private pos(n: SyntaxNode): PositionRange {
    return { start: n.from, end: n.to };
  }

  /** Turns lezer's "no parse at N" into Prometheus-like wording, using bracket balance for the common cases. */
  unexpected(at: number): ParseError {
    const open = unclosedBracket(this.input);
    if (at >= this.input.trimEnd().length) {
      if (open) return this.error(open.message, open.at, this.input.length);
      return this.error("unexpected end of input", at, at);
    }
    const ch = this.input[at];
    if (ch === ")" || ch === "]" || ch === "}") {
      const name = ch === ")" ? "right parenthesis" : ch === "]" ? "right bracket" : "right brace";
      return this.error(`unexpected ${name} '${ch}'`, at, at + 1);
    }
    const call = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(this.input.slice(Math.max(0, at - 200), at));
    if (this.input[at] === "(" && call?.[1] && !AGGREGATIONS.has(call[1].toLowerCase() as AggregationOp)) {
      return this.error(`unknown function with name ${JSON.stringify(call[1])}`, at - call[0].length, at);
    }
    const rest = this.input.slice(at);
    const tok = /^(\w+|\s+|.)/su.exec(rest)?.[0] ?? rest;
    return this.error(`unexpected ${JSON.stringify(tok)}`, at, at + tok.length);
  }

  rejectExperimentalSyntax(top: SyntaxNode): void {
    const cursor = top.cursor();
    do {
      const name = cursor.type.name;
      if (name === "AnchoredExpr" || name === "SmoothedExpr" || name === "FillModifier" || name === "TrimUpper" || name === "TrimLower") {
        throw this.error(`experimental syntax is not supported: ${this.input.slice(cursor.from, cursor.to)}`, cursor.from, cursor.to);
      }
    } while (cursor.next());
  }

  private children(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  private child(n: SyntaxNode, name: string): SyntaxNode | undefined {
    return n.getChild(name) ?? undefined;
  }

  private exprChildren(n: SyntaxNode): SyntaxNode[] {
    return this.children(n).filter((c) => c.type.is("Expr"));
  }

  private first(n: SyntaxNode): SyntaxNode {
    const [c] = this.exprChildren(n);
    if (!c) throw this.error("expected expression", n.from, n.to);
    return c;
  }

  private expectType(e: Expr, want: ValueType, context: string): void {
    const got = typeOf(e);
    if (got !== want) {
      throw this.error(`expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`, e.pos.start, e.pos.end);
    }
  }

  expr(n: SyntaxNode): Expr {
    const pos = this.pos(n);
    switch (n.type.name) {
      case "NumberDurationLiteral":
        return { kind: "NumberLiteral", value: this.number(this.text(n), n), duration: /[smhdwy]\s*$/.test(this.text(n)), pos };
      case "StringLiteral":
        return { kind: "StringLiteral", value: this.string(n), pos };
      case "ParenExpr":
        return { kind: "Paren", expr: this.expr(this.first(n)), pos };
      case "VectorSelector":
        return this.vectorSelector(n);
      case "MatrixSelector":
        return this.matrixSelector(n);
      case "SubqueryExpr":
        return this.subquery(n);
      case "OffsetExpr":
        return this.offset(n);
      case "StepInvariantExpr":
        return this.at(n);
      case "UnaryExpr":
        return this.unary(n);
      case "BinaryExpr":
        return this.binary(n);
      case "FunctionCall":
        return this.call(n);
      case "AggregateExpr":
        return this.aggregation(n);
      default:
        throw this.error(`unsupported expression ${JSON.stringify(this.text(n))}`, n.from, n.to);
    }
  }

  private number(raw: string, n: SyntaxNode): number {
    const text = raw.replace(/\s+/g, "");
    const sign = text.startsWith("-") ? -1 : 1;
    const body = text.replace(/^[+-]/, "");
    const lower = body.toLowerCase();
    if (lower === "inf") return sign * Infinity;
    if (lower === "nan") return NaN;
    const d = /[smhdwy]$/.test(body) ? parseDuration(body) : undefined;
    if (d !== undefined) return (sign * d) / 1000;
    // Like Prometheus: integer syntax first (so 0x1f and octal 010 work), then float syntax.
    const clean = body.replace(/_/g, "");
    let v: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(clean)) v = parseInt(clean.slice(2), 16);
    else if (/^0[0-7]+$/.test(clean)) v = parseInt(clean, 8);
    else if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) v = Number(clean);
    else throw this.error(`bad number or duration syntax: ${JSON.stringify(raw)}`, n.from, n.to);
    return sign * v;
  }

  private string(n: SyntaxNode): string {
    const raw = this.text(n);
    const v = goUnquote(raw);
    if (v === undefined) {
      const unterminated = raw.length < 2 || raw[raw.length - 1] !== raw[0];
      throw this.error(unterminated ? "unterminated quoted string" : `invalid syntax in string literal ${raw}`, n.from, n.to);
    }
    return v;
  }

  /** A duration in `[...]` or after `offset`: a literal (unit or seconds) or, experimentally, an expression. */
  private durationExpr(n: SyntaxNode): DurationExpr {
    const kids = this.children(n);
    const [k0, k1, k2] = kids;
    if (!k0) throw this.error("missing duration", n.from, n.to);
    const name = k0.type.name;
    if (kids.length === 1 && name === "NumberDurationLiteralInDurationContext") {
      const text = this.text(k0);
      const d = parseDuration(text);
      const seconds = d !== undefined ? d / 1000 : this.number(text, k0);
      if (!Number.isFinite(seconds)) throw this.error(`invalid duration ${JSON.stringify(text)}`, k0.from, k0.to);
      return { kind: "DurationLiteral", seconds, duration: d !== undefined };
    }
    if (name === "UnaryOp" && k1) return { kind: "DurationUnary", op: this.text(k0) === "-" ? "-" : "+", expr: this.durationExpr(k1) };
    if (name === "DurationStep" || name === "DurationRange") return { kind: "DurationCall", func: name === "DurationStep" ? "step" : "range", args: [] };
    if ((name === "DurationMinOf" || name === "DurationMaxOf") && k1 && k2) {
      return { kind: "DurationCall", func: name === "DurationMinOf" ? "min_of" : "max_of", args: [this.durationExpr(k1), this.durationExpr(k2)] };
    }
    const op = k1 ? durationOps[k1.type.name] : undefined;
    if (kids.length === 3 && op && k2) return { kind: "DurationBinary", op, lhs: this.durationExpr(k0), rhs: this.durationExpr(k2) };
    if (kids.length === 1 && name === "DurationExpr") return { kind: "DurationParen", expr: this.durationExpr(k0) };
    throw this.error(`invalid duration expression ${JSON.stringify(this.text(n))}`, n.from, n.to);
  }

  /** A duration's constant value in ms and, unless it is a plain literal, its expression (kept for printing/resolution). */
  private duration(n: SyntaxNode, what: "range" | "step" | "offset"): { ms: number; expr: DurationExpr | undefined } {
    const expr = this.durationExpr(n);
    const seconds = evalDuration(expr, undefined);
    const ms = seconds === undefined ? 0 : secondsToMs(seconds);
    if (seconds !== undefined && what !== "offset" && !(ms > 0)) {
      throw this.error(`${what} must be greater than 0, got ${this.text(n)}`, n.from, n.to);
    }
    const plain = expr.kind === "DurationLiteral" || (expr.kind === "DurationUnary" && expr.expr.kind === "DurationLiteral");
    return { ms, expr: plain ? undefined : expr };
  }

  private vectorSelector(n: SyntaxNode): VectorSelector {
    const ident = this.child(n, "Identifier");
    const matchers: LabelMatcher[] = [];
    let name = ident ? this.text(ident) : undefined;
    const list = this.child(n, "LabelMatchers");
    for (const m of list ? this.children(list) : []) {
      if (m.type.name === "QuotedLabelName") {
        const metric = this.string(m.firstChild ?? m);
        if (name !== undefined) throw this.error(`metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(metric)}`, m.from, m.to);
        name = metric;
        continue;
      }
      if (m.type.name !== "UnquotedLabelMatcher" && m.type.name !== "QuotedLabelMatcher") continue;
      const [labelNode, opNode, valueNode] = this.children(m);
      if (!labelNode || !opNode || !valueNode) throw this.error("invalid label matcher", m.from, m.to);
      const label = labelNode.type.name === "QuotedLabelName" ? this.string(labelNode.firstChild ?? labelNode) : this.text(labelNode);
      const type = matchOps[opNode.firstChild?.type.name ?? ""];
      if (!type) throw this.error("invalid label matcher operator", opNode.from, opNode.to);
      const value = this.string(valueNode);
      if (type === "=~" || type === "!~") {
        try {
          compileAnchoredRegex(value);
        } catch (e) {
          throw this.error(`invalid regular expression ${JSON.stringify(value)}: ${(e as Error).message}`, m.from, m.to);
        }
      }
      matchers.push({ type, name: label, value });
    }
    if (ident && name !== undefined) {
      const dup = matchers.find((m) => m.name === "__name__");
      if (dup) throw this.error(`metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(dup.value)}`, n.from, n.to);
    }
    if (name !== undefined) matchers.unshift({ type: "=", name: "__name__", value: name });
    else name = matchers.find((m) => m.name === "__name__" && m.type === "=")?.value;
    if (!matchers.some((m) => !matchesEmpty(m))) {
      throw this.error("vector selector must contain at least one non-empty matcher", n.from, n.to);
    }
    return { kind: "VectorSelector", name, matchers, offsetMs: 0, at: undefined, pos: this.pos(n) };
  }

  /**
   * lezer attaches postfix modifiers (`[..]`, `offset`, `@`) to a whole preceding binary or unary expression, while in
   * PromQL they bind tightest: push them down to the rightmost operand and re-check the rebuilt expressions.
   */
  private postfix(target: Expr, end: number, apply: (operand: Expr) => Expr): Expr {
    const pos = { start: target.pos.start, end };
    if (target.kind === "Binary") {
      return this.checkBinary(pos, target.op, target.lhs, this.postfix(target.rhs, end, apply), target.returnBool, target.matching);
    }
    if (target.kind === "Unary") return this.makeUnary(target.op, this.postfix(target.expr, end, apply), pos);
    return apply(target);
  }

  private matrixSelector(n: SyntaxNode): Expr {
    return this.postfix(this.expr(this.first(n)), n.to, (inner) => this.makeMatrixSelector(n, inner));
  }

  private makeMatrixSelector(n: SyntaxNode, inner: Expr): Expr {
    const range = this.child(n, "DurationExpr");
    if (!range) throw this.error("missing range", n.from, n.to);
    if (inner.kind !== "VectorSelector") {
      throw this.error("ranges only allowed for vector selectors", inner.pos.start, inner.pos.end);
    }
    if (inner.offsetMs !== 0 || inner.offsetExpr || inner.at) throw this.error("no offset modifiers allowed before range", n.from, n.to);
    const { ms: rangeMs, expr: rangeExpr } = this.duration(range, "range");
    return { kind: "MatrixSelector", vector: inner, rangeMs, ...(rangeExpr && { rangeExpr }), pos: { start: inner.pos.start, end: n.to } };
  }

  private subquery(n: SyntaxNode): Expr {
    return this.postfix(this.expr(this.first(n)), n.to, (inner) => this.makeSubquery(n, inner));
  }

  private makeSubquery(n: SyntaxNode, inner: Expr): Expr {
    const [rangeNode, stepNode] = n.getChildren("DurationExpr");
    if (!rangeNode) throw this.error("missing subquery range", n.from, n.to);
    const t = typeOf(inner);
    if (t !== "vector") throw this.error(`subquery is only allowed on instant vector, got ${documentedType(t)} instead`, n.from, n.to);
    const { ms: rangeMs, expr: rangeExpr } = this.duration(rangeNode, "range");
    const step = stepNode ? this.duration(stepNode, "step") : { ms: 0, expr: undefined };
    return {
      kind: "Subquery",
      expr: inner,
      rangeMs,
      ...(rangeExpr && { rangeExpr }),
      stepMs: step.ms,
      ...(step.expr && { stepExpr: step.expr }),
      offsetMs: 0,
      at: undefined,
      pos: { start: inner.pos.start, end: n.to },
    };
  }

  private offset(n: SyntaxNode): Expr {
    return this.postfix(this.expr(this.first(n)), n.to, (target) => this.setOffset(n, target));
  }

  private setOffset(n: SyntaxNode, target: Expr): Expr {
    const durNode = this.child(n, "OffsetDurationExpr");
    if (!durNode) throw this.error("missing offset", n.from, n.to);
    const { ms, expr } = this.duration(durNode, "offset");
    return this.modifySelector(n, target, "offset modifier", (node, pos) => {
      if (node.offsetMs !== 0 || node.offsetExpr) throw this.error("offset may not be set multiple times", n.from, n.to);
      return { ...node, offsetMs: ms, ...(expr && { offsetExpr: expr }), pos };
    });
  }

  /** Applies an `offset`/`@` modifier to the selector or subquery it follows (inside a range selector too). */
  private modifySelector(
    n: SyntaxNode,
    target: Expr,
    modifier: string,
    set: <T extends VectorSelector | Subquery>(node: T, pos: PositionRange) => T,
  ): Expr {
    const pos = { start: target.pos.start, end: n.to };
    switch (target.kind) {
      case "VectorSelector":
        return set(target, pos);
      case "Subquery":
        return set(target, pos);
      case "MatrixSelector":
        return { ...target, vector: set(target.vector, pos), pos };
      default:
        throw this.error(`${modifier} must be preceded by an instant vector selector or range vector selector or a subquery`, n.from, n.to);
    }
  }

  private at(n: SyntaxNode): Expr {
    return this.postfix(this.expr(this.first(n)), n.to, (target) => this.setAt(n, target));
  }

  private setAt(n: SyntaxNode, target: Expr): Expr {
    const pre = this.child(n, "AtModifierPreprocessors");
    let at: AtModifier;
    if (pre) {
      at = { kind: pre.firstChild?.type.name === "AtEnd" ? "end" : "start" };
    } else {
      const num = this.child(n, "NumberDurationLiteral");
      if (!num) throw this.error("missing @ timestamp", n.from, n.to);
      const secs = this.number(this.text(num), num);
      const ms = Math.round(secs * 1000);
      if (!Number.isFinite(secs) || Math.abs(ms) > 9.2e18) {
        throw this.error(`timestamp out of bounds for @ modifier: ${secs}`, num.from, num.to);
      }
      at = { kind: "timestamp", ms };
    }
    return this.modifySelector(n, target, "@ modifier", (node, pos) => {
      if (node.at) throw this.error("@ <timestamp> may not be set multiple times", n.from, n.to);
      return { ...node, at, pos };
    });
  }

  private unary(n: SyntaxNode): Expr {
    const opNode = this.child(n, "UnaryOp");
    return this.makeUnary(opNode && this.text(opNode) === "-" ? "-" : "+", this.expr(this.first(n)), this.pos(n));
  }

  private makeUnary(op: "-" | "+", inner: Expr, pos: PositionRange): Expr {
    if (inner.kind === "NumberLiteral") {
      // Prometheus folds signs into number literals.
      return { ...inner, value: op === "-" ? -inner.value : inner.value, pos };
    }
    const t = typeOf(inner);
    if (t !== "scalar" && t !== "vector") {
      throw this.error(`unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(documentedType(t))}`, pos.start, pos.end);
    }
    return { kind: "Unary", op, expr: inner, pos };
  }

  private binary(n: SyntaxNode): Expr {
    const [lhsNode, rhsNode] = this.exprChildren(n);
    const opNode = this.children(n).find((c) => binaryOps[c.type.name] !== undefined && c.type.name !== "Expr");
    if (!lhsNode || !rhsNode || !opNode) throw this.error("invalid binary expression", n.from, n.to);
    const op = binaryOps[opNode.type.name] as BinaryOp;
    const returnBool = this.child(n, "BoolModifier") !== undefined;
    const lhsRaw = this.text(lhsNode);
    // lezer folds the sign into a number literal, but in PromQL unary minus binds looser than ^: -2^2 is -(2^2).
    if (op === "^" && lhsNode.type.name === "NumberDurationLiteral" && /^[+-]/.test(lhsRaw)) {
      const unsigned = this.number(lhsRaw.replace(/^[+-]\s*/, ""), lhsNode);
      const literal: Expr = { kind: "NumberLiteral", value: unsigned, duration: /[smhdwy]$/.test(lhsRaw), pos: { start: lhsNode.from + 1, end: lhsNode.to } };
      const inner = this.checkBinary(this.pos(n), "^", literal, this.expr(rhsNode), false, undefined);
      return lhsRaw.startsWith("-") ? { kind: "Unary", op: "-", expr: inner, pos: this.pos(n) } : inner;
    }
    const lhs = this.expr(lhsNode);
    const rhs = this.expr(rhsNode);
    return this.checkBinary(this.pos(n), op, lhs, rhs, returnBool, this.matching(n, op));
  }

  private matching(n: SyntaxNode, op: BinaryOp): VectorMatching | undefined {
    const clause = this.child(n, "MatchingModifierClause");
    if (!clause) return isSetOp(op) ? { on: false, labels: [], card: "many-to-many", include: [] } : undefined;
    const [labelsNode, includeNode] = clause.getChildren("GroupingLabels");
    const on = this.child(clause, "On") !== undefined;
    const left = this.child(clause, "GroupLeft") !== undefined;
    const right = this.child(clause, "GroupRight") !== undefined;
    const labels = labelsNode ? this.groupingLabels(labelsNode) : [];
    const include = includeNode ? this.groupingLabels(includeNode) : [];
    if (isSetOp(op) && (left || right)) throw this.error(`no grouping allowed for "${op}" operation`, clause.from, clause.to);
    if (on) {
      const both = include.find((l) => labels.includes(l));
      if (both !== undefined) throw this.error(`label ${JSON.stringify(both)} must not occur in ON and GROUP clause at once`, clause.from, clause.to);
    }
    const card = isSetOp(op) ? "many-to-many" : left ? "many-to-one" : right ? "one-to-many" : "one-to-one";
    return { on, labels, card, include };
  }

  private groupingLabels(n: SyntaxNode): string[] {
    return this.children(n)
      .filter((c) => c.type.name === "LabelName" || c.type.name === "QuotedLabelName")
      .map((c) => (c.type.name === "QuotedLabelName" ? this.string(c.firstChild ?? c) : this.text(c)));
  }

  private checkBinary(pos: PositionRange, op: BinaryOp, lhs: Expr, rhs: Expr, returnBool: boolean, matchingIn: VectorMatching | undefined): Expr {
    const lt = typeOf(lhs);
    const rt = typeOf(rhs);
    const fail = (msg: string): never => {
      throw this.error(msg, pos.start, pos.end);
    };
    if (returnBool && !isComparisonOp(op)) fail("bool modifier can only be used on comparison operators");
    if (isComparisonOp(op) && lt === "scalar" && rt === "scalar" && !returnBool) fail("comparisons between scalars must use BOOL modifier");
    if ((lt !== "scalar" && lt !== "vector") || (rt !== "scalar" && rt !== "vector")) {
      fail("binary expression must contain only scalar and instant vector types");
    }
    let matching = matchingIn;
    if ((lt !== "vector" || rt !== "vector") && matching) {
      if (matching.labels.length > 0) fail("vector matching only allowed between instant vectors");
      matching = undefined;
    }
    if (isSetOp(op) && (lt === "scalar" || rt === "scalar")) fail(`set operator "${op}" not allowed in binary scalar expression`);
    return { kind: "Binary", op, lhs, rhs, returnBool, matching, pos };
  }

  private call(n: SyntaxNode): Expr {
    const ident = this.child(n, "FunctionIdentifier");
    const body = this.child(n, "FunctionCallBody");
    if (!ident || !body) throw this.error("invalid function call", n.from, n.to);
    const name = this.text(ident);
    const sig = FUNCTIONS.get(name);
    if (!sig) throw this.error(`unknown function with name ${JSON.stringify(name)}`, ident.from, ident.to);
    const args = this.exprChildren(body).map((a) => this.expr(a));
    const pos = this.pos(n);
    const nargs = sig.argTypes.length;
    if (sig.variadic === 0) {
      if (nargs !== args.length) throw this.error(`expected ${nargs} argument(s) in call to ${JSON.stringify(name)}, got ${args.length}`, pos.start, pos.end);
    } else {
      const min = nargs - 1;
      if (min > args.length) throw this.error(`expected at least ${min} argument(s) in call to ${JSON.stringify(name)}, got ${args.length}`, pos.start, pos.end);
      const max = min + sig.variadic;
      if (sig.variadic > 0 && max < args.length) {
        throw this.error(`expected at most ${max} argument(s) in call to ${JSON.stringify(name)}, got ${args.length}`, pos.start, pos.end);
      }
    }
    args.forEach((a, i) => {
      const want = sig.argTypes[Math.min(i, nargs - 1)];
      if (want) this.expectType(a, want, `call to function ${JSON.stringify(name)}`);
    });
    return { kind: "Call", func: name, args, pos };
  }

  private aggregation(n: SyntaxNode): Expr {
    const opNode = this.child(n, "AggregateOp");
    const body = this.child(n, "FunctionCallBody");
    if (!opNode || !body) throw this.error("invalid aggregation", n.from, n.to);
    const op = this.text(opNode).toLowerCase() as AggregationOp;
    if (!AGGREGATIONS.has(op)) throw this.error(`aggregation ${JSON.stringify(op)} is not supported`, opNode.from, opNode.to);
    const paramType = AGGREGATIONS.get(op);
    const modifier = this.child(n, "AggregateModifier");
    const without = modifier ? this.child(modifier, "Without") !== undefined : false;
    const groupingNode = modifier ? this.child(modifier, "GroupingLabels") : undefined;
    const grouping = groupingNode ? this.groupingLabels(groupingNode) : [];
    const args = this.exprChildren(body).map((a) => this.expr(a));
    const pos = this.pos(n);
    const want = paramType ? 2 : 1;
    if (args.length !== want) {
      throw this.error(`wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`, pos.start, pos.end);
    }
    const expr = args[want - 1] as Expr;
    const param = paramType ? args[0] : undefined;
    if (param && paramType) this.expectType(param, paramType, "aggregation parameter");
    this.expectType(expr, "vector", "aggregation expression");
    return { kind: "Aggregation", op, expr, param, grouping, without, pos };
  }
}

/** Whether a matcher accepts the empty string (such matchers alone would select every series). */
function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.type) {
    case "=":
      return m.value === "";
    case "!=":
      return m.value !== "";
    case "=~":
      return compileAnchoredRegex(m.value).test("");
    case "!~":
      return !compileAnchoredRegex(m.value).test("");
    default: {
      const _x: never = m.type;
      return _x;
    }
  }
}
