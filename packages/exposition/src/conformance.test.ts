import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeContentEncoding } from "./content-encoding";
import { ExpositionError } from "./errors";
import { parseOpenMetrics } from "./openmetrics-parser";
import { parsePrometheusText } from "./text-parser";
import type { ParseResult } from "./types";

const testdata = join(import.meta.dirname, "..", "testdata");
const read = (...path: string[]): Buffer => readFileSync(join(testdata, ...path));

function outcome(parse: () => ParseResult): true | string {
  try {
    parse();
    return true;
  } catch (error) {
    if (!(error instanceof ExpositionError)) throw error;
    return error.message;
  }
}

describe("OpenMetrics parser conformance suite (openmetrics-parsers/)", () => {
  // Cases where this parser knowingly disagrees with `shouldParse`, with the reason. None today; an entry
  // here that starts agreeing fails the test so the list stays honest.
  const exceptions: Record<string, string> = {};
  const cases = readdirSync(join(testdata, "openmetrics-parsers")).sort();

  it("holds the expected number of cases", () => {
    expect(cases).toHaveLength(106);
  });

  it.each(cases)("%s", (name) => {
    const { shouldParse } = JSON.parse(read("openmetrics-parsers", name, "test.json").toString("utf8")) as {
      shouldParse: boolean;
    };
    const result = outcome(() => parseOpenMetrics(read("openmetrics-parsers", name, "metrics")));
    const agrees = (result === true) === shouldParse;
    expect(agrees, `${name}: shouldParse=${shouldParse}, got ${result}`).toBe(!(name in exceptions));
  });
});

describe("Prometheus self-scrape (prometheus-textparse/)", () => {
  it("parses to exactly 237 families and 1857 samples", () => {
    const { samples, metadata } = parsePrometheusText(read("prometheus-textparse", "alltypes.237mfs.prom.txt"));
    expect(metadata.size).toBe(237);
    expect(samples).toHaveLength(1857);
    expect([...metadata.values()].every((m) => m.type !== "unknown" && m.help !== undefined)).toBe(true);
  });

  it("yields the same 1857 samples without metadata lines", () => {
    const withMeta = parsePrometheusText(read("prometheus-textparse", "alltypes.237mfs.prom.txt"));
    const without = parsePrometheusText(read("prometheus-textparse", "alltypes.237mfs.nometa.prom.txt"));
    expect(without.metadata.size).toBe(0);
    expect(without.samples).toHaveLength(1857);
    // Only `le` and `quantile` spellings differ: Prometheus normalises them when the family is typed.
    const bound = new Set(["le", "quantile"]);
    const strip = (r: ParseResult) => r.samples.map((s) => [s.name, s.value, s.labels.filter(([n]) => !bound.has(n))]);
    expect(strip(without)).toEqual(strip(withMeta));
  });

  it("accepts the OpenMetrics histogram whose last group has no buckets (Prometheus does too)", () => {
    const { samples, metadata } = parseOpenMetrics(read("prometheus-textparse", "1histogram.om.txt"));
    expect(samples).toHaveLength(42);
    expect(metadata.get("golang_manual_histogram_seconds")?.type).toBe("histogram");
  });

  it("rejects alltypes.5mfs.om.txt: negative _sum values, which OpenMetrics 1.0 forbids (Prometheus accepts)", () => {
    expect(outcome(() => parseOpenMetrics(read("prometheus-textparse", "alltypes.5mfs.om.txt")))).toMatch(
      /line 33: rpc_durations_histogram_seconds_sum is counter-like and cannot be negative/,
    );
  });
});

describe("prometheus/common expfmt inputs (prometheus-common-expfmt/)", () => {
  it("parses the text sample and its gzip twin to the same 248 samples in 37 families", () => {
    const plain = parsePrometheusText(read("prometheus-common-expfmt", "testdata", "text"));
    const gz = read("prometheus-common-expfmt", "testdata", "text.gz");
    const unzipped = parsePrometheusText(decodeContentEncoding(gz, "gzip", 1 << 20));
    expect(plain.samples).toHaveLength(248);
    expect(plain.metadata.size).toBe(37);
    expect(unzipped).toEqual(plain);
  });

  // expfmt's TextParser (client_golang) is stricter than Prometheus's scrape parser; for scraping we follow
  // Prometheus, so these must-reject inputs of expfmt are accepted, each for the reason given.
  const acceptedUnlikeExpfmt: Record<string, string> = {
    from_test_parse_error_0: "no final newline: Prometheus appends one",
    from_test_parse_error_1: "unknown escape \\t is kept verbatim",
    from_test_parse_error_2: "a raw newline inside a quoted label value is part of the value",
    from_test_parse_error_7: "quantile values are not validated by the text parser",
    from_test_parse_error_12: "repeated HELP is allowed, the last one wins",
    from_test_parse_error_13: "repeated TYPE is allowed, the last one wins",
    from_test_parse_error_14: "TYPE after the samples of a family is allowed",
    from_test_parse_error_19: "le values are not validated by the text parser",
  };
  // And the reverse: expfmt accepts, Prometheus does not.
  const rejectedUnlikeExpfmt: Record<string, string> = {
    from_test_parse_3: "negative timestamp (-2): the Prometheus lexer only takes digits",
  };
  const corpus = readdirSync(join(testdata, "prometheus-common-expfmt", "fuzz-corpus")).sort();

  it.each(corpus)("%s", (name) => {
    const expfmtAccepts = !name.startsWith("from_test_parse_error");
    const expected = name in acceptedUnlikeExpfmt ? true : name in rejectedUnlikeExpfmt ? false : expfmtAccepts;
    const result = outcome(() => parsePrometheusText(read("prometheus-common-expfmt", "fuzz-corpus", name)));
    expect(result === true, `${name}: ${result}`).toBe(expected);
  });
});

describe("real node_exporter scrape (node-exporter-1.5.0.prom.txt)", () => {
  it("parses to 507 samples in 283 families", () => {
    const { samples, metadata } = parsePrometheusText(read("node-exporter-1.5.0.prom.txt"));
    expect(samples).toHaveLength(507);
    expect(metadata.size).toBe(283);
  });
});
