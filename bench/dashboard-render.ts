// Dashboard rendering in Chromium, measured by the Playwright flow `e2e/dashboards/render-timing.spec.ts`
// against a production build: how long after its data arrives each panel of an 8-panel dashboard over 24 h is
// painted, and how a chart of 50 series x 1,000 points renders and follows the pointer. The baseline, measured
// in the same page, draws the same points as hand-built SVG paths (what no chart library can beat).
// The build shares apps/web/.next with anyone else on the machine: the run holds /tmp/boardwatch-build.lock.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const port = process.env.E2E_PORT ?? "3420";
const run = spawnSync("flock", ["/tmp/boardwatch-build.lock", "npx", "playwright", "test", "dashboards/render-timing.spec.ts", "--reporter=line"], {
  cwd: `${root}e2e`,
  env: { ...process.env, E2E_PORT: port },
  stdio: ["ignore", "inherit", "inherit"],
});
if (run.status !== 0) process.exit(run.status ?? 1);

interface Report {
  eightPanels24h: { baselineRawSvgMs: number; ratio: number; medianSlowestMs: number; slowestPanelMsPerLoad: number[] };
  fiftySeriesThousandPoints: { renderMs: number; baselineRawSvgMs: number; ratio: number; pointsPerSeries: number; hoverFrameMsMedian: number; hoverFrameMsMax: number };
}
const r = JSON.parse(readFileSync(`${root}e2e/artifacts/dashboards-render-timing.json`, "utf8")) as Report;
const rows = [
  ["figure", "Boardwatch", "baseline (raw SVG)", "ratio"],
  ["8 panels / 24 h: data → painted, slowest panel, median of 3 loads (ms)", String(r.eightPanels24h.medianSlowestMs), String(r.eightPanels24h.baselineRawSvgMs), String(r.eightPanels24h.ratio)],
  ["  slowest panel per load (ms)", r.eightPanels24h.slowestPanelMsPerLoad.join(", "), "", ""],
  [`50 series x ${r.fiftySeriesThousandPoints.pointsPerSeries} points: data → painted (ms)`, String(r.fiftySeriesThousandPoints.renderMs), String(r.fiftySeriesThousandPoints.baselineRawSvgMs), String(r.fiftySeriesThousandPoints.ratio)],
  ["  pointer move → next frame, median / max (ms)", `${r.fiftySeriesThousandPoints.hoverFrameMsMedian} / ${r.fiftySeriesThousandPoints.hoverFrameMsMax}`, "", ""],
];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? "").length)));
console.log("");
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  "));
console.log(`\ntarget: 8 panels render within 1 s of their data: ${r.eightPanels24h.medianSlowestMs <= 1000 ? "met" : "NOT met"} on this machine`);
