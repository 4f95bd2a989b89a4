// remote_write decode throughput for a 2000-series request (Prometheus's default max_samples_per_send),
// against the protobufjs static decoder of the prometheus-remote-write package (no validation, no limits)
// measured in the same run.
// Run: npx tsx bench/remote-write.ts
import { deserialize } from "prometheus-remote-write";
import { uncompressSync } from "snappy";
import { type WriteRequest, decodeRemoteWrite, encodeRemoteWrite } from "../src/index";
import { measureInterleaved } from "./measure";

const request: WriteRequest = { timeseries: [], metadata: [] };
for (let i = 0; i < 2000; i++) {
  request.timeseries.push({
    labels: [["__name__", `node_metric_${i % 50}_total`], ["board", `board-${i % 17}`], ["instance", "board-17:9100"], ["job", "node"], ["cpu", String(i % 4)]],
    samples: [{ value: i * 1.5, timestampMs: 1_700_000_000_000 + i }],
  });
}
const body = encodeRemoteWrite(request);

const rates = await measureInterleaved({
  ours: () => decodeRemoteWrite(body).timeseries.length,
  baseline: async () => {
    // The package types its argument as ArrayBufferLike but hands it to protobufjs, which wants the bytes.
    const bytes = uncompressSync(body, { asBuffer: true }) as unknown as ArrayBufferLike;
    const decoded = (await deserialize(bytes)) as unknown as { timeseries: unknown[] };
    return decoded.timeseries.length;
  },
  encode: () => {
    encodeRemoteWrite(request);
    return request.timeseries.length;
  },
});

const rate = (n: number): string => `${(n / 1e6).toFixed(2)} M samples/s`;
console.log(`request: ${request.timeseries.length} series x 1 sample, ${body.length} B snappy\n`);
console.table([
  {
    figure: "decodeRemoteWrite",
    value: rate(rates.ours),
    baseline: `prometheus-remote-write deserialize ${rate(rates.baseline)}`,
    ratio: (rates.ours / rates.baseline).toFixed(2),
  },
  { figure: "encodeRemoteWrite", value: rate(rates.encode), baseline: "-", ratio: "-" },
]);
