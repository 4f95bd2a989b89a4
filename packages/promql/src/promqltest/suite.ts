import { join } from "node:path";

// The Prometheus `.test` scripts this engine is held to, run by test/promql-scripts.test.ts over memory and by the
// sample store's own test over Postgres.

/** Where the scripts are, copied from Prometheus with their LICENSE. */
export const SCRIPTS_DIR = join(import.meta.dirname, "..", "..", "testdata");

/** Files whose float evals must all pass (native-histogram evals inside them are skipped by the harness, with a reason). */
export const CORE_SCRIPTS = [
  "aggregators", "collision", "functions", "histograms", "literals", "name_label_dropping", "operators",
  "range_queries", "selectors", "staleness", "trig_functions",
  // Experimental upstream, but implemented: limitk and limit_ratio (same label hash as Prometheus), duration expressions.
  "limit",
  "duration_expression",
];

/** Files skipped as a whole: experimental features or native histograms only. */
export const SKIPPED_SCRIPTS: Record<string, string> = {
  native_histograms: "native histograms only",
  extended_vectors: "experimental: anchored/smoothed range selectors",
  "fill-modifier": "experimental: binop fill() modifiers",
  info: "experimental: info() function",
  type_and_unit: "experimental: type-and-unit labels",
  start_timestamps: "experimental: start-timestamp storage",
};

/** Core evals allowed to fail, keyed `file:line`, each with the reason. */
export const SCRIPT_EXCEPTIONS: Record<string, string> = {
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
