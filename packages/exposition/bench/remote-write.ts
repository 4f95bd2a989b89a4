// remote_write decode throughput for a 2000-series request (Prometheus's default max_samples_per_send),
// against the protobufjs static decoder of the prometheus-remote-write package (no validation, no limits)
// measured in the same run.
// Run: npx tsx bench/remote-write.ts
import { deserialize } from "prometheus-remote-write";
import { uncompressSync } from "snappy";
import { type WriteRequest, decodeRemoteWrite, encodeRemoteWrite } from "../src/index";

const request: WriteRequest = { timeseries: [], metadata: [] };
for (let i = 0; i < 2000; i++) {
  request.timeseries.push({
    labels: [["__name__", `node_metric_${i % 50}_total`], ["board", `board-${i % 17}`], ["instance", "board-17:9100"], ["job", "node"], ["cpu", String(i % 4)]],
    samples: [{ value: i * 1.5, timestampMs: 1_700_000_000_000 + i }],
  });
}
const body = encodeRemoteWrite(request);

async function measure(run: () => Promise<number> | number): Promise<number> {
  for (let i = 0; i < 30; i++) await run();
  let samples = 0;
  const started = performance.now();
  while (performance.now() - started < 1500) samples += await run();
  return samples / ((performance.now() - started) / 1000);
}

const ours = await measure(() => decodeRemoteWrite(body).timeseries.length);
const baseline = await measure(async () => {
  // The package types its argument as ArrayBufferLike but hands it to protobufjs, which wants the bytes.
  const bytes = uncompressSync(body, { asBuffer: true }) as unknown as ArrayBufferLike;
  const decoded = (await deserialize(bytes)) as unknown as { timeseries: unknown[] };
  return decoded.timeseries.length;
});
const encode = await measure(() => {
  encodeRemoteWrite(request);
  return request.timeseries.length;
});

const rate = (n: number): string => `${(n / 1e6).toFixed(2)} M samples/s`;
console.log(`request: ${request.timeseries.length} series x 1 sample, ${body.length} B snappy\n`);
console.table([
  { figure: "decodeRemoteWrite", value: rate(ours), baseline: `prometheus-remote-write deserialize ${rate(baseline)}`, ratio: (ours / baseline).toFixed(2) },
  { figure: "encodeRemoteWrite", value: rate(encode), baseline: "-", ratio: "-" },
]);
