/** Executes parsed Go templates over JS values: Go ints are bigint, float64 is number, maps are plain objects. */
import { formatValue, sprintf } from "./go-format";
import { parseTemplate, TemplateError, type ControlNode, type Operand, type Pipe, type TemplateNode } from "./template-parse";

/** A template function; throwing fails the execution with the message, as a Go function returning an error does. */
export type TemplateFunction = (...args: unknown[]) => unknown;

const structTag: unique symbol = Symbol("goStruct");

/** Marks an object as a Go struct: a missing field is an error, whereas a missing map key yields the zero value. */
export function goStruct<T extends object>(o: T): T {
  Object.defineProperty(o, structTag, { value: true });
  return o;
}

class BreakSignal {}
class ContinueSignal {}

/** Go's notion of truth for if/with/and/or/not. */
export function truth(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "bigint") return v !== 0n;
  if (typeof v === "string") return v !== "";
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return structTag in v || Object.keys(v).length > 0;
  return true;
}

function basicKind(v: unknown): string {
  if (typeof v === "number") return "float";
  if (typeof v === "bigint") return "int";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  return "other";
}

function compare(op: string, a: unknown, b: unknown): number {
  if (basicKind(a) !== basicKind(b) || basicKind(a) === "other") throw new Error(`error calling ${op}: incompatible types for comparison`);
  if (basicKind(a) === "bool" && op !== "eq" && op !== "ne") throw new Error(`error calling ${op}: invalid type for comparison`);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** text/template's predefined functions. */
const builtins: Record<string, TemplateFunction> = {
  and: (...args) => args.find((a) => !truth(a)) ?? args[args.length - 1],
  or: (...args) => args.find((a) => truth(a)) ?? args[args.length - 1],
  not: (a) => !truth(a),
  len: (a) => {
    if (typeof a === "string") return BigInt(Buffer.byteLength(a));
    if (Array.isArray(a)) return BigInt(a.length);
    if (a && typeof a === "object") return BigInt(Object.keys(a).length);
    throw new Error(`error calling len: len of type ${basicKind(a)}`);
  },
  index: (item, ...keys) => {
    let v = item;
    for (const k of keys) {
      if (Array.isArray(v)) v = v[Number(k)];
      else if (v && typeof v === "object") v = (v as Record<string, unknown>)[String(k)];
      else throw new Error(`error calling index: can't index item of type ${basicKind(v)}`);
    }
    return v;
  },
  print: (...args) => args.map((a, i) => (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string" ? " " : "") + formatValue(a)).join(""),
  println: (...args) => `${args.map(formatValue).join(" ")}\n`,
  printf: (format, ...args) => sprintf(String(format), args),
  eq: (a, ...bs) => bs.some((b) => compare("eq", a, b) === 0),
  ne: (a, b) => compare("ne", a, b) !== 0,
  lt: (a, b) => compare("lt", a, b) < 0,
  le: (a, b) => compare("le", a, b) <= 0,
  gt: (a, b) => compare("gt", a, b) > 0,
  ge: (a, b) => compare("ge", a, b) >= 0,
  urlquery: (...args) => encodeURIComponent(args.map(formatValue).join("")).replace(/%20/g, "+"),
  html: (...args) =>
    args
      .map(formatValue)
      .join("")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&#34;")
      .replace(/'/g, "&#39;"),
};

/** A parsed template ready to execute many times. */
export class Template {
  private constructor(
    readonly name: string,
    private readonly nodes: TemplateNode[],
    private readonly funcs: Record<string, TemplateFunction>,
  ) {}

  /** Parses `src`; throws TemplateError for syntax errors, unknown functions and undefined variables. */
  static parse(name: string, src: string, funcs: Record<string, TemplateFunction> = {}): Template {
    const all = { ...builtins, ...funcs };
    return new Template(name, parseTemplate(name, src, new Set(Object.keys(all))), all);
  }

  /** Renders the template with `data` as dot; throws TemplateError on execution errors. */
  execute(data: unknown): string {
    const out: string[] = [];
    const vars: Array<[string, unknown]> = [["$", data]];
    this.walk(this.nodes, data, vars, out);
    return out.join("");
  }

  private walk(nodes: TemplateNode[], dot: unknown, vars: Array<[string, unknown]>, out: string[]): void {
    for (const n of nodes) {
      switch (n.kind) {
        case "text":
          out.push(n.text);
          break;
        case "action": {
          const v = this.pipe(n.pipe, dot, vars, n.line);
          // Declarations print nothing.
          if (n.pipe.decl.length === 0) out.push(formatValue(v));
          break;
        }
        case "if":
        case "with": {
          const mark = vars.length;
          const v = this.pipe(n.pipe, dot, vars, n.line);
          if (truth(v)) this.walk(n.list, n.kind === "with" ? v : dot, vars, out);
          else if (n.elseList) this.walk(n.elseList, dot, vars, out);
          vars.length = mark;
          break;
        }
        case "range":
          this.range(n, dot, vars, out);
          break;
        case "break":
          throw new BreakSignal();
        case "continue":
          throw new ContinueSignal();
        default: {
          const _x: never = n;
          return _x;
        }
      }
    }
  }

  private range(n: ControlNode<"range">, dot: unknown, vars: Array<[string, unknown]>, out: string[]): void {
    const mark = vars.length;
    const decl = n.pipe.decl;
    const v = this.pipe({ ...n.pipe, decl: [] }, dot, vars, n.line);
    let items: Array<[unknown, unknown]>;
    if (Array.isArray(v)) items = v.map((x, i) => [BigInt(i), x]);
    else if (typeof v === "bigint") items = Array.from({ length: Number(v) }, (_, i) => [BigInt(i), BigInt(i)]);
    else if (v && typeof v === "object") items = Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]);
    else if (v === undefined || v === null) items = [];
    else throw new TemplateError(this.name, n.line, `range can't iterate over ${formatValue(v)}`);
    if (items.length === 0) {
      if (n.elseList) this.walk(n.elseList, dot, vars, out);
      return;
    }
    for (const [k, x] of items) {
      vars.length = mark;
      if (decl.length === 1) vars.push([decl[0] as string, x]);
      if (decl.length === 2) vars.push([decl[0] as string, k], [decl[1] as string, x]);
      try {
        this.walk(n.list, x, vars, out);
      } catch (e) {
        if (e instanceof BreakSignal) break;
        if (!(e instanceof ContinueSignal)) throw e;
      }
    }
    vars.length = mark;
  }

  private pipe(p: Pipe, dot: unknown, vars: Array<[string, unknown]>, line: number): unknown {
    let value: unknown;
    let hasFinal = false;
    for (const cmd of p.cmds) {
      const [head, ...rest] = cmd.args;
      if (head?.kind === "function" && (head.name === "and" || head.name === "or") && !hasFinal) {
        value = this.shortCircuit(head.name, rest, dot, vars, line);
      } else if (head?.kind === "function") {
        const args = rest.map((a) => this.operand(a, dot, vars, line));
        if (hasFinal) args.push(value);
        try {
          value = (this.funcs[head.name] as TemplateFunction)(...args);
        } catch (e) {
          if (e instanceof TemplateError) throw e;
          const msg = (e as Error).message;
          throw new TemplateError(this.name, line, msg.startsWith("error calling") ? msg : `error calling ${head.name}: ${msg}`);
        }
      } else {
        if (rest.length > 0 || hasFinal) throw new TemplateError(this.name, line, `can't give argument to non-function ${describe(head as Operand)}`);
        value = this.operand(head as Operand, dot, vars, line);
      }
      hasFinal = true;
    }
    for (const name of p.decl) {
      if (p.assign) {
        for (let i = vars.length - 1; i >= 0; i--) if ((vars[i] as [string, unknown])[0] === name) (vars[i] as [string, unknown])[1] = value;
      } else vars.push([name, value]);
    }
    return value;
  }

  /** Go 1.18+ evaluates and/or arguments only until the result is known. */
  private shortCircuit(name: "and" | "or", args: Operand[], dot: unknown, vars: Array<[string, unknown]>, line: number): unknown {
    if (args.length === 0) throw new TemplateError(this.name, line, `wrong number of args for ${name}: want at least 1 got 0`);
    let v: unknown;
    for (const a of args) {
      v = this.operand(a, dot, vars, line);
      if (truth(v) === (name === "or")) return v;
    }
    return v;
  }

  private operand(o: Operand, dot: unknown, vars: Array<[string, unknown]>, line: number): unknown {
    switch (o.kind) {
      case "dot":
        return dot;
      case "field":
        return this.chain(dot, o.chain, line);
      case "variable": {
        for (let i = vars.length - 1; i >= 0; i--) {
          const [n, v] = vars[i] as [string, unknown];
          if (n === o.name) return this.chain(v, o.chain, line);
        }
        throw new TemplateError(this.name, line, `undefined variable: ${o.name}`);
      }
      case "function":
        return this.pipe({ decl: [], assign: false, cmds: [{ args: [o] }] }, dot, vars, line);
      case "pipe":
        return this.chain(this.pipe(o.pipe, dot, vars, line), o.chain, line);
      case "string":
      case "number":
      case "bool":
        return o.value;
      case "nil":
        throw new TemplateError(this.name, line, "nil is not a command");
      default: {
        const _x: never = o;
        return _x;
      }
    }
  }

  private chain(v: unknown, chain: string[], line: number): unknown {
    let cur = v;
    for (const name of chain) {
      // Fields of nothing are nothing (printed "<no value>"), as Go does for nil data.
      if (cur === null || cur === undefined) return undefined;
      if (typeof cur !== "object" || Array.isArray(cur)) throw new TemplateError(this.name, line, `can't evaluate field ${name} in type ${basicKind(cur)}`);
      const rec = cur as Record<string, unknown>;
      if (structTag in rec && !(name in rec)) throw new TemplateError(this.name, line, `can't evaluate field ${name}`);
      // A missing map key is Go's invalid value: "<no value>" when printed, false in conditions.
      cur = rec[name];
    }
    return cur;
  }
}

function describe(o: Operand): string {
  switch (o.kind) {
    case "field":
      return `.${o.chain.join(".")}`;
    case "variable":
      return o.name + o.chain.map((c) => `.${c}`).join("");
    case "string":
      return JSON.stringify(o.value);
    default:
      return o.kind;
  }
}
