/** Go standard-library behaviours PromQL results depend on (number formatting, quoting, durations, regexes, pow). */

/** Formats like Go's `strconv.FormatFloat(f, 'f', -1, 64)` (shortest digits, never an exponent). */
export function formatFloatF(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  const [digits, exp] = shortestDigits(f);
  const sign = f < 0 || Object.is(f, -0) ? "-" : "";
  const dp = exp + 1; // position of the decimal point relative to the digit string
  if (dp <= 0) return `${sign}0.${"0".repeat(-dp)}${digits}`;
  if (dp >= digits.length) return sign + digits + "0".repeat(dp - digits.length);
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/** Formats like Go's `fmt.Sprint(float64)` (`%v`: shortest digits, exponent when exp < -4 or >= 6, as for 1e+06). */
export function formatFloatV(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  const [digits, exp] = shortestDigits(f);
  if (exp < -4 || exp >= 6) {
    const sign = f < 0 ? "-" : "";
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  return formatFloatF(f);
}

/** Shortest round-trip decimal digits of |f| and the decimal exponent of the first digit. */
function shortestDigits(f: number): [string, number] {
  if (f === 0) return ["0", 0];
  const [mant = "0", e = "0"] = Math.abs(f).toExponential().split("e");
  return [mant.replace(".", ""), Number(e)];
}

/** Quotes like Go's `strconv.Quote`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case "\\": out += "\\\\"; continue;
      case "\n": out += "\\n"; continue;
      case "\r": out += "\\r"; continue;
      case "\t": out += "\\t"; continue;
      case "\x07": out += "\\a"; continue;
      case "\b": out += "\\b"; continue;
      case "\f": out += "\\f"; continue;
      case "\v": out += "\\v"; continue;
    }
    if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

/** Unquotes a PromQL string literal like Go's `strconv.Unquote`; returns undefined when invalid. */
export function goUnquote(lit: string): string | undefined {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) return undefined;
  const body = lit.slice(1, -1);
  if (q === "`") return body.includes("`") ? undefined : body.replace(/\r/g, "");
  if (q !== '"' && q !== "'") return undefined;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === "\n" || ch === q) return undefined;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"' };
    if (e === undefined) return undefined;
    if (e in simple) {
      if ((e === "'" || e === '"') && e !== q) return undefined;
      out += simple[e];
      continue;
    }
    const hexLen = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) return undefined;
      const code = parseInt(hex, 16);
      if (e === "x") out += String.fromCharCode(code); // a raw byte; good enough for label values in practice
      else if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
      else out += String.fromCodePoint(code);
      i += hexLen;
      continue;
    }
    if (e >= "0" && e <= "7") {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
      continue;
    }
    return undefined;
  }
  return out;
}

const durationUnits: [string, number][] = [
  ["y", 365 * 24 * 3600 * 1000],
  ["w", 7 * 24 * 3600 * 1000],
  ["d", 24 * 3600 * 1000],
  ["h", 3600 * 1000],
  ["m", 60 * 1000],
  ["s", 1000],
  ["ms", 1],
];
const durationRe = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses a Prometheus duration (`1h30m`, `5m`, `0`) to milliseconds; undefined when invalid. */
export function parseDuration(s: string): number | undefined {
  if (s === "0") return 0;
  const m = durationRe.exec(s);
  if (!m || s === "") return undefined;
  let ms = 0;
  durationUnits.forEach(([, mult], i) => {
    const g = m[i + 1];
    if (g !== undefined) ms += Number(g) * mult;
  });
  return ms;
}

/** Formats milliseconds like Prometheus's `model.Duration.String()`. */
export function formatDuration(msIn: number): string {
  if (msIn === 0) return "0s";
  let ms = Math.abs(msIn);
  let r = msIn < 0 ? "-" : "";
  for (const [unit, mult] of durationUnits) {
    // Years and weeks only when exact: 90d reads better than 12w6d.
    if ((unit === "y" || unit === "w") && ms % mult !== 0) continue;
    const v = Math.floor(ms / mult);
    if (v > 0) {
      r += `${v}${unit}`;
      ms -= v * mult;
    }
  }
  return r;
}

/** Go's `math.Pow`, which differs from `**` for a few special cases (1^NaN, (-1)^±Inf). */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if ((x === -1) && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

const regexCache = new Map<string, RegExp>();

/** Compiles an RE2-style pattern fully anchored with `.` matching newlines, as Prometheus 3 does. Throws SyntaxError. */
export function compileAnchoredRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re) return re;
  let flags = "s";
  let body = pattern;
  // JS lacks inline flag groups; a leading (?i) is common in PromQL and maps to the i flag.
  const lead = /^\(\?([ims]+)\)/.exec(body);
  if (lead) {
    if (lead[1]?.includes("i")) flags += "i";
    body = body.slice(lead[0].length);
  }
  body = body.replace(/\(\?P</g, "(?<");
  try {
    re = new RegExp(`^(?:${body})$`, flags + "u");
  } catch {
    re = new RegExp(`^(?:${body})$`, flags);
  }
  regexCache.set(pattern, re);
  return re;
}
