// In-memory engine speed: PromQL range queries over 1000 series × 24 h at 15 s (5760 samples each) against
// the cost of merely touching every sample once, measured in the same run. Storage is not involved.
import { medianMs } from "../../../bench/timing";
import { MemoryQuerier, rangeQuery } from "../src";

const SERIES = 1000;
const N = 5760;
const STEP = 15_000;
const q = new MemoryQuerier();
const ts = Float64Array.from({ length: N }, (_, i) => i * STEP);
for (let s = 0; s < SERIES; s++) {
  q.append({ __name__: "node_cpu_seconds_total", instance: `i${s % 100}`, mode: ["idle", "user", "system"][s % 3]!, cpu: String(s) }, ts, Float64Array.from({ length: N }, (_, i) => i * (s + 1)));
}
await q.select([], 0, 0); // builds the store's index outside the measurements

const time = (fn: () => Promise<unknown>, runs = 5) => medianMs(fn, runs);

const all = await q.select([{ type: "=", name: "__name__", value: "node_cpu_seconds_total" }], 0, (N - 1) * STEP);
const scan = await time(async () => {
  let sum = 0;
  for (const s of all) for (let i = 0; i < s.values.length; i++) sum += s.values[i]!;
  return sum;
});

const end = (N - 1) * STEP;
const queries = [
  "sum(rate(node_cpu_seconds_total[5m]))",
  "sum by (mode) (rate(node_cpu_seconds_total[5m]))",
  "avg_over_time(node_cpu_seconds_total[1h])",
  "max by (instance) (node_cpu_seconds_total)",
];
console.log(`samples scanned: ${SERIES * N}; baseline (touch every sample once): ${scan.toFixed(1)} ms\n`);
console.log("| query (24 h, 240 steps) | median ms | baseline ms | ratio |");
console.log("|---|---|---|---|");
for (const query of queries) {
  const ms = await time(() => rangeQuery(q, query, 0, end, end / 239));
  console.log(`| \`${query}\` | ${ms.toFixed(0)} | ${scan.toFixed(1)} | ${(ms / scan).toFixed(1)}x |`);
}
