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
    else if (c >= 0xdc80 && c <= 0xdcff) out += `\\x${(c - 0xdc00).toString(16)}`; // a raw invalid byte, see goUnquote
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

/**
 * Unquotes a PromQL string literal like Go's `strconv.Unquote`; returns undefined when invalid.
 * Go strings are bytes: escapes like `\xff` can make invalid UTF-8, which we keep as lone surrogates U+DC80..U+DCFF
 * (so validity checks and `goQuote` can still see the raw byte).
 */
export function goUnquote(lit: string): string | undefined {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) return undefined;
  const body = lit.slice(1, -1);
  if (q === "`") return body.includes("`") ? undefined : body.replace(/\r/g, "");
  if (q !== '"' && q !== "'") return undefined;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"' };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === "\n" || ch === q) return undefined;
    if (ch !== "\\") {
      const cp = body.codePointAt(i) as number;
      const s = String.fromCodePoint(cp);
      bytes.push(...encoder.encode(s));
      i += s.length - 1;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    const simpleCh = simple[e];
    if (simpleCh !== undefined) {
      if ((e === "'" || e === '"') && e !== q) return undefined;
      bytes.push(...encoder.encode(simpleCh));
      continue;
    }
    const hexLen = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (hex.length !== hexLen || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (e === "x") bytes.push(code);
      else if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
      else bytes.push(...encoder.encode(String.fromCodePoint(code)));
      i += hexLen;
      continue;
    }
    const oct = body.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined;
    bytes.push(parseInt(oct, 8));
    i += 2;
  }
  return decodeUtf8Escaped(bytes);
}

/** Decodes UTF-8, mapping each byte of an invalid sequence to a lone surrogate U+DC00+byte. */
function decodeUtf8Escaped(bytes: number[]): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    let cp = len === 1 ? b : len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : b & 0x07;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) ok = false;
      cp = (cp << 6) | (c & 0x3f);
    }
    const minimal = len === 3 ? cp >= 0x800 : len === 4 ? cp >= 0x10000 && cp <= 0x10ffff : true;
    if (ok && minimal && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += String.fromCodePoint(cp);
      i += len;
    } else {
      out += String.fromCharCode(0xdc00 + b);
      i++;
    }
  }
  return out;
}

/** Whether a string came from valid UTF-8 (see goUnquote). */
export function isValidUtf8(s: string): boolean {
  return !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
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

/** Compiles an RE2 pattern fully anchored with `.` matching newlines, as Prometheus 3 does. Throws SyntaxError. */
export function compileAnchoredRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${translateRe2(pattern)})$`, "su");
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

const syntaxChars = new Set("^$\\.*+?()[]{}|/");
const posixClasses: Record<string, string> = {
  alpha: "a-zA-Z", digit: "0-9", alnum: "a-zA-Z0-9", space: "\\s", upper: "A-Z", lower: "a-z", word: "\\w",
  xdigit: "0-9A-Fa-f", punct: "!-\\/:-@\\[-`{-~", blank: " \\t", cntrl: "\\x00-\\x1f\\x7f", print: " -~", graph: "!-~", ascii: "\\x00-\\x7f",
};

function swapCase(c: string): string {
  const l = c.toLowerCase();
  return l === c ? c.toUpperCase() : l;
}

/**
 * Rewrites RE2 syntax JavaScript (Node 20) lacks: inline flags `(?i)` / `(?i:...)` become explicit case classes,
 * `(?P<n>` becomes `(?<n>`, POSIX classes expand, and Go's lenient punctuation escapes become u-mode-safe.
 */
function translateRe2(p: string): string {
  let out = "";
  const stack: boolean[] = [];
  let ci = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === "\\") {
      const d = p[i + 1] ?? "";
      i++;
      if (d === "A") out += "^";
      else if (d === "z") out += "$";
      else if ((d === "p" || d === "P") && p[i + 1] !== "{") out += `\\${d}{${p[++i] ?? ""}}`;
      else if (/[a-zA-Z0-9]/.test(d) || syntaxChars.has(d)) out += `\\${d}`;
      else out += d === "-" ? "\\x2d" : d;
      continue;
    }
    if (c === "[") {
      let j = i + 1;
      let body = "";
      let extra = "";
      if (p[j] === "^") {
        body += "^";
        j++;
      }
      if (p[j] === "]") {
        body += "\\]";
        j++;
      }
      for (; j < p.length && p[j] !== "]"; j++) {
        const x = p[j] as string;
        if (x === "\\") {
          const d = p[j + 1] ?? "";
          body += /[a-zA-Z0-9]/.test(d) || syntaxChars.has(d) || d === "-" ? `\\${d}` : d;
          j++;
          continue;
        }
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(j));
        if (posix && posixClasses[posix[2] as string] && !posix[1]) {
          body += posixClasses[posix[2] as string];
          j += posix[0].length - 1;
          continue;
        }
        if (x === "[") body += "\\[";
        else body += x;
        if (ci && /[a-zA-Z]/.test(x)) extra += swapCase(x);
        else if (ci && x === "-" && extra !== "") extra += "-";
      }
      if (j >= p.length) throw new SyntaxError(`missing closing ] in ${p}`);
      out += `[${body}${ci ? extra.replace(/^-|-$/g, "") : ""}]`;
      i = j;
      continue;
    }
    if (c === "(") {
      const flags = /^\(\?([imsU-]*)(\)|:)/.exec(p.slice(i));
      if (p.startsWith("(?P<", i)) {
        stack.push(ci);
        out += "(?<";
        i += 3;
      } else if (flags) {
        const f = flags[1] as string;
        const neg = f.indexOf("-");
        const on = neg < 0 ? f : f.slice(0, neg);
        const off = neg < 0 ? "" : f.slice(neg);
        const nextCi: boolean = on.includes("i") ? true : off.includes("i") ? false : ci;
        if (flags[2] === ")") ci = nextCi;
        else {
          stack.push(ci);
          ci = nextCi;
          out += "(?:";
        }
        i += flags[0].length - 1;
      } else {
        stack.push(ci);
        out += "(";
      }
      continue;
    }
    if (c === ")") {
      ci = stack.pop() ?? false;
      out += ")";
      continue;
    }
    out += ci && /[a-zA-Z]/.test(c) ? `[${c}${swapCase(c)}]` : c;
  }
  return out;
}
