import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExpositionError } from "./errors";
import { parsePrometheusText } from "./text-parser";
import type { KnownExposition, ParseLimits, ParseResult, Sample } from "./types";

function errorOf(input: string | Uint8Array, limits?: ParseLimits): ExpositionError {
  try {
    parsePrometheusText(input, limits);
  } catch (error) {
    if (error instanceof ExpositionError) return error;
    throw error;
  }
  throw new Error("expected the input to be rejected");
}

describe("parsePrometheusText", () => {
  it("accepts Prometheus's whitespace, comma and comment leniency", () => {
    const input = [
      "# HELP go_gc_duration_seconds A summary of the GC invocation durations.",
      "# \tTYPE go_gc_duration_seconds summary",
      'go_gc_duration_seconds{quantile="0.25",} 7.424100000000001e-05',
      'go_gc_duration_seconds{ quantile="0.9", a="b"} 8.3835e-05',
      "# Hrandom comment starting with prefix of HELP",
      "#",
      'go_gc_duration_seconds { quantile = "1.0" a = "b" } 8.3835e-05',
      "",
      '   some:aggregate:rate5m{a_b="c"}\t1',
      "go_goroutines 33  \t123123",
      'testmetric{label="\\"bar\\""}1',
      "no_final_newline 2",
    ].join("\n");
    const { samples, metadata } = parsePrometheusText(input);
    expect(samples).toEqual([
      { name: "go_gc_duration_seconds", labels: [["quantile", "0.25"]], value: 7.424100000000001e-5, timestampMs: undefined },
      { name: "go_gc_duration_seconds", labels: [["quantile", "0.9"], ["a", "b"]], value: 8.3835e-5, timestampMs: undefined },
      { name: "go_gc_duration_seconds", labels: [["quantile", "1.0"], ["a", "b"]], value: 8.3835e-5, timestampMs: undefined },
      { name: "some:aggregate:rate5m", labels: [["a_b", "c"]], value: 1, timestampMs: undefined },
      { name: "go_goroutines", labels: [], value: 33, timestampMs: 123123 },
      { name: "testmetric", labels: [["label", '"bar"']], value: 1, timestampMs: undefined },
      { name: "no_final_newline", labels: [], value: 2, timestampMs: undefined },
    ]);
    expect(metadata.get("go_gc_duration_seconds")).toEqual({
      type: "summary",
      help: "A summary of the GC invocation durations.",
      unit: undefined,
    });
  });

  it("unescapes label values and HELP like promparse and keeps unknown escapes", () => {
    const { samples, metadata } = parsePrometheusText(
      '# HELP m two-line\\n doc  str\\\\ing \\"q\\"\nm{a="x\\ny",b="back\\\\slash",c="\\t",d="multi\nline"} 1\n',
    );
    expect(metadata.get("m")?.help).toBe('two-line\n doc  str\\ing \\"q\\"');
    expect(samples[0]?.labels).toEqual([
      ["a", "x\ny"],
      ["b", "back\\slash"],
      ["c", "\\t"],
      ["d", "multi\nline"],
    ]);
  });

  it("reads NaN, infinities and Go float spellings", () => {
    const values = parsePrometheusText("a NaN\nb +Inf\nc -Inf\nd inf\ne -infinity\nf 1e3\ng .5\nh 5.\ni -0\nj 0001\n").samples.map(
      (s) => s.value,
    );
    expect(values).toEqual([NaN, Infinity, -Infinity, Infinity, -Infinity, 1000, 0.5, 5, -0, 1]);
  });

  it("keeps empty HELP and maps untyped to unknown", () => {
    const { metadata } = parsePrometheusText("# HELP nohelp1\n# HELP nohelp2 \n# TYPE u untyped\n");
    expect(metadata.get("nohelp1")?.help).toBe("");
    expect(metadata.get("nohelp2")?.help).toBe("");
    expect(metadata.get("u")?.type).toBe("unknown");
  });

  it("normalises le and quantile of typed histograms and summaries as Prometheus 3 does", () => {
    const { samples } = parsePrometheusText(
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="1e6"} 1\nh_bucket{le="+inf"} 1\n# TYPE s summary\ns{quantile="0"} 1\nuntyped_bucket{le="1"} 1\n',
    );
    expect(samples.map((s) => s.labels[0]?.[1])).toEqual(["1.0", "1e+06", "+Inf", "0.0", "1"]);
  });

  it.each([
    ["a", 'line 1: expected value after metric, got EOF while parsing: "a"'],
    ["a{b='c'} 1\n", `line 1: expected label value, got "'" while parsing: "a{b='"`],
    ["ok 1\n\na{b=\n", 'line 3: expected label value, got LINEBREAK while parsing: "a{b=\\n"'],
    ["a true\n", 'line 1: invalid value "true" while parsing: "a true\\n"'],
    ['something_weird{problem="', "line 1: expected label value, got EOF"],
    ['empty_label_name{=""} 0', 'line 1: expected label name, got "="'],
    ["foo 1_2\n", 'line 1: invalid value "1_2"'],
    ["foo 0x1p-3\n", 'line 1: invalid value "0x1p-3"'],
    ["foo 1e400\n", 'line 1: invalid value "1e400"'],
    ["foo 0 1_2\n", 'line 1: expected next entry after timestamp, got "_"'],
    ["foo 0 -1\n", 'line 1: expected timestamp or new record, got "-"'],
    ["foo 0 99999999999999999999\n", "line 1: timestamp \"99999999999999999999\" out of int64 range"],
    ['{a="ok"} 1', "line 1: metric name not set while parsing"],
    ['{"a","b"} 1', "line 1: metric name already set while parsing"],
    ['m{"a"} 1', "line 1: metric name already set while parsing"],
    ['{""} 1', "line 1: empty quoted name while parsing"],
    ['{"a", "b = "c"} 1', 'line 1: expected equal, got "c"'],
    ["# TYPE #\n", 'line 1: expected metric name after TYPE, got "#"'],
    ["# TYPE a gauge extra\n", 'line 1: invalid metric type "gauge extra"'],
    ['a{b="1",b="2"} 1\n', 'line 1: label name "b" is not unique'],
    ['a{__name__="b"} 1\n', 'line 1: label name "__name__" is not unique'],
    ["a 1\r\n", 'line 1: invalid value "1\\r"'],
    ["\0a 1\n", 'line 1: expected a valid start token, got "\\u0000"'],
  ])("rejects %j", (input, message) => {
    const error = errorOf(input);
    expect(error.code).toBe("parse");
    expect(error.message.startsWith(message), error.message).toBe(true);
  });

  it("accepts Prometheus 3's quoted UTF-8 metric and label names", () => {
    const input = [
      '# HELP "go.gc_duration_seconds" A summary of the GC invocation durations.',
      '# \tTYPE "go.gc_duration_seconds" summary',
      '{"go.gc_duration_seconds",quantile="0"} 4.9351e-05',
      '{ "go.gc_duration_seconds", quantile = "1.0", a = "b", } 8.3835e-05',
      '{quantile="0.5", "go.gc_duration_seconds"} 1',
      '{"go.gc_duration_seconds_count"} 99',
      'legacy{"label.with.dots"="x"} 1',
      '{"Heizölrückstoßabdämpfung 10€ metric with \\"interesting\\" {character\\nchoices}","strange©™\\n\'quoted\' \\"name\\""="6"} 10.0',
    ].join("\n");
    const { samples, metadata } = parsePrometheusText(input);
    expect(metadata.get("go.gc_duration_seconds")).toEqual({ type: "summary", help: "A summary of the GC invocation durations.", unit: undefined });
    expect(samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ["go.gc_duration_seconds", [["quantile", "0.0"]], 4.9351e-5],
      ["go.gc_duration_seconds", [["quantile", "1.0"], ["a", "b"]], 8.3835e-5],
      ["go.gc_duration_seconds", [["quantile", "0.5"]], 1],
      ["go.gc_duration_seconds_count", [], 99],
      ["legacy", [["label.with.dots", "x"]], 1],
      ['Heizölrückstoßabdämpfung 10€ metric with "interesting" {character\nchoices}', [["strange©™\n'quoted' \"name\"", "6"]], 10],
    ]);
  });

  it("rejects invalid UTF-8 anywhere in a byte body, naming the line", () => {
    const body = Buffer.concat([Buffer.from('ok 1\na{b="'), Buffer.from([0xff]), Buffer.from('"} 1\n')]);
    const error = errorOf(body);
    expect(error.code).toBe("invalid-utf8");
    expect(error.line).toBe(2);
  });

  it("rejects lone surrogates in string input", () => {
    expect(errorOf('a{b="\ud800"} 1\n').code).toBe("invalid-utf8");
    expect(parsePrometheusText('a{b="\ud83d\ude00"} 1\n').samples[0]?.labels).toEqual([["b", "😀"]]);
  });

  it("decodes UTF-8 label values from bytes", () => {
    const { samples } = parsePrometheusText(Buffer.from('temp{room="Küche ☕"} 21.5\n'));
    expect(samples[0]?.labels).toEqual([["room", "Küche ☕"]]);
  });

  it("detects duplicates among many labels", () => {
    const labels = Array.from({ length: 40 }, (_, i) => `l${i}="v"`);
    expect(parsePrometheusText(`m{${labels.join(",")}} 1`).samples[0]?.labels).toHaveLength(40);
    expect(errorOf(`m{${labels.join(",")},l7="again"} 1`).message).toMatch(/label name "l7" is not unique/);
  });

  describe("limits", () => {
    const body = 'a{x="1"} 1\nb{x="1",y="22"} 2\nc 3\n';

    it("aborts when the sample limit is exceeded", () => {
      expect(parsePrometheusText(body, { sampleLimit: 3 }).samples).toHaveLength(3);
      const error = errorOf(body, { sampleLimit: 2 });
      expect([error.code, error.line]).toEqual(["sample-limit", 3]);
    });

    it("counts the metric name towards label_limit", () => {
      expect(parsePrometheusText(body, { labelLimit: 3 }).samples).toHaveLength(3);
      const error = errorOf(body, { labelLimit: 2 });
      expect([error.code, error.line]).toEqual(["label-limit", 2]);
    });

    it("checks label name and value lengths in UTF-8 bytes", () => {
      expect(errorOf(body, { labelNameLengthLimit: 0 }).code).toBe("label-name-length-limit");
      expect(errorOf(body, { labelValueLengthLimit: 1 }).line).toBe(2);
      expect(errorOf('m{v="éé"} 1', { labelValueLengthLimit: 3 }).code).toBe("label-value-length-limit");
      expect(parsePrometheusText('m{v="éé"} 1', { labelValueLengthLimit: 4 }).samples).toHaveLength(1);
      expect(errorOf("a_very_long_metric_name 1", { labelValueLengthLimit: 5 }).message).toMatch(/metric name/);
    });
  });

  describe("known series", () => {
    const testdata = join(import.meta.dirname, "..", "testdata");
    const corpus = [
      join(testdata, "node-exporter-1.5.0.prom.txt"),
      join(testdata, "prometheus-textparse", "alltypes.237mfs.prom.txt"),
      join(testdata, "prometheus-textparse", "alltypes.237mfs.nometa.prom.txt"),
      join(testdata, "prometheus-common-expfmt", "testdata", "text"),
      ...readdirSync(join(testdata, "prometheus-common-expfmt", "fuzz-corpus")).map((name) => join(testdata, "prometheus-common-expfmt", "fuzz-corpus", name)),
    ];
    const nothing: KnownExposition = { series: [], comments: [], metadata: new Map() };
    const knownOf = ({ samples, comments, metadata }: ParseResult): KnownExposition => ({
      series: samples.map(({ series, name, labels }) => ({ series: series as string, name, labels })),
      comments: comments ?? [],
      metadata,
    });
    const plain = (samples: Sample[]) => samples.map(({ name, labels, value, timestampMs }) => ({ name, labels, value, timestampMs }));

    it("gives every sample its exposed text, and reparsing with it yields the same samples", () => {
      let bodies = 0;
      for (const path of corpus) {
        const body = readFileSync(path);
        let first: ParseResult;
        try {
          first = parsePrometheusText(body, {}, nothing);
        } catch (error) {
          if (error instanceof ExpositionError) continue;
          throw error;
        }
        bodies++;
        expect(first.samples.every((s) => s.series !== undefined && s.series.length > 0), path).toBe(true);
        expect(first.metadata, path).toEqual(parsePrometheusText(body).metadata);
        const again = parsePrometheusText(body, {}, knownOf(first));
        expect(plain(again.samples), path).toEqual(plain(first.samples));
        expect(again.samples.map((s) => s.series)).toEqual(first.samples.map((s) => s.series));
        expect(again.comments).toEqual(first.comments);
        expect(again.metadata).toBe(first.metadata);
      }
      expect(bodies).toBe(17);
    });

    it("takes known series without parsing their labels again", () => {
      const body = readFileSync(corpus[0] as string);
      const firstResult = parsePrometheusText(body, {}, nothing);
      const first = firstResult.samples;
      const again = parsePrometheusText(body, {}, knownOf(firstResult)).samples;
      // Identical label arrays: the known ones were handed out.
      const withLabels = first.filter((s) => s.labels.length > 0);
      expect(again.filter((s, i) => s.labels.length > 0 && s.labels === first[i]?.labels)).toHaveLength(withLabels.length);
    });

    it("parses what only looks like the known series at its position", () => {
      const known = knownOf(parsePrometheusText('foo 1\nfoo{b="c"} 1\nbar{a="b"} 2\nbar{a="b"} 2\nbar{a="x y"} 2\n', {}, nothing));
      const { samples } = parsePrometheusText('foo {a="x"} 3\nfoo{b="c"}\t4\nbar{a="b"} 5 1000\nbar{a="b",c="d"} 6\nbar{a="x y"} 7\n', {}, known);
      expect(plain(samples)).toEqual([
        { name: "foo", labels: [["a", "x"]], value: 3, timestampMs: undefined },
        { name: "foo", labels: [["b", "c"]], value: 4, timestampMs: undefined },
        { name: "bar", labels: [["a", "b"]], value: 5, timestampMs: 1000 },
        { name: "bar", labels: [["a", "b"], ["c", "d"]], value: 6, timestampMs: undefined },
        { name: "bar", labels: [["a", "x y"]], value: 7, timestampMs: undefined },
      ]);
      expect(samples.map((s) => s.series)).toEqual(['foo {a="x"}', 'foo{b="c"}', 'bar{a="b"}', 'bar{a="b",c="d"}', 'bar{a="x y"}']);
      // Only the third line was taken as known; the fifth is the known text too, but followed by a space.
      expect(samples.map((s, i) => s.labels === known.series[i]?.labels)).toEqual([false, false, true, false, true]);
    });

    it("still rejects a bad value or timestamp after a known series", () => {
      const known = knownOf(parsePrometheusText('bar{a="b"} 2\n', {}, nothing));
      const rejected = (body: string) => {
        try {
          parsePrometheusText(body, {}, known);
        } catch (error) {
          if (error instanceof ExpositionError) return error.message;
          throw error;
        }
        return undefined;
      };
      expect(rejected('bar{a="b"} x\n')).toMatch(/invalid value "x"/);
      expect(rejected('bar{a="b"} 1 2 3\n')).toMatch(/expected next entry after timestamp/);
      expect(rejected('bar{a="b"} \n')).toMatch(/expected value after metric/);
    });
  
    it("applies changed comment lines after repeated ones, and their types to new series", () => {
      const before = "# HELP h Latency.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# HELP g A gauge.\n# TYPE g gauge\ng 1\n# TYPE gone counter\n";
      const known = knownOf(parsePrometheusText(before, {}, nothing));
      const after = "# HELP h Latency.\n# TYPE h histogram\nh_bucket{le=\"2\"} 1\n# HELP g A changed gauge.\n# TYPE g gauge\ng 1\n";
      const result = parsePrometheusText(after, {}, known);
      const fresh = parsePrometheusText(after);
      expect(result.metadata).toEqual(fresh.metadata);
      expect(result.metadata).not.toBe(known.metadata);
      // The new bucket's `le` is normalised with the histogram TYPE taken from the repeated lines.
      expect(result.samples[0]?.labels).toEqual([["le", "2.0"]]);
      expect(result.comments?.map((c) => c.line)).toEqual(["# HELP h Latency.", "# TYPE h histogram", "# HELP g A changed gauge.", "# TYPE g gauge"]);
      expect(result.comments?.[0]).toBe(known.comments[0]);
      // A comment line missing at the end is a change too.
      expect(parsePrometheusText(before.replace("# TYPE gone counter\n", ""), {}, known).metadata).toEqual(parsePrometheusText(before.replace("# TYPE gone counter\n", "")).metadata);
    });
  });
});
