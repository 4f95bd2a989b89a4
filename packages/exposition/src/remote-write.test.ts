import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compressSync } from "snappy";
import { pushTimeseries } from "prometheus-remote-write";
import { describe, expect, it } from "vitest";
import { ExpositionError } from "./errors";
import { REMOTE_WRITE_HEADERS, type WriteRequest, decodeRemoteWrite, encodeRemoteWrite } from "./remote-write";
import { STALE_NAN, STALE_NAN_BITS, float64Bits, isStaleNaN } from "./stale-nan";

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpositionError) return error.code;
    throw error;
  }
  return "accepted";
}

const request: WriteRequest = {
  timeseries: [
    {
      labels: [["__name__", "node_temp_celsius"], ["board", "pi-1"], ["zone", "Küche ☕"]],
      samples: [
        { value: 41.5, timestampMs: 1_700_000_000_000 },
        { value: STALE_NAN, timestampMs: 1_700_000_015_000 },
        { value: NaN, timestampMs: 1_700_000_030_000 },
        { value: -Infinity, timestampMs: -5 },
      ],
    },
    { labels: [["__name__", "up"]], samples: [] },
  ],
  metadata: [{ type: "gauge", metricFamilyName: "node_temp_celsius", help: "Temperature.", unit: "celsius" }],
};

// Builds raw protobuf (without snappy) for hostile cases.
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
function field(id: number, payload: number[]): number[] {
  return [...varint((id << 3) | 2), ...varint(payload.length), ...payload];
}
const text = (s: string): number[] => [...Buffer.from(s)];
const upSeries = field(1, field(1, [...field(1, text("__name__")), ...field(2, text("up"))]));

describe("remote_write codec", () => {
  it("round-trips series, samples and metadata", () => {
    const decoded = decodeRemoteWrite(encodeRemoteWrite(request));
    expect(decoded).toEqual(request);
  });

  it("keeps the staleness marker bit-exact and distinct from an ordinary NaN", () => {
    const samples = decodeRemoteWrite(encodeRemoteWrite(request)).timeseries[0]?.samples ?? [];
    expect(float64Bits(samples[1]?.value ?? 0)).toBe(STALE_NAN_BITS);
    expect(isStaleNaN(samples[1]?.value ?? 0)).toBe(true);
    expect(isStaleNaN(samples[2]?.value ?? 0)).toBe(false);
    expect(Number.isNaN(samples[2]?.value)).toBe(true);
  });

  it("decodes what Prometheus 2.42 sends, including a real staleness marker", () => {
    const captured = (name: string) =>
      decodeRemoteWrite(readFileSync(join(import.meta.dirname, "..", "testdata", "prometheus-2.42-capture", name)));
    const metadata = captured("metadata.snappy");
    expect(metadata.timeseries).toHaveLength(0);
    expect(metadata.metadata).toHaveLength(192);
    expect(metadata.metadata[0]).toEqual({ type: "gauge", metricFamilyName: "board_temp_celsius", help: "", unit: "" });

    const withStale = captured("stale-marker.snappy");
    expect(withStale.timeseries).toHaveLength(420);
    const board = withStale.timeseries.find((s) => s.labels.some(([n, v]) => n === "__name__" && v === "board_temp_celsius"));
    expect(board?.labels).toEqual([
      ["__name__", "board_temp_celsius"],
      ["instance", "127.0.0.1:19174"],
      ["job", "board"],
      ["sensor", "cpu"],
    ]);
    expect(board?.samples).toHaveLength(1);
    expect(isStaleNaN(board?.samples[0]?.value ?? 0)).toBe(true);
    expect(withStale.timeseries.filter((s) => s.samples.some((x) => isStaleNaN(x.value)))).toHaveLength(1);
    expect(decodeRemoteWrite(encodeRemoteWrite(withStale))).toEqual(withStale);
  });

  it("sends the headers Prometheus 2.42 sends with a push", () => {
    const captured = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "testdata", "prometheus-2.42-capture", "remote-write-request-headers.json"), "utf8"),
    ) as Record<string, string>;
    for (const [name, value] of Object.entries(REMOTE_WRITE_HEADERS)) expect(captured[name.toLowerCase()]).toBe(value);
  });

  it("accepts bodies produced by the prometheus-remote-write npm package", async () => {
    let body: ArrayBufferLike | undefined;
    const result = await pushTimeseries(
      [
        { labels: { __name__: "queue_length", queue: "a" }, samples: [{ value: 12, timestamp: 1_700_000_000_000 }] },
        { labels: { __name__: "up" }, samples: [{ value: 1, timestamp: 1_700_000_000_001 }] },
      ],
      {
        url: "http://receiver.invalid/api/v1/write",
        labels: { board: "pi-2" },
        fetch: async (_url, init) => {
          body = init?.body;
          return { status: 204, statusText: "No Content", text: async () => "" };
        },
      },
    );
    expect(result.status).toBe(204);
    expect(body).toBeDefined();
    const decoded = decodeRemoteWrite(new Uint8Array(body as ArrayBuffer));
    expect(decoded.timeseries).toEqual([
      { labels: [["board", "pi-2"], ["__name__", "queue_length"], ["queue", "a"]], samples: [{ value: 12, timestampMs: 1_700_000_000_000 }] },
      { labels: [["board", "pi-2"], ["__name__", "up"]], samples: [{ value: 1, timestampMs: 1_700_000_000_001 }] },
    ]);
  });

  it("skips exemplars and native histograms without failing", () => {
    const exemplar = field(3, [...field(1, [...field(1, text("trace_id")), ...field(2, text("abc"))]), 0x11, ...Array(8).fill(0)]);
    const histogram = field(4, [0x08, 0x05]);
    const series = field(1, [...field(1, [...field(1, text("__name__")), ...field(2, text("h"))]), ...exemplar, ...histogram]);
    const decoded = decodeRemoteWrite(compressSync(Buffer.from(series)));
    expect(decoded.timeseries).toEqual([{ labels: [["__name__", "h"]], samples: [] }]);
  });

  describe("hostile bodies", () => {
    const valid = encodeRemoteWrite(request);

    it("refuses truncated or non-snappy bodies", () => {
      expect(codeOf(() => decodeRemoteWrite(valid.subarray(0, valid.length - 5)))).toBe("invalid-snappy");
      expect(codeOf(() => decodeRemoteWrite(new Uint8Array()))).toBe("invalid-snappy");
      expect(codeOf(() => decodeRemoteWrite(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])))).toBe("invalid-snappy");
      expect(codeOf(() => decodeRemoteWrite(Buffer.from("not snappy at all")))).toBe("invalid-snappy");
    });

    it("reads the declared size before decompressing", () => {
      const huge = Buffer.from([...varint(65 * 1024 * 1024), 0x00]);
      expect(codeOf(() => decodeRemoteWrite(huge))).toBe("body-size-limit");
      expect(codeOf(() => decodeRemoteWrite(valid, { maxDecompressedBytes: 10 }))).toBe("body-size-limit");
    });

    it("refuses bad protobuf", () => {
      expect(codeOf(() => decodeRemoteWrite(compressSync(Buffer.from([0x0a, 0x50, 0x01]))))).toBe("invalid-protobuf");
      expect(codeOf(() => decodeRemoteWrite(compressSync(Buffer.from([0x0f, 0x00]))))).toBe("invalid-protobuf");
      expect(codeOf(() => decodeRemoteWrite(compressSync(Buffer.from([0x0a, 0x02, 0x0a, 0x7f]))))).toBe("invalid-protobuf");
    });

    it("refuses invalid label sets", () => {
      const bad = (labels: number[]) => codeOf(() => decodeRemoteWrite(compressSync(Buffer.from(field(1, labels)))));
      expect(bad(field(1, [...field(1, text("job")), ...field(2, text("x"))]))).toBe("invalid-series");
      expect(bad([...field(1, [...field(1, text("__name__")), ...field(2, text("a"))]), ...field(1, [...field(1, text("__name__")), ...field(2, text("b"))])])).toBe("invalid-series");
      expect(bad(field(1, [...field(1, []), ...field(2, text("x"))]))).toBe("invalid-series");
      expect(bad(field(1, [...field(1, text("__name__")), ...field(2, [])]))).toBe("invalid-series");
      const utf8Names = field(1, [...field(1, [...field(1, text("__name__")), ...field(2, text("my.metric"))]), ...field(1, [...field(1, text("label.with.dots")), ...field(2, text("x"))])]);
      expect(decodeRemoteWrite(compressSync(Buffer.from(utf8Names))).timeseries[0]?.labels).toEqual([
        ["__name__", "my.metric"],
        ["label.with.dots", "x"],
      ]);
      expect(bad(field(1, [...field(1, text("__name__")), ...field(2, [0x61, 0xff])]))).toBe("invalid-utf8");
    });

    it("limits series, samples and label sizes", () => {
      const million = Buffer.from(Buffer.from(upSeries).toString("latin1").repeat(1_000_000), "latin1");
      expect(codeOf(() => decodeRemoteWrite(compressSync(million)))).toBe("series-limit");
      expect(codeOf(() => decodeRemoteWrite(valid, { maxSeries: 1 }))).toBe("series-limit");
      expect(codeOf(() => decodeRemoteWrite(valid, { maxSamples: 3 }))).toBe("sample-limit");
      const longValue = encodeRemoteWrite({
        timeseries: [{ labels: [["__name__", "m"], ["v", "x".repeat(1_000_000)]], samples: [] }],
        metadata: [],
      });
      expect(codeOf(() => decodeRemoteWrite(longValue, { labelValueLengthLimit: 2048 }))).toBe("label-value-length-limit");
      expect(codeOf(() => decodeRemoteWrite(valid, { labelLimit: 2 }))).toBe("label-limit");
    });
  });
});

describe("staleness marker", () => {
  it("has Prometheus's bit pattern", () => {
    expect(float64Bits(STALE_NAN).toString(16)).toBe("7ff0000000000002");
    expect(isStaleNaN(NaN)).toBe(false);
    expect(isStaleNaN(1)).toBe(false);
  });
});
