// `npm run bench -- <name>` runs one benchmark; with no name it lists them. Each prints a table of
// figure, baseline measured in the same run, and ratio.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const benchmarks: Record<string, { script: string; what: string }> = {
  ingest: { script: "packages/tsdb/bench/ingest.ts", what: "sample writer vs raw COPY; bytes per sample on both storage paths" },
  parse: { script: "packages/exposition/bench/parse.ts", what: "exposition text parser throughput vs a naive baseline" },
  scrape: { script: "packages/scrape/bench/scrape.ts", what: "one worker process scraping synthetic targets vs Prometheus 2.42" },
  "scrape-e2e": { script: "bench/scrape-e2e.ts", what: "one worker process end to end (schedule, fetch, parse, store) vs Prometheus 2.42" },
  engine: { script: "packages/promql/bench/engine.ts", what: "in-memory PromQL range queries vs touching every sample once" },
  "dashboard-render": { script: "bench/dashboard-render.ts", what: "8-panel/24 h dashboard and 50 x 1,000-point chart render times in Chromium vs raw SVG" },
  query: { script: "bench/query.ts", what: "PromQL range queries over the sample store vs Prometheus 2.42 on the same data" },
  "alert-delay": { script: "bench/alert-delay.ts", what: "threshold crossing to Slack message, one worker vs Prometheus 2.42 + Alertmanager 0.25" },
};

const name = process.argv[2];
const bench = name ? benchmarks[name] : undefined;
if (!bench) {
  console.log("usage: npm run bench -- <name>\n");
  for (const [n, b] of Object.entries(benchmarks)) console.log(`  ${n.padEnd(10)} ${b.what}`);
  process.exit(name ? 2 : 0);
}
const root = fileURLToPath(new URL("..", import.meta.url));
if (!existsSync(root + bench.script)) throw new Error(`missing ${bench.script}`);
const result = spawnSync(process.execPath, ["--import", "tsx", bench.script, ...process.argv.slice(3)], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
