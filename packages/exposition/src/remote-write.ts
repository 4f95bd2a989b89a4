import { Buffer } from "node:buffer";
import protobuf from "protobufjs";
import { compressSync, uncompressSync } from "snappy";
import { ExpositionError, nodeErrorCode } from "./errors";
import { checkLabelLimits } from "./limits";
import type { Labels, MetricType, ParseLimits } from "./types";

// prometheus/prompb remote.proto and types.proto (remote_write 1.0, proto3), reduced to what is read or
// written. With proto3 semantics protobufjs rejects strings that are not valid UTF-8 instead of decoding them
// lossily. Exemplars (3) and native histograms (4) are absent from the schema and therefore skipped unread.
const proto3 = <T extends object>(type: T): T & { edition: string } => ({ edition: "proto3", ...type });
const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        Label: proto3({ fields: { name: { type: "string", id: 1 }, value: { type: "string", id: 2 } } }),
        Sample: proto3({ fields: { value: { type: "double", id: 1 }, timestamp: { type: "int64", id: 2 } } }),
        TimeSeries: proto3({
          fields: {
            labels: { rule: "repeated", type: "Label", id: 1 },
            samples: { rule: "repeated", type: "Sample", id: 2 },
          },
        }),
        MetricMetadata: proto3({
          fields: {
            type: { type: "int32", id: 1 },
            metricFamilyName: { type: "string", id: 2 },
            help: { type: "string", id: 4 },
            unit: { type: "string", id: 5 },
          },
        }),
        WriteRequest: proto3({
          fields: {
            timeseries: { rule: "repeated", type: "TimeSeries", id: 1 },
            metadata: { rule: "repeated", type: "MetricMetadata", id: 3 },
          },
        }),
      },
    },
  },
});
const LabelType = root.lookupType("prometheus.Label");
const SampleType = root.lookupType("prometheus.Sample");
const MetadataType = root.lookupType("prometheus.MetricMetadata");
const WriteRequestType = root.lookupType("prometheus.WriteRequest");

// prompb MetricMetadata.MetricType, by enum number.
const METRIC_TYPES: readonly MetricType[] = ["unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset"];

const WIRE_LENGTH_DELIMITED = 2;

/** The request headers of a remote_write 1.0 push, as Prometheus sends them. */
export const REMOTE_WRITE_HEADERS = {
  "Content-Encoding": "snappy",
  "Content-Type": "application/x-protobuf",
  "X-Prometheus-Remote-Write-Version": "0.1.0",
} as const;

export interface RemoteWriteSample {
  value: number;
  timestampMs: number;
}

/** A series as sent on the wire: `labels` include `__name__`. */
export interface RemoteWriteSeries {
  labels: Labels;
  samples: RemoteWriteSample[];
}

export interface RemoteWriteMetadata {
  type: MetricType;
  metricFamilyName: string;
  help: string;
  unit: string;
}

export interface WriteRequest {
  timeseries: RemoteWriteSeries[];
  metadata: RemoteWriteMetadata[];
}

export interface RemoteWriteLimits extends ParseLimits {
  /** Largest uncompressed body accepted, read from the snappy header before decompressing. */
  maxDecompressedBytes?: number;
  /** Most series in one request. */
  maxSeries?: number;
  /** Most samples in one request, all series together. */
  maxSamples?: number;
}

export const DEFAULT_REMOTE_WRITE_LIMITS = {
  maxDecompressedBytes: 64 * 1024 * 1024,
  maxSeries: 100_000,
  maxSamples: 1_000_000,
} as const satisfies RemoteWriteLimits;

// Shapes of the messages protobufjs decodes with the reflected types above; reflection returns untyped
// messages, so these are asserted once where a message is decoded.
interface DecodedLabel {
  name: string;
  value: string;
}
interface DecodedSample {
  value: number;
  timestamp: number | { toNumber(): number };
}
interface DecodedMetadata {
  type: number;
  metricFamilyName: string;
  help: string;
  unit: string;
}

/**
 * Decodes a remote_write 1.0 body (snappy block format around a `prometheus.WriteRequest`). Any malformed or
 * oversized input is an ExpositionError; limits are checked while reading, so a hostile body is refused
 * before it is fully materialised.
 */
export function decodeRemoteWrite(body: Uint8Array, limits: RemoteWriteLimits = {}): WriteRequest {
  const { maxDecompressedBytes, maxSeries, maxSamples } = { ...DEFAULT_REMOTE_WRITE_LIMITS, ...limits };
  const declared = snappyDeclaredLength(body);
  if (declared > maxDecompressedBytes) {
    throw new ExpositionError(
      "body-size-limit",
      `decompressed remote write body would be ${declared} bytes, limit is ${maxDecompressedBytes}`,
    );
  }
  let raw: Buffer;
  try {
    raw = uncompressSync(Buffer.from(body.buffer, body.byteOffset, body.byteLength), { asBuffer: true }) as Buffer;
  } catch (error) {
    throw new ExpositionError("invalid-snappy", `cannot decompress snappy body: ${(error as Error).message}`);
  }
  const request: WriteRequest = { timeseries: [], metadata: [] };
  let sampleCount = 0;
  try {
    const reader = protobuf.Reader.create(raw);
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === WIRE_LENGTH_DELIMITED) {
        if (request.timeseries.length === maxSeries) {
          throw new ExpositionError("series-limit", `remote write request has more than ${maxSeries} series`);
        }
        const series = readSeries(reader, reader.uint32() + reader.pos, sampleCount, maxSamples);
        sampleCount += series.samples.length;
        checkLabelLimits(limits, undefined, series.labels);
        request.timeseries.push(series);
      } else if (field === 3 && (tag & 7) === WIRE_LENGTH_DELIMITED) {
        const m = MetadataType.decode(reader, reader.uint32()) as unknown as DecodedMetadata;
        request.metadata.push({
          type: METRIC_TYPES[m.type] ?? "unknown",
          metricFamilyName: m.metricFamilyName,
          help: m.help,
          unit: m.unit,
        });
      } else {
        reader.skipType(tag & 7);
      }
    }
  } catch (error) {
    if (error instanceof ExpositionError) throw error;
    // protobufjs's strict UTF-8 check fails through TextDecoder, which tags the error with this code.
    if (nodeErrorCode(error) === "ERR_ENCODING_INVALID_ENCODED_DATA") {
      throw new ExpositionError("invalid-utf8", "remote write request holds a string that is not valid UTF-8");
    }
    throw new ExpositionError("invalid-protobuf", `cannot decode remote write protobuf: ${(error as Error).message}`);
  }
  return request;
}

// `samplesBefore` were read from earlier series of the request; `maxSamples` bounds the request.
function readSeries(reader: protobuf.Reader, end: number, samplesBefore: number, maxSamples: number): RemoteWriteSeries {
  if (end > reader.len) throw new ExpositionError("invalid-protobuf", "cannot decode remote write protobuf: truncated series");
  const labels: [string, string][] = [];
  const samples: RemoteWriteSample[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === WIRE_LENGTH_DELIMITED) {
      const label = LabelType.decode(reader, reader.uint32()) as unknown as DecodedLabel;
      labels.push([label.name, label.value]);
    } else if (field === 2 && (tag & 7) === WIRE_LENGTH_DELIMITED) {
      if (samplesBefore + samples.length === maxSamples) {
        throw new ExpositionError("sample-limit", `remote write request has more than ${maxSamples} samples`);
      }
      const sample = SampleType.decode(reader, reader.uint32()) as unknown as DecodedSample;
      const timestamp = sample.timestamp;
      samples.push({ value: sample.value, timestampMs: typeof timestamp === "number" ? timestamp : timestamp.toNumber() });
    } else {
      reader.skipType(tag & 7);
    }
  }
  if (reader.pos !== end) throw new ExpositionError("invalid-protobuf", "cannot decode remote write protobuf: series overruns its length");
  validateLabels(labels);
  return { labels, samples };
}

// Past this many labels a pairwise duplicate scan costs more than a Set.
const PAIRWISE_DUPLICATE_SCAN = 16;

// What Prometheus 3's remote write handler refuses (UTF-8 name validation, its default): an empty label name,
// a missing or empty metric name, a repeated label name. UTF-8 validity is checked by the decoder.
function validateLabels(labels: Labels): void {
  let metricName = "";
  for (const [name, value] of labels) {
    if (name === "") throw new ExpositionError("invalid-series", "series with an empty label name");
    if (name === "__name__") metricName = value;
  }
  if (metricName === "") throw new ExpositionError("invalid-series", "series without a metric name (__name__ label)");
  if (hasRepeatedName(labels)) throw new ExpositionError("invalid-series", "series with a repeated label name");
}

function hasRepeatedName(labels: Labels): boolean {
  if (labels.length > PAIRWISE_DUPLICATE_SCAN) return new Set(labels.map(([name]) => name)).size !== labels.length;
  for (let i = 1; i < labels.length; i++) {
    const name = (labels[i] as readonly [string, string])[0];
    for (let j = 0; j < i; j++) if ((labels[j] as readonly [string, string])[0] === name) return true;
  }
  return false;
}


// The snappy block format starts with the uncompressed length as a little-endian base-128 varint (at most
// 32 bits), which lets the limit be enforced before the decompressor allocates that much.
function snappyDeclaredLength(body: Uint8Array): number {
  let length = 0;
  for (let i = 0; i < 5; i++) {
    const byte = body[i];
    if (byte === undefined) break;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return length;
  }
  throw new ExpositionError("invalid-snappy", "cannot decompress snappy body: bad length header");
}

/** Encodes a remote_write 1.0 body (protobuf WriteRequest, snappy block compressed), e.g. for agent push mode. */
export function encodeRemoteWrite(request: WriteRequest): Buffer {
  const message = {
    timeseries: request.timeseries.map((series) => ({
      labels: series.labels.map(([name, value]) => ({ name, value })),
      samples: series.samples.map(({ value, timestampMs }) => ({ value, timestamp: timestampMs })),
    })),
    metadata: request.metadata.map((m) => ({
      type: METRIC_TYPES.indexOf(m.type),
      metricFamilyName: m.metricFamilyName,
      help: m.help,
      unit: m.unit,
    })),
  };
  return compressSync(Buffer.from(WriteRequestType.encode(message).finish()));
}
