/** Typed PromQL AST: a discriminated union on `kind`, one node type per syntactic construct. */

export type ValueType = "scalar" | "vector" | "matrix" | "string";

export interface PositionRange {
  start: number;
  end: number;
}

export type MatchType = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  type: MatchType;
  name: string;
  value: string;
}

/**
 * A duration expression (Prometheus 3 experimental: `[5m+1m]`, `offset step()*2`), in seconds. Constant ones are folded
 * into the `...Ms` field at parse time; ones using step()/range() are resolved when a query starts.
 */
export type DurationExpr =
  | { kind: "DurationLiteral"; seconds: number; /** written with a unit, printed back as a duration */ duration: boolean }
  | { kind: "DurationBinary"; op: "+" | "-" | "*" | "/" | "%" | "^"; lhs: DurationExpr; rhs: DurationExpr }
  | { kind: "DurationUnary"; op: "-" | "+"; expr: DurationExpr }
  | { kind: "DurationCall"; func: "step" | "range" | "min_of" | "max_of"; args: DurationExpr[] }
  | { kind: "DurationParen"; expr: DurationExpr };

/** `@` modifier: a fixed timestamp in ms, or the query's start()/end(). */
export type AtModifier = { kind: "timestamp"; ms: number } | { kind: "start" } | { kind: "end" };

export type AggregationOp =
  | "sum"
  | "avg"
  | "min"
  | "max"
  | "count"
  | "group"
  | "stddev"
  | "stdvar"
  | "topk"
  | "bottomk"
  | "quantile"
  | "count_values"
  | "limitk"
  | "limit_ratio";

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%" | "^" | "atan2";
export type ComparisonOp = "==" | "!=" | ">" | "<" | ">=" | "<=";
export type SetOp = "and" | "or" | "unless";
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export interface VectorMatching {
  /** `on(...)` when true, `ignoring(...)` (or no clause) when false. */
  on: boolean;
  labels: string[];
  /** `one-to-one` unless group_left / group_right is present. */
  card: "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many";
  include: string[];
}

export interface NumberLiteral {
  kind: "NumberLiteral";
  value: number;
  /** Written as a duration (`5m` means 300): printed back as one, like Prometheus 3. */
  duration: boolean;
  pos: PositionRange;
}

export interface StringLiteral {
  kind: "StringLiteral";
  value: string;
  pos: PositionRange;
}

export interface VectorSelector {
  kind: "VectorSelector";
  name: string | undefined;
  matchers: LabelMatcher[];
  offsetMs: number;
  /** Set when the offset was written as an expression rather than a literal. */
  offsetExpr?: DurationExpr;
  at: AtModifier | undefined;
  pos: PositionRange;
}

export interface MatrixSelector {
  kind: "MatrixSelector";
  vector: VectorSelector;
  rangeMs: number;
  rangeExpr?: DurationExpr;
  pos: PositionRange;
}

export interface Subquery {
  kind: "Subquery";
  expr: Expr;
  rangeMs: number;
  rangeExpr?: DurationExpr;
  /** 0 when omitted: the engine then uses the default evaluation interval. */
  stepMs: number;
  stepExpr?: DurationExpr;
  offsetMs: number;
  offsetExpr?: DurationExpr;
  at: AtModifier | undefined;
  pos: PositionRange;
}

export interface Call {
  kind: "Call";
  func: string;
  args: Expr[];
  pos: PositionRange;
}

export interface Aggregation {
  kind: "Aggregation";
  op: AggregationOp;
  expr: Expr;
  param: Expr | undefined;
  grouping: string[];
  without: boolean;
  pos: PositionRange;
}

export interface Binary {
  kind: "Binary";
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  matching: VectorMatching | undefined;
  pos: PositionRange;
}

export interface Unary {
  kind: "Unary";
  op: "-" | "+";
  expr: Expr;
  pos: PositionRange;
}

export interface Paren {
  kind: "Paren";
  expr: Expr;
  pos: PositionRange;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | Subquery
  | Call
  | Aggregation
  | Binary
  | Unary
  | Paren;

/** Whether an operator is a comparison (result may be filtered or, with `bool`, 0/1). */
export function isComparisonOp(op: BinaryOp): op is ComparisonOp {
  return op === "==" || op === "!=" || op === ">" || op === "<" || op === ">=" || op === "<=";
}

/** Whether an operator is one of the set operators `and`, `or`, `unless`. */
export function isSetOp(op: BinaryOp): op is SetOp {
  return op === "and" || op === "or" || op === "unless";
}

/** Direct sub-expressions of a node. */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case "NumberLiteral":
    case "StringLiteral":
    case "VectorSelector":
      return [];
    case "MatrixSelector":
      return [e.vector];
    case "Subquery":
    case "Unary":
    case "Paren":
      return [e.expr];
    case "Call":
      return e.args;
    case "Aggregation":
      return e.param ? [e.param, e.expr] : [e.expr];
    case "Binary":
      return [e.lhs, e.rhs];
    default: {
      const _x: never = e;
      return _x;
    }
  }
}

/** The node with `f` applied to each direct sub-expression that is an arbitrary expression (not selectors). */
export function mapChildren(e: Expr, f: (child: Expr) => Expr): Expr {
  switch (e.kind) {
    case "NumberLiteral":
    case "StringLiteral":
    case "VectorSelector":
    case "MatrixSelector":
      return e;
    case "Subquery":
    case "Unary":
    case "Paren":
      return { ...e, expr: f(e.expr) };
    case "Call":
      return { ...e, args: e.args.map(f) };
    case "Aggregation":
      return { ...e, expr: f(e.expr), param: e.param && f(e.param) };
    case "Binary":
      return { ...e, lhs: f(e.lhs), rhs: f(e.rhs) };
    default: {
      const _x: never = e;
      return _x;
    }
  }
}
