import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript, type EvalResult } from "../src/promqltest/run";

const dir = join(import.meta.dirname, "..", "testdata");

/** Files whose float evals must all pass (native-histogram evals inside them are skipped by the harness, with a reason). */
const CORE = [
  "aggregators", "collision", "functions", "histograms", "literals", "name_label_dropping", "operators",
  "range_queries", "selectors", "staleness", "trig_functions",
  // Experimental upstream, but implemented: limitk and limit_ratio (same label hash as Prometheus), duration expressions.
  "limit",
  "duration_expression",
];

/** Files skipped as a whole: experimental features or native histograms only. */
const SKIPPED_FILES: Record<string, string> = {
  native_histograms: "native histograms only",
  extended_vectors: "experimental: anchored/smoothed range selectors",
  "fill-modifier": "experimental: binop fill() modifiers",
  info: "experimental: info() function",
  type_and_unit: "experimental: type-and-unit labels",
  start_timestamps: "experimental: start-timestamp storage",
};

/** Core evals allowed to fail, keyed `file:line`, each with the reason. */
const EXCEPTIONS: Record<string, string> = {
  ...Object.fromEntries(
    [164, 179, 197].map((line) => [
      `duration_expression:${line}`,
      "upper-case STEP(): the official lezer grammar matches step() in durations case-sensitively, Prometheus's lexer does not",
    ]),
  ),
  ...Object.fromEntries(
    [2221, 2224, 2227, 2230, 2234, 2237, 2241, 2244, 2248, 2251, 2255, 2258, 2261, 2264].map((line) => [
      `functions:${line}`,
      "min_of()/max_of() at top level: the official lezer grammar only accepts them inside duration expressions (experimental)",
    ]),
  ),
};

const summary: { file: string; pass: number; fail: number; skip: number; excepted: number }[] = [];

describe("Prometheus PromQL test scripts", () => {
  for (const file of CORE) {
    it(`${file}.test`, async () => {
      const results: EvalResult[] = await runScript(readFileSync(join(dir, `${file}.test`), "utf8"));
      const failures = results.filter((r) => r.status === "fail");
      const unexpected = failures.filter((r) => EXCEPTIONS[`${file}:${r.line}`] === undefined);
      summary.push({
        file,
        pass: results.filter((r) => r.status === "pass").length,
        fail: failures.length,
        skip: results.filter((r) => r.status === "skip").length,
        excepted: failures.length - unexpected.length,
      });
      expect(unexpected.map((r) => `${file}.test:${r.line}: ${r.expr}\n    ${r.reason}`)).toEqual([]);
    });
  }

  it("lists every testdata file as core or skipped", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".test")).map((f) => f.slice(0, -".test".length));
    expect([...CORE, ...Object.keys(SKIPPED_FILES)].sort()).toEqual(files.sort());
  });

  afterAll(() => {
    const rows = summary.sort((a, b) => a.file.localeCompare(b.file));
    const lines = rows.map((r) => `${r.file.padEnd(22)} ${String(r.pass).padStart(5)} ${String(r.fail).padStart(5)} ${String(r.excepted).padStart(8)} ${String(r.skip).padStart(5)}`);
    console.log([`${"file".padEnd(22)} ${"pass".padStart(5)} ${"fail".padStart(5)} ${"excepted".padStart(8)} ${"skip".padStart(5)}`, ...lines, ...Object.entries(SKIPPED_FILES).map(([f, why]) => `${f.padEnd(22)} skipped: ${why}`)].join("\n"));
  });
});
