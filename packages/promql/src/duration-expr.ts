import { children, mapChildren, type DurationExpr, type Expr } from "./ast";
import { formatDuration, formatFloatF, goPow } from "./go-compat";
import { QueryError } from "./values";

/** What step() and range() mean inside duration expressions; undefined while parsing (they are not constant then). */
export interface DurationContext {
  stepMs: number;
  rangeMs: number;
}

/** Evaluates a duration expression in seconds; undefined when it needs step()/range() and no context is given. */
export function evalDuration(e: DurationExpr, ctx: DurationContext | undefined): number | undefined {
  switch (e.kind) {
    case "DurationLiteral":
      return e.seconds;
    case "DurationParen":
      return evalDuration(e.expr, ctx);
    case "DurationUnary": {
      const v = evalDuration(e.expr, ctx);
      return v === undefined ? undefined : e.op === "-" ? -v : v;
    }
    case "DurationBinary": {
      const l = evalDuration(e.lhs, ctx);
      const r = evalDuration(e.rhs, ctx);
      if (l === undefined || r === undefined) return undefined;
      const op = e.op;
      switch (op) {
        case "+": return l + r;
        case "-": return l - r;
        case "*": return l * r;
        case "/": return l / r;
        case "%": return l % r;
        case "^": return goPow(l, r);
        default: {
          const _x: never = op;
          return _x;
        }
      }
    }
    case "DurationCall": {
      if (e.func === "step" || e.func === "range") {
        if (!ctx) return undefined;
        return (e.func === "step" ? ctx.stepMs : ctx.rangeMs) / 1000;
      }
      const args = e.args.map((a) => evalDuration(a, ctx));
      if (args.some((a) => a === undefined)) return undefined;
      return (e.func === "min_of" ? Math.min : Math.max)(...(args as number[]));
    }
    default: {
      const _x: never = e;
      return _x;
    }
  }
}

/** Seconds to whole milliseconds, truncating like Go; rounding to microseconds first drops float noise (1.001s is 1001ms). */
export function secondsToMs(seconds: number): number {
  return Math.trunc(Math.round(seconds * 1e6) / 1e3);
}

/** Prints a duration expression so that it parses back to the same expression. */
export function printDuration(e: DurationExpr): string {
  switch (e.kind) {
    case "DurationLiteral":
      return e.duration ? formatDuration(secondsToMs(e.seconds)) : formatFloatF(e.seconds);
    case "DurationParen":
      return `(${printDuration(e.expr)})`;
    case "DurationUnary":
      return `${e.op}${printDuration(e.expr)}`;
    case "DurationBinary":
      return `${printDuration(e.lhs)} ${e.op} ${printDuration(e.rhs)}`;
    case "DurationCall":
      return `${e.func}(${e.args.map(printDuration).join(", ")})`;
    default: {
      const _x: never = e;
      return _x;
    }
  }
}

/** Resolves duration expressions that use step()/range() for one query, validating the results like Prometheus. */
export function resolveDurations(e: Expr, ctx: DurationContext): Expr {
  const ms = (d: DurationExpr | undefined, fallback: number, what: string, positive: boolean): number => {
    if (!d) return fallback;
    const v = secondsToMs(evalDuration(d, ctx) as number);
    if (!Number.isFinite(v)) throw new QueryError(`invalid ${what} duration ${printDuration(d)}`);
    if (positive && v <= 0) throw new QueryError(`${what} must be greater than 0, got ${printDuration(d)}`);
    return v;
  };
  const walk = (x: Expr): Expr => {
    switch (x.kind) {
      case "VectorSelector":
        return x.offsetExpr ? { ...x, offsetMs: ms(x.offsetExpr, x.offsetMs, "offset", false) } : x;
      case "MatrixSelector":
        return { ...x, rangeMs: ms(x.rangeExpr, x.rangeMs, "range", true), vector: walk(x.vector) as typeof x.vector };
      case "Subquery":
        return {
          ...x,
          expr: walk(x.expr),
          rangeMs: ms(x.rangeExpr, x.rangeMs, "range", true),
          stepMs: ms(x.stepExpr, x.stepMs, "step", true),
          offsetMs: ms(x.offsetExpr, x.offsetMs, "offset", false),
        };
      default:
        return mapChildren(x, walk);
    }
  };
  return hasDurationExprs(e) ? walk(e) : e;
}

/** Whether any selector or subquery carries a duration expression. */
export function hasDurationExprs(e: Expr): boolean {
  const own =
    (e.kind === "VectorSelector" && e.offsetExpr !== undefined) ||
    (e.kind === "MatrixSelector" && e.rangeExpr !== undefined) ||
    (e.kind === "Subquery" && (e.rangeExpr ?? e.stepExpr ?? e.offsetExpr) !== undefined);
  return own || children(e).some(hasDurationExprs);
}

/** Whether a duration expression calls step() or range() (its value then depends on the query). */
export function usesQueryDuration(d: DurationExpr): boolean {
  switch (d.kind) {
    case "DurationLiteral":
      return false;
    case "DurationParen":
    case "DurationUnary":
      return usesQueryDuration(d.expr);
    case "DurationBinary":
      return usesQueryDuration(d.lhs) || usesQueryDuration(d.rhs);
    case "DurationCall":
      return d.func === "step" || d.func === "range" || d.args.some(usesQueryDuration);
    default: {
      const _x: never = d;
      return _x;
    }
  }
}
