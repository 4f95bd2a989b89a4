const LEADING_FLAGS = /^\(\?([a-zA-Z]+)\)/;

/**
 * Translates a Prometheus (RE2) regex into an anchored PostgreSQL ARE. ARE accepts embedded options only at the
 * very start, so leading flags are hoisted and flags further in (`(?i)` for the rest of a group, `(?i:...)`)
 * become explicit case classes ([pP]); ARE also spells word boundaries \y/\Y and end of text \Z, and has no
 * named groups.
 */
export function toPostgresRegex(re: string): string {
  let flags = "";
  let body = re;
  const m = LEADING_FLAGS.exec(body);
  if (m) {
    if (caseInsensitive(m[1] as string, false, re)) flags = "(?i)";
    body = body.slice(m[0].length);
  }
  return `${flags}^(?:${translateBody(body, re)})$`;
}

// RE2's `s` (dot matches newline) is already ARE's default; `i` is the only other flag ARE can follow.
function caseInsensitive(letters: string, current: boolean, re: string): boolean {
  const [on = "", off = ""] = letters.split("-");
  if (/[^is]/.test(on + off)) throw new Error(`unsupported regex flags (?${letters}) in ${JSON.stringify(re)}`);
  return on.includes("i") ? true : off.includes("i") ? false : current;
}

const INLINE_FLAGS = /^\(\?([a-zA-Z-]*)(:|\))/;

function translateBody(body: string, re: string): string {
  let out = "";
  let ci = false;
  const groups: boolean[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === "\\" && i + 1 < body.length) {
      const next = body[i + 1] as string;
      out += next === "b" ? "\\y" : next === "B" ? "\\Y" : next === "z" ? "\\Z" : `\\${next}`;
      i++;
    } else if (c === "[") {
      const end = classEnd(body, i);
      const cls = body.slice(i, end + 1);
      out += ci ? `${cls.slice(0, -1)}${swappedLetters(cls)}]` : cls;
      i = end;
    } else if (c === "(") {
      groups.push(ci);
      const flags = INLINE_FLAGS.exec(body.slice(i));
      if (flags) {
        const scoped = flags[2] === ":";
        if (!scoped) groups.pop(); // `(?i)` opens no group: it changes the rest of the enclosing one
        ci = caseInsensitive(flags[1] as string, ci, re);
        out += scoped ? "(?:" : "";
        i += flags[0].length - 1;
      } else if (body.startsWith("(?P<", i) || body.startsWith("(?<", i)) {
        out += "(";
        i = body.indexOf(">", i);
      } else out += "(";
    } else if (c === ")") {
      ci = groups.pop() ?? ci;
      out += ")";
    } else if (ci && c.toLowerCase() !== c.toUpperCase()) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    } else out += c;
  }
  return out;
}

// The index of the `]` closing the class opened at `start` (a `]` right after `[` or `[^` is a member).
function classEnd(body: string, start: number): number {
  let i = start + 1;
  if (body[i] === "^") i++;
  if (body[i] === "]") i++;
  for (; i < body.length; i++) {
    if (body[i] === "\\") i++;
    else if (body.startsWith("[:", i)) i = body.indexOf(":]", i) + 1;
    else if (body[i] === "]") return i;
  }
  return body.length - 1;
}

// The other case of a class's letters and letter ranges, to append to it.
function swappedLetters(cls: string): string {
  let extra = "";
  const inner = cls.slice(cls[1] === "^" ? 2 : 1, -1);
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string;
    if (c === "\\" || inner.startsWith("[:", i)) {
      i = c === "\\" ? i + 1 : inner.indexOf(":]", i) + 1;
      continue;
    }
    const swap = (x: string) => (x.toLowerCase() === x ? x.toUpperCase() : x.toLowerCase());
    if (inner[i + 1] === "-" && i + 2 < inner.length) {
      const to = inner[i + 2] as string;
      if (swap(c) !== c && swap(to) !== to) extra += `${swap(c)}-${swap(to)}`;
      i += 2;
    } else if (swap(c) !== c) extra += swap(c);
  }
  return extra;
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
