import { describe, expect, it } from "vitest";
import { ExpositionError } from "./errors";
import { parseOpenMetrics } from "./openmetrics-parser";
import type { ParseLimits } from "./types";

function errorOf(input: string, limits?: ParseLimits): ExpositionError {
  try {
    parseOpenMetrics(input, limits);
  } catch (error) {
    if (error instanceof ExpositionError) return error;
    throw error;
  }
  throw new Error("expected the input to be rejected");
}

describe("parseOpenMetrics", () => {
  it("returns samples, _created lines and metadata, dropping exemplars", () => {
    const { samples, metadata } = parseOpenMetrics(
      [
        "# TYPE acme_http_router_request_seconds summary",
        "# UNIT acme_http_router_request_seconds seconds",
        "# HELP acme_http_router_request_seconds Latency \\\"quoted\\\"\\nnext",
        'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32',
        'acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0',
        'acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0',
        "# TYPE foo counter",
        'foo_total 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67',
        "# EOF",
      ].join("\n"),
    );
    expect(samples).toEqual([
      { name: "acme_http_router_request_seconds_sum", labels: [["path", "/api/v1"], ["method", "GET"]], value: 9036.32, timestampMs: undefined },
      { name: "acme_http_router_request_seconds_count", labels: [["path", "/api/v1"], ["method", "GET"]], value: 807283, timestampMs: undefined },
      { name: "acme_http_router_request_seconds_created", labels: [["path", "/api/v1"], ["method", "GET"]], value: 1605281325, timestampMs: undefined },
      { name: "foo_total", labels: [], value: 17, timestampMs: 1520879607789 },
    ]);
    expect(metadata.get("acme_http_router_request_seconds")).toEqual({
      type: "summary",
      unit: "seconds",
      help: 'Latency "quoted"\nnext',
    });
    expect(metadata.get("foo")).toEqual({ type: "counter", help: undefined, unit: undefined });
  });

  it("converts timestamps in seconds to milliseconds by decimal shift", () => {
    const { samples } = parseOpenMetrics("a 1 1.005\na 1 2\na 1 2.5e0\na 1 3.0001\n# EOF\n");
    expect(samples.map((s) => s.timestampMs)).toEqual([1005, 2000, 2500, 3000]);
  });

  it("normalises le and quantile values as Prometheus 3 does", () => {
    const { samples } = parseOpenMetrics(
      '# TYPE h histogram\nh_bucket{le="1"} 0\nh_bucket{le="1e6"} 1\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 2\n# EOF\n',
    );
    expect(samples.map((s) => s.labels[0]?.[1])).toEqual(["1.0", "1e+06", "+Inf", undefined, undefined]);
  });

  it.each([
    ["a 1\n", "line 2: missing # EOF"],
    ["a 1\n# EOF\n\n", "line 3: unexpected data after # EOF"],
    ["a  1\n# EOF\n", 'line 1: invalid value ""'],
    ['a{b="1", c="2"} 1\n# EOF\n', 'line 1: expected label name, got " "'],
    ["# TYPE a gauge\na 1\nb 1\na 2\n# EOF\n", "line 5: metric name a clashes with an earlier family"],
    ["# TYPE a counter\na_total -1\n# EOF\n", "line 2: a_total is counter-like and cannot be negative"],
    ['# TYPE a histogram\na_bucket{le="1"} 1\n# EOF\n', "line 3: histogram a lacks a +Inf bucket"],
    ['# TYPE a histogram\na_bucket{le="+Inf"} 2\na_count 1\na_sum 1\n# EOF\n', "line 5: histogram a count does not match its +Inf bucket"],
    ["# TYPE a gauge\na 1 # {x=\"y\"} 1\n# EOF\n", "line 2: only histogram and gaugehistogram buckets and counter totals can have exemplars"],
  ])("rejects %j", (input, message) => {
    const error = errorOf(input);
    expect(error.code).toBe("parse");
    expect(error.message.startsWith(message), error.message).toBe(true);
  });

  it("applies the same limits as the text parser", () => {
    const body = '# TYPE a counter\na_total{x="1"} 1\na_created{x="1"} 1\n# EOF\n';
    expect(errorOf(body, { sampleLimit: 1 }).code).toBe("sample-limit");
    expect(errorOf(body, { labelLimit: 1 }).code).toBe("label-limit");
    expect(errorOf(body, { labelValueLengthLimit: 0 }).code).toBe("label-value-length-limit");
    expect(parseOpenMetrics(body, { sampleLimit: 2, labelLimit: 2 }).samples).toHaveLength(2);
  });
});

describe("parseOpenMetrics counts", () => {
  it.each([
    ['# TYPE a histogram\na_bucket{le="+Inf"} 1.5\na_count 1.5\na_sum 1\n# EOF\n', "a_bucket counts observations"],
    ["# TYPE a summary\na_count +Inf\na_sum 1\n# EOF\n", "a_count counts observations"],
  ])("rejects non-integer counts in %j", (input, message) => {
    expect(errorOf(input).message).toContain(message);
  });
});
