import type { AtModifier, DurationExpr, Expr, VectorSelector } from "./ast";
import { printDuration } from "./duration-expr";
import { formatDuration, formatFloatF, goQuote } from "./go-compat";

/** Prints an expression as canonical PromQL, like Prometheus's `Expr.String()`. */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case "NumberLiteral":
      return e.duration && Number.isFinite(e.value) ? formatDuration(Math.round(e.value * 1000)) : formatFloatF(e.value);
    case "StringLiteral":
      return goQuote(e.value);
    case "VectorSelector":
      return printSelector(e) + modifiers(e.at, e.offsetMs, e.offsetExpr);
    case "MatrixSelector":
      return `${printSelector(e.vector)}[${duration(e.rangeMs, e.rangeExpr)}]${modifiers(e.vector.at, e.vector.offsetMs, e.vector.offsetExpr)}`;
    case "Subquery": {
      const step = e.stepExpr || e.stepMs ? duration(e.stepMs, e.stepExpr) : "";
      return `${printExpr(e.expr)}[${duration(e.rangeMs, e.rangeExpr)}:${step}]${modifiers(e.at, e.offsetMs, e.offsetExpr)}`;
    }
    case "Call":
      return `${e.func}(${e.args.map(printExpr).join(", ")})`;
    case "Aggregation": {
      let s = e.op;
      if (e.without) s += ` without (${joinLabels(e.grouping)}) `;
      else if (e.grouping.length > 0) s += ` by (${joinLabels(e.grouping)}) `;
      return `${s}(${e.param ? `${printExpr(e.param)}, ` : ""}${printExpr(e.expr)})`;
    }
    case "Binary": {
      let matching = "";
      const vm = e.matching;
      if (vm && (vm.labels.length > 0 || vm.on)) {
        matching = ` ${vm.on ? "on" : "ignoring"} (${joinLabels(vm.labels)})`;
        if (vm.card === "many-to-one" || vm.card === "one-to-many") {
          matching += ` group_${vm.card === "many-to-one" ? "left" : "right"} (${joinLabels(vm.include)})`;
        }
      }
      return `${printExpr(e.lhs)} ${e.op}${e.returnBool ? " bool" : ""}${matching} ${printExpr(e.rhs)}`;
    }
    case "Unary":
      return `${e.op}${printExpr(e.expr)}`;
    case "Paren":
      return `(${printExpr(e.expr)})`;
    default: {
      const _x: never = e;
      return _x;
    }
  }
}

const legacyName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Label lists quote names that are not legacy identifiers (UTF-8 names). */
function joinLabels(names: string[]): string {
  return names.map((n) => (legacyName.test(n) ? n : goQuote(n))).join(", ");
}

function printSelector(vs: VectorSelector): string {
  const rest = vs.matchers.filter((m) => !(m.name === "__name__" && m.type === "=" && m.value === vs.name));
  const body = rest.map((m) => `${/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(m.name) ? m.name : goQuote(m.name)}${m.type}${goQuote(m.value)}`).sort().join(",");
  if (vs.name === undefined) return `{${body}}`;
  const name = legacyName.test(vs.name) ? vs.name : undefined;
  if (name === undefined) return `{${[goQuote(vs.name), body].filter(Boolean).join(", ")}}`;
  return rest.length ? `${name}{${body}}` : name;
}

function duration(ms: number, expr: DurationExpr | undefined): string {
  return expr ? printDuration(expr) : formatDuration(ms);
}

function modifiers(at: AtModifier | undefined, offsetMs: number, offsetExpr: DurationExpr | undefined): string {
  let s = "";
  if (at) s += at.kind === "timestamp" ? ` @ ${(at.ms / 1000).toFixed(3)}` : ` @ ${at.kind}()`;
  if (offsetExpr) s += ` offset ${printDuration(offsetExpr)}`;
  else if (offsetMs !== 0) s += ` offset ${formatDuration(offsetMs)}`;
  return s;
}
