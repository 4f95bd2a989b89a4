/** Go `fmt` formatting of numbers and values, as Prometheus templates print them. */

/** Exact decimal digits of a finite double: value = 0.d1d2d3… × 10^point. */
function exactDigits(x: number): { digits: string; point: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const bits = buf.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  if (exp !== 0) mant |= 1n << 52n;
  let e2 = (exp === 0 ? 1 : exp) - 1075;
  if (mant === 0n) return { digits: "0", point: 1 };
  let digits: string;
  let point: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    point = digits.length;
  } else {
    // m / 2^k = m·5^k / 10^k: exact, so rounding below never suffers double rounding.
    while ((mant & 1n) === 0n && e2 < 0) {
      mant >>= 1n;
      e2++;
    }
    digits = (mant * 5n ** BigInt(-e2)).toString();
    point = digits.length + e2;
  }
  return { digits: digits.replace(/0+$/, "") || "0", point };
}

/** Rounds decimal digits to n significant digits, half to even like Go's strconv. */
function roundDigits(d: { digits: string; point: number }, n: number): { digits: string; point: number } {
  if (n < 0) return { digits: "0", point: d.point };
  if (d.digits.length <= n) return d;
  const keep = d.digits.slice(0, n);
  const rest = d.digits.slice(n);
  const first = rest.charCodeAt(0) - 48;
  const tail = rest.slice(1).replace(/0/g, "");
  const last = n > 0 ? keep.charCodeAt(n - 1) - 48 : 0;
  const up = first > 5 || (first === 5 && (tail !== "" || last % 2 === 1));
  if (!up) return { digits: keep.replace(/0+$/, "") || "0", point: d.point };
  // Propagate the carry through the kept digits.
  const arr = (keep === "" ? "0" : keep).split("").map(Number);
  let i = arr.length - 1;
  let point = keep === "" ? d.point + 1 : d.point;
  for (; i >= 0; i--) {
    if (arr[i] === 9) arr[i] = 0;
    else {
      arr[i] = (arr[i] as number) + 1;
      break;
    }
  }
  if (i < 0) {
    arr.unshift(1);
    point++;
  }
  return { digits: arr.join("").replace(/0+$/, "") || "0", point };
}

/** Shortest round-trip digits (what Go's precision -1 yields), from JS's shortest representation. */
function shortestDigits(x: number): { digits: string; point: number } {
  const [mant, exp] = Math.abs(x).toExponential().split("e") as [string, string];
  return { digits: mant.replace(".", "").replace(/0+$/, "") || "0", point: Number(exp) + 1 };
}

function expForm(digits: string, point: number, minDigits: number, upper: boolean): string {
  const d = digits.padEnd(minDigits, "0");
  const e = digits === "0" ? 0 : point - 1;
  const mant = d.length > 1 ? `${d[0]}.${d.slice(1)}` : d;
  const es = Math.abs(e) < 10 ? `0${Math.abs(e)}` : `${Math.abs(e)}`;
  return `${mant}${upper ? "E" : "e"}${e < 0 ? "-" : "+"}${es}`;
}

function fixedForm(digits: string, point: number, frac: number): string {
  const intPart = point <= 0 ? "0" : digits.slice(0, point).padEnd(point, "0");
  let f = point < 0 ? "0".repeat(-point) + digits : digits.slice(Math.max(point, 0));
  if (frac >= 0) f = f.padEnd(frac, "0").slice(0, frac);
  return f === "" ? intPart : `${intPart}.${f}`;
}

/** Formats a float like Go's strconv.FormatFloat(f, verb, prec, 64) for verbs e, E, f, g, G (prec -1 = shortest). */
export function formatFloat(x: number, verb: "e" | "E" | "f" | "g" | "G", prec: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const exact = exactDigits(x);
  const shortest = prec < 0;
  switch (verb) {
    case "e":
    case "E": {
      const d = shortest ? shortestDigits(x) : roundDigits(exact, prec + 1);
      return sign + expForm(d.digits, d.point, shortest ? 0 : prec + 1, verb === "E");
    }
    case "f": {
      const d = shortest ? shortestDigits(x) : roundDigits(exact, exact.point + prec);
      return sign + fixedForm(d.digits, d.point, shortest ? -1 : prec);
    }
    case "g":
    case "G": {
      const p = prec === 0 ? 1 : prec;
      const d = shortest ? shortestDigits(x) : roundDigits(exact, p);
      // Go: %e when exp < -4 || exp >= eprec; eprec is 6 for shortest, else the precision capped by the digits.
      let eprec = shortest ? 6 : p;
      if (!shortest && eprec > d.digits.length && d.digits.length >= d.point) eprec = d.digits.length;
      const exp = d.point - 1;
      if (exp < -4 || exp >= eprec) return sign + expForm(d.digits, d.point, 0, verb === "G");
      return sign + fixedForm(d.digits, d.point, -1);
    }
  }
}

/** Prints a template value like Go's `fmt.Sprint`; Go ints are carried as bigint, float64 as number. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return "<no value>";
  if (typeof v === "number") return formatFloat(v, "g", -1);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map(formatValue).join(" ")}]`;
  if (typeof v === "object") {
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => `${k}:${formatValue((v as Record<string, unknown>)[k])}`);
    return `map[${entries.join(" ")}]`;
  }
  return String(v);
}

const verbRe = /%([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*)?)?([a-zA-Z%])/g;

/** Go's `fmt.Sprintf` for the verbs templates use: v s q d f F e E g G x X t %. */
export function sprintf(format: string, args: unknown[]): string {
  let argi = 0;
  let out = format.replace(verbRe, (whole, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (width === "*") width = String(args[argi++]);
    if (precision === "*") precision = String(args[argi++]);
    if (argi >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[argi++];
    const hasPrec = whole.includes(".");
    const prec = hasPrec ? Number(precision ?? 0) : -1;
    let s = formatVerb(verb, arg, prec, flags);
    const numeric = typeof arg === "number" || typeof arg === "bigint";
    if (flags.includes("+") && numeric && arg >= 0 && "dfFeEgGv".includes(verb)) s = `+${s}`;
    else if (flags.includes(" ") && numeric && arg >= 0 && "dfFeEgG".includes(verb)) s = ` ${s}`;
    const w = width === undefined ? 0 : Number(width);
    if (s.length < w) {
      if (flags.includes("-")) s = s.padEnd(w);
      else if (flags.includes("0") && numeric && s !== "NaN" && !s.endsWith("Inf")) {
        const neg = s[0] === "-" || s[0] === "+";
        s = neg ? s[0] + s.slice(1).padStart(w - 1, "0") : s.padStart(w, "0");
      } else s = s.padStart(w);
    }
    return s;
  });
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goTypeName(a)}=${formatValue(a)}`).join(", ")})`;
  return out;
}

function goTypeName(v: unknown): string {
  if (typeof v === "number") return "float64";
  if (typeof v === "bigint") return "int";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  return "map[string]string";
}

function formatVerb(verb: string, arg: unknown, prec: number, flags: string): string {
  const bad = () => `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
  switch (verb) {
    case "v":
      return formatValue(arg);
    case "s":
      return typeof arg === "number" ? bad() : prec >= 0 ? formatValue(arg).slice(0, prec) : formatValue(arg);
    case "q":
      return typeof arg === "string" ? JSON.stringify(arg) : typeof arg === "bigint" ? `'${String.fromCodePoint(Number(arg))}'` : bad();
    case "t":
      return typeof arg === "boolean" ? String(arg) : bad();
    case "d":
      return typeof arg === "bigint" ? arg.toString() : bad();
    case "x":
    case "X": {
      let s: string;
      if (typeof arg === "bigint") s = (arg < 0n ? "-" : "") + (arg < 0n ? -arg : arg).toString(16);
      else if (typeof arg === "string") s = Buffer.from(arg, "utf8").toString("hex");
      else return bad();
      if (flags.includes("#")) s = s.startsWith("-") ? `-0x${s.slice(1)}` : `0x${s}`;
      return verb === "X" ? s.toUpperCase() : s;
    }
    case "f":
    case "F":
    case "e":
    case "E":
    case "g":
    case "G": {
      if (typeof arg !== "number") return bad();
      const v = verb === "F" ? "f" : (verb as "e" | "E" | "f" | "g" | "G");
      // Go's default precision is 6 for %e and %f, shortest for %g.
      const p = prec >= 0 ? prec : v === "g" || v === "G" ? -1 : 6;
      return formatFloat(arg, v, p);
    }
    default:
      return `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
  }
}
