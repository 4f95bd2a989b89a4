import { describe, expect, it } from "vitest";
import type { Expr } from "./ast";
import { ParseError, parseExpr } from "./parse";
import { printExpr } from "./printer";

function parseError(input: string): ParseError {
  try {
    parseExpr(input);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(input)} to fail`);
}

describe("parseExpr", () => {
  it("builds selectors with matchers, offset and @", () => {
    const e = parseExpr('rate(foo{a="b", c=~"x.*"}[5m] offset 1m @ start())');
    expect(e.kind).toBe("Call");
    const arg = (e as Extract<Expr, { kind: "Call" }>).args[0];
    expect(arg).toMatchObject({
      kind: "MatrixSelector",
      rangeMs: 300_000,
      vector: {
        name: "foo",
        offsetMs: 60_000,
        at: { kind: "start" },
        matchers: [
          { type: "=", name: "__name__", value: "foo" },
          { type: "=", name: "a", value: "b" },
          { type: "=~", name: "c", value: "x.*" },
        ],
      },
    });
  });

  it.each([
    ["1h30m", 5400],
    ["5m", 300],
    ["0x1f", 31],
    ["010", 8],
    ["1e3", 1000],
    [".5", 0.5],
    ["2.", 2],
    ["-Inf", -Infinity],
    ["+inf", Infinity],
    ["--1", 1],
  ])("reads the number literal %s", (input, value) => {
    expect(parseExpr(input)).toMatchObject({ kind: "NumberLiteral", value });
  });

  it("reads NaN", () => {
    const e = parseExpr("NaN");
    expect(e.kind === "NumberLiteral" && Number.isNaN(e.value)).toBe(true);
  });

  it("binds unary minus looser than ^, like Prometheus", () => {
    expect(printExpr(parseExpr("-2^2"))).toBe("-2 ^ 2");
    expect(parseExpr("-2^2")).toMatchObject({ kind: "Unary", op: "-", expr: { kind: "Binary", op: "^" } });
  });

  it("binds offset and ranges to the nearest operand", () => {
    expect(printExpr(parseExpr("a * b offset 1m + c"))).toBe("a * b offset 1m + c");
    expect(parseExpr("a or b offset 1m")).toMatchObject({ kind: "Binary", rhs: { kind: "VectorSelector", offsetMs: 60_000 } });
    expect(parseExpr("-a offset 1m")).toMatchObject({ kind: "Unary", expr: { kind: "VectorSelector", offsetMs: 60_000 } });
  });

  it("rejects postfix modifiers that land on a non-selector operand", () => {
    expect(parseError("a + b[1m:]").reason).toBe("binary expression must contain only scalar and instant vector types");
  });

  it("folds constant duration expressions and keeps query-dependent ones", () => {
    expect(parseExpr("x[5m * 2 + 30s]")).toMatchObject({ kind: "MatrixSelector", rangeMs: 630_000, rangeExpr: { kind: "DurationBinary", op: "+" } });
    expect(parseExpr("x offset step()")).toMatchObject({ offsetMs: 0, offsetExpr: { kind: "DurationCall", func: "step" } });
    expect(parseError("x[5m - 10m]").reason).toBe("range must be greater than 0, got 5m - 10m");
  });

  it("parses vector matching", () => {
    expect(parseExpr("a + on(b) group_left(c) d")).toMatchObject({
      kind: "Binary",
      matching: { on: true, labels: ["b"], card: "many-to-one", include: ["c"] },
    });
    expect(parseExpr("a and b")).toMatchObject({ matching: { card: "many-to-many" } });
  });

  it("parses aggregations with the modifier before or after", () => {
    const want = { kind: "Aggregation", op: "sum", grouping: ["job"], without: false };
    expect(parseExpr("sum by (job) (x)")).toMatchObject(want);
    expect(parseExpr("SUM(x) BY (job)")).toMatchObject(want);
    expect(parseExpr('count_values("v", x)')).toMatchObject({ op: "count_values", param: { kind: "StringLiteral", value: "v" } });
  });

  it("unquotes strings like Go", () => {
    expect(parseExpr('"a\\tb\\u00e9\\x41"')).toMatchObject({ value: "a\tbéA" });
    expect(parseExpr("`raw\\n`")).toMatchObject({ value: "raw\\n" });
  });

  it.each([
    ["rate(foo)", 'expected type range vector in call to function "rate", got instant vector'],
    ["sum(foo[5m])", "expected type instant vector in aggregation expression, got range vector"],
    ["topk(foo, bar)", "expected type scalar in aggregation parameter, got instant vector"],
    ["1 < 2", "comparisons between scalars must use BOOL modifier"],
    ["foo + bool bar", "bool modifier can only be used on comparison operators"],
    ["1 and foo", 'set operator "and" not allowed in binary scalar expression'],
    ["foo[5m] + 1", "binary expression must contain only scalar and instant vector types"],
    ["foo and on(a) group_left b", 'no grouping allowed for "and" operation'],
    ["round()", 'expected at least 1 argument(s) in call to "round", got 0'],
    ["round(a, 1, 2)", 'expected at most 2 argument(s) in call to "round", got 3'],
    ["time(1)", 'expected 0 argument(s) in call to "time", got 1'],
    ['{a=""}', "vector selector must contain at least one non-empty matcher"],
    ['foo{__name__="bar"}', 'metric name must not be set twice: "foo" or "bar"'],
    ["sum(foo) offset 1m", "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"],
    ["foo offset 1m offset 2m", "offset may not be set multiple times"],
    ["(foo)[5m]", "ranges only allowed for vector selectors"],
    ["-foo[5m]", 'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"'],
    ['"a"[5m:]', "subquery is only allowed on instant vector, got string instead"],
    ['foo{a=~"("}', 'invalid regular expression "("'],
    ["foo{", "unexpected end of input inside braces"],
    ['foo{a="b"', "unexpected end of input inside braces"],
    ["sum(foo", "unclosed left parenthesis"],
    ["foo[5m", "unclosed left bracket"],
    ["foo)", "unexpected right parenthesis ')'"],
    ["1 +", "unexpected end of input"],
    ['"abc', "unterminated quoted string"],
    ["foo(bar)", 'unknown function with name "foo"'],
  ])("rejects %s", (input, reason) => {
    expect(parseError(input).reason).toContain(reason);
  });

  it("reports positions as offsets and as Prometheus's line:column prefix", () => {
    const err = parseError("sum(x) +\n  rate(foo)");
    expect(err.position).toEqual({ start: 16, end: 19 });
    expect(err.message).toBe('2:8: parse error: expected type range vector in call to function "rate", got instant vector');
  });
});

describe("printExpr", () => {
  it.each([
    "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))",
    "topk(5, foo)",
    "foo offset 5m",
    "foo @ 100.000",
    "foo[1h30m:1m] @ end() offset -1m",
    "a + on (b) group_left (c) d",
    "a > bool ignoring (x) b",
    "-foo",
    "(a or b) unless c",
    "histogram_quantile(0.9, rate(x_bucket[5m]))",
    "1000000",
    "0.000001",
    "+Inf",
    "1h30m + 5m",
    "rate(x[5m * 2 + 30s])",
    "x[1h:step() * 2] offset -(min_of(step(), 1s))",
    "x offset range()",
    'sum by ("a.b", c) (x)',
    'label_replace(up, "a\\n", "$1", "b", "(.*)")',
  ])("prints %s canonically and re-parses to the same text", (input) => {
    const printed = printExpr(parseExpr(input));
    expect(printed).toBe(input);
    expect(printExpr(parseExpr(printed))).toBe(printed);
  });

  it("normalises spacing and sorts label matchers", () => {
    expect(printExpr(parseExpr('sum(x)by(a)'))).toBe("sum by (a) (x)");
    expect(printExpr(parseExpr('foo{b="2",a="1"}'))).toBe('foo{a="1",b="2"}');
    expect(printExpr(parseExpr("x offset 90m"))).toBe("x offset 1h30m");
  });
});
