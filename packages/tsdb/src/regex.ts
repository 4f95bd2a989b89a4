const LEADING_FLAGS = /^\(\?([a-zA-Z]+)\)/;

/**
 * Translates a Prometheus (RE2) regex into an anchored PostgreSQL ARE.
 * ARE accepts embedded options only at the very start, and spells word boundaries \y/\Y and end of text \Z.
 */
export function toPostgresRegex(re: string): string {
  let flags = "";
  let body = re;
  const m = LEADING_FLAGS.exec(body);
  if (m) {
    const letters = m[1] as string;
    // RE2's `s` (dot matches newline) is already ARE's default; `i` maps directly.
    if (/[^is]/.test(letters)) throw new Error(`unsupported regex flags (?${letters}) in ${JSON.stringify(re)}`);
    if (letters.includes("i")) flags = "(?i)";
    body = body.slice(m[0].length);
  }
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === "\\" && i + 1 < body.length) {
      const next = body[i + 1] as string;
      out += next === "b" ? "\\y" : next === "B" ? "\\Y" : next === "z" ? "\\Z" : `\\${next}`;
      i++;
    } else out += c;
  }
  return `${flags}^(?:${out})$`;
}

/** Whether the anchored regex matches the empty string (a missing label), judged with JS RegExp; undefined when JS cannot tell. */
export function matchesEmpty(re: string): boolean | undefined {
  try {
    const m = LEADING_FLAGS.exec(re);
    const body = m ? re.slice(m[0].length) : re;
    return new RegExp(`^(?:${body})$`, m && (m[1] as string).includes("i") ? "i" : "").test("");
  } catch {
    return undefined;
  }
}
