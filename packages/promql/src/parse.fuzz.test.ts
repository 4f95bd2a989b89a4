import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ParseError, parseExpr } from "./parse";
import { printExpr } from "./printer";

/** Deterministic PRNG (mulberry32) so a failing input can be reproduced from the seed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tokens = [
  "sum", "by", "without", "(", ")", "{", "}", "[", "]", ":", ",", "=", "!=", "=~", "!~", '"a"', "'b'", "`c`", "foo",
  "rate", "offset", "@", "start()", "end()", "5m", "1h30m", "0x1f", "1.5e3", "Inf", "NaN", "-", "+", "*", "/", "%",
  "^", "==", "<", ">=", "bool", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "topk",
  "count_values", "histogram_quantile", "label_replace", "#", "\n", " ", "\\", '"', "\u00e9", "\ud800", "\x00", ".",
];

/** Valid queries from the test scripts, to mutate into near-valid hostile inputs. */
function corpus(): string[] {
  const dir = join(import.meta.dirname, "..", "testdata");
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".test"))) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      const m = /^\s*eval\S*\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.+)$/.exec(line);
      if (m?.[1]) out.push(m[1]);
    }
  }
  return out;
}

function parsesOrParseError(input: string): "ok" | "error" {
  try {
    parseExpr(input);
    return "ok";
  } catch (e) {
    if (e instanceof ParseError) return "error";
    throw new Error(`non-ParseError for ${JSON.stringify(input)}: ${String(e)}`);
  }
}

describe("parser fuzzing", () => {
  // Exponential backtracking would hang on some of these; the test timeout is the hang guard.
  it("throws only ParseError on random token soup", { timeout: 30_000 }, () => {
    const rand = rng(1);
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < 5000; i++) {
      const n = 1 + Math.floor(rand() * 20);
      let s = "";
      for (let k = 0; k < n; k++) s += tokens[Math.floor(rand() * tokens.length)];
      outcomes[parsesOrParseError(s)]++;
    }
    expect(outcomes.error).toBeGreaterThan(0);
  });

  it("throws only ParseError on mutated real queries, and what parses prints to something that parses", () => {
    const rand = rng(2);
    const queries = corpus();
    expect(queries.length).toBeGreaterThan(500);
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < 8000; i++) {
      let s = queries[Math.floor(rand() * queries.length)] as string;
      const edits = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(rand() * (s.length + 1));
        const tok = tokens[Math.floor(rand() * tokens.length)] as string;
        const op = rand();
        if (op < 0.4) s = s.slice(0, at) + tok + s.slice(at);
        else if (op < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 3));
        else s = s.slice(0, at) + tok + s.slice(at + tok.length);
      }
      const r = parsesOrParseError(s);
      outcomes[r]++;
      if (r === "ok") expect(parsesOrParseError(printExpr(parseExpr(s))), `${s} printed as ${printExpr(parseExpr(s))}`).toBe("ok");
    }
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.error).toBeGreaterThan(0);
  });

  // Lezer's error recovery took minutes on these before strict mode; the test timeout is the guard.
  it("rejects pathological nesting and length", { timeout: 30_000 }, () => {
    const n = 200_000;
    for (const s of ["(".repeat(n) + "1" + ")".repeat(n), "-".repeat(n) + "1", "a" + " + a".repeat(n), '"' + "\\".repeat(n), "{".repeat(n), "1.".repeat(n)]) {
      expect(parsesOrParseError(s)).toBe("error");
    }
  });
});
