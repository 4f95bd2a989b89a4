// Exactly representable powers of ten: a mantissa below 2^53 times or divided by one of these is a single
// correctly rounded IEEE operation (Clinger's fast path), so it equals what Number() would return.
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const MAX_FAST_DIGITS = 15;

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;

function isDecimalChar(c: number): boolean {
  return (c >= DIGIT_0 && c <= DIGIT_9) || c === DOT || c === PLUS || c === MINUS || c === 101 || c === 69;
}

function equalsIgnoreCase(s: string, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    if ((s.charCodeAt(start + i) | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Parses a float the way both formats spell it: decimal with optional sign, fraction and exponent, or
 * case-insensitive `[+-]Inf`, `[+-]Infinity`, `NaN`. No hex, no underscores, no out-of-range literals (Go's
 * ParseFloat rejects `1e400`). Returns undefined when `s[start, end)` is not such a number.
 */
export function parseFloatToken(s: string, start: number, end: number): number | undefined {
  let i = start;
  const first = s.charCodeAt(i);
  const negative = first === MINUS;
  if (negative || first === PLUS) i++;
  let mantissa = 0;
  let significant = 0;
  let seenDigits = 0;
  let exp10 = 0;
  let sawDot = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      if (mantissa !== 0 || c !== DIGIT_0) significant++;
      if (significant > MAX_FAST_DIGITS) return parseSlow(s, start, end);
      mantissa = mantissa * 10 + (c - DIGIT_0);
      seenDigits++;
      if (sawDot) exp10--;
    } else if (c === DOT && !sawDot) {
      sawDot = true;
    } else if ((c === 101 || c === 69) && seenDigits > 0) {
      const exponent = parseExponent(s, i + 1, end);
      if (exponent === undefined) return parseSlow(s, start, end);
      exp10 += exponent;
      break;
    } else {
      return parseSlow(s, start, end);
    }
  }
  if (seenDigits === 0 || exp10 < -22 || exp10 > 22) return parseSlow(s, start, end);
  const magnitude = exp10 >= 0 ? mantissa * (POW10[exp10] as number) : mantissa / (POW10[-exp10] as number);
  return negative ? -magnitude : magnitude;
}

// A short exponent (`e+06`, `E-5`) running to `end`; anything longer or odd goes to the slow path.
function parseExponent(s: string, start: number, end: number): number | undefined {
  let i = start;
  const sign = s.charCodeAt(i);
  if (sign === PLUS || sign === MINUS) i++;
  if (i === end || end - i > 3) return undefined;
  let exponent = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return undefined;
    exponent = exponent * 10 + (c - DIGIT_0);
  }
  return sign === MINUS ? -exponent : exponent;
}

function parseSlow(s: string, start: number, end: number): number | undefined {
  if (start >= end) return undefined;
  let allDecimal = true;
  for (let i = start; i < end; i++) {
    if (!isDecimalChar(s.charCodeAt(i))) {
      allDecimal = false;
      break;
    }
  }
  if (allDecimal) {
    // The charset excludes every non-decimal form Number() knows (hex, Infinity, whitespace, empty),
    // so NaN here means a malformed literal.
    const v = Number(s.slice(start, end));
    if (Number.isNaN(v) || !Number.isFinite(v)) return undefined;
    return v;
  }
  let i = start;
  const first = s.charCodeAt(i);
  const signed = first === PLUS || first === MINUS;
  if (signed) i++;
  if (equalsIgnoreCase(s, i, end, "inf") || equalsIgnoreCase(s, i, end, "infinity")) {
    return first === MINUS ? -Infinity : Infinity;
  }
  if (!signed && equalsIgnoreCase(s, i, end, "nan")) return NaN;
  return undefined;
}

/** True when `s[start, end)` is a decimal literal (OpenMetrics `realnumber`): no Inf/NaN spelling. */
export function isRealNumberToken(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (!isDecimalChar(s.charCodeAt(i))) return false;
  }
  return parseFloatToken(s, start, end) !== undefined;
}

/**
 * Formats a float as Prometheus 3 normalises `le` and `quantile` label values (Go's `%g` shortest, with
 * `.0` appended to integers), so `le="1"` and `le="1.0"` name the same series in both formats.
 */
export function formatOpenMetricsFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  const [mantissa = "", expText = "0"] = v.toExponential().split("e");
  const exp = Number(expText);
  // Go's shortest %g switches to exponent notation outside [1e-4, 1e6); JS's String() does so elsewhere.
  if (exp >= -4 && exp < 6) return withPointZero(String(v));
  const abs = Math.abs(exp);
  return `${mantissa}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
}

function withPointZero(s: string): string {
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}
