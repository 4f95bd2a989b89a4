import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createTenant, hydrated, signUp, uniqueEmail } from "../support/flows";
import { createWriteToken, push } from "./helpers";

// Timings are reported, never asserted: this machine's speed is not the product's.
const report: Record<string, unknown> = {};
test.afterAll(() => {
  mkdirSync("artifacts", { recursive: true });
  writeFileSync("artifacts/dashboards-render-timing.json", `${JSON.stringify(report, null, 2)}\n`);
  console.log(`[dashboards render timing] ${JSON.stringify(report)}`);
});

const panel = (id: number, type: string, title: string, expr: string, x: number, y: number, extra: Record<string, unknown> = {}) => ({
  id, type, title, gridPos: { x, y, w: 6, h: 8 }, queries: [{ refId: "A", expr, legend: "{{board}}" }], ...extra,
});

/** Eight panels over four boards' node metrics: the kind of dashboard people keep open all day. */
const eightPanels = {
  format: "boardwatch.dashboard/v1",
  title: "Eight panels",
  time: { range: "24h" },
  panels: [
    panel(1, "timeseries", "CPU", "sum by (board) (rate(perf_cpu_seconds_total[$__rate_interval]))", 0, 0, { unit: "percentunit" }),
    panel(2, "timeseries", "Temperature", "perf_temp_celsius", 6, 0, { unit: "celsius" }),
    panel(3, "timeseries", "Memory", "perf_memory_used_bytes", 12, 0, { unit: "bytes", options: { style: "stacked" } }),
    panel(4, "timeseries", "Load", "perf_load1", 18, 0, { options: { style: "area" } }),
    panel(5, "stat", "Hottest", "max by (board) (perf_temp_celsius)", 0, 8, { unit: "celsius" }),
    panel(6, "gauge", "Memory %", "100 * perf_memory_used_bytes / 4e9", 6, 8, { unit: "percent", min: 0, max: 100 }),
    panel(7, "bargauge", "Load now", "perf_load1", 12, 8),
    panel(8, "table", "Temperatures", "perf_temp_celsius", 18, 8, { unit: "celsius" }),
  ],
};

/** Waits until every panel has painted its data, then reads how long each took after its data arrived. */
async function panelRenderTimes(page: Page, count: number): Promise<number[]> {
  await expect(page.locator("[data-panel][data-render-ms]")).toHaveCount(count, { timeout: 60_000 });
  return page.locator("[data-panel]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-render-ms"))));
}

/**
 * The baseline: the same number of series and points drawn as one hand-built SVG path per series in the same
 * page, from data to painted frame. What a chart library can hardly beat; the ratio says what ours costs on top.
 */
async function rawSvgMs(page: Page, series: number, points: number, charts = 1): Promise<number> {
  return page.evaluate(
    ({ series, points, charts }) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        const host = document.createElement("div");
        for (let c = 0; c < charts; c++) {
          const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
          svg.setAttribute("width", "400");
          svg.setAttribute("height", "200");
          for (let s = 0; s < series; s++) {
            let d = "";
            for (let i = 0; i < points; i++) d += `${i ? "L" : "M"}${((i / points) * 400).toFixed(1)},${(100 + 80 * Math.sin((i + s * 7) / 40)).toFixed(1)}`;
            const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
            path.setAttribute("d", d);
            path.setAttribute("stroke", "#3d8bfd");
            path.setAttribute("fill", "none");
            svg.appendChild(path);
          }
          host.appendChild(svg);
        }
        document.body.appendChild(host);
        requestAnimationFrame(() => {
          const ms = performance.now() - t0;
          host.remove();
          resolve(ms);
        });
      }),
    { series, points, charts },
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test("render timing: 8 panels over 24 h, and a chart of 50 series × 1,000 points", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/signup");
  await signUp(page, uniqueEmail("perf"), "Pat Perf");
  const slug = await createTenant(page, `Perf ${Date.now()}`);
  const token = await createWriteToken(page, "perf-writer");
  const boards = ["pi-1", "pi-2", "pi-3", "pi-4"];
  // 24 h at one sample a minute: 1,441 points per series.
  await push(
    token,
    boards.flatMap((board, b) => [
      { labels: { __name__: "perf_cpu_seconds_total", board }, value: (i: number) => i * 30 * (0.2 + b / 10) },
      { labels: { __name__: "perf_temp_celsius", board }, value: (i: number) => 45 + b * 3 + 5 * Math.sin(i / 90) },
      { labels: { __name__: "perf_memory_used_bytes", board }, value: (i: number) => 1e9 + b * 3e8 + 2e8 * Math.sin(i / 200) },
      { labels: { __name__: "perf_load1", board }, value: (i: number) => 0.5 + b / 4 + Math.abs(Math.sin(i / 60)) },
    ]),
    1441,
    60_000,
  );
  // 50 series of 1,000 points (one a minute).
  await push(token, Array.from({ length: 50 }, (_, s) => ({ labels: { __name__: "perf_many", series: `s${String(s).padStart(2, "0")}` }, value: (i: number) => s + Math.sin((i + s * 7) / 40) * 3 })), 1000, 60_000);

  const importOne = async (dashboard: unknown) => {
    const res = await page.request.post("/api/trpc/dashboard.import", {
      headers: { "content-type": "application/json", origin: new URL(page.url()).origin },
      data: { json: { tenant: slug, dashboard } },
    });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { result: { data: { json: { url: string } } } }).result.data.json.url;
  };

  const eightUrl = await importOne(eightPanels);
  const eight: number[][] = [];
  for (let run = 0; run < 3; run++) {
    await page.goto(`${eightUrl}?range=24h&refresh=off`);
    await hydrated(page);
    eight.push(await panelRenderTimes(page, 8));
  }
  await page.screenshot({ path: "artifacts/dashboards-eight-panels-24h.png", fullPage: true });
  const slowest = eight.map((times) => Math.max(...times));
  // Four time series panels of 4 series × 1,441 points; the other four panels draw far less.
  const eightBaseline = median([await rawSvgMs(page, 4, 1441, 4), await rawSvgMs(page, 4, 1441, 4), await rawSvgMs(page, 4, 1441, 4)]);
  report.eightPanels24h = { baselineRawSvgMs: Math.round(eightBaseline * 10) / 10, ratio: Math.round((median(slowest) / eightBaseline) * 10) / 10, slowestPanelMsPerLoad: slowest.map((x) => Math.round(x)), medianSlowestMs: Math.round(median(slowest)), perPanelMsLastLoad: eight.at(-1)!.map((x) => Math.round(x)) };

  const manyUrl = await importOne({
    format: "boardwatch.dashboard/v1",
    title: "Many series",
    time: { range: "24h" },
    panels: [{ id: 1, type: "timeseries", title: "50 series", gridPos: { x: 0, y: 0, w: 24, h: 16 }, maxDataPoints: 1500, queries: [{ refId: "A", expr: "perf_many", legend: "{{series}}" }] }],
  });
  await page.goto(`${manyUrl}?range=24h&refresh=off`);
  await hydrated(page);
  const [manyMs] = await panelRenderTimes(page, 1);
  const chart = page.getByRole("region", { name: "50 series" });
  await expect(chart.locator(".series-line")).toHaveCount(50);
  const points = await chart.locator(".series-line").first().evaluate((p) => (p.getAttribute("d") ?? "").split(/[LM]/).length - 1);
  // Hover responsiveness: time from a pointer move to the next painted frame with the tooltip updated.
  const box = (await chart.locator(".recharts-cartesian-grid").boundingBox())!;
  const hover: number[] = [];
  for (let k = 0; k < 20; k++) {
    const x = box.x + box.width * (0.55 + (0.4 * k) / 19);
    const started = await page.evaluate(() => performance.now());
    await page.mouse.move(x, box.y + box.height / 3);
    hover.push(await page.evaluate((t0) => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)))), started));
  }
  await expect(chart.getByTestId("chart-tooltip")).toContainText("… 20 more");
  await page.screenshot({ path: "artifacts/dashboards-50-series.png", fullPage: true });
  const manyBaseline = median([await rawSvgMs(page, 50, 1000), await rawSvgMs(page, 50, 1000), await rawSvgMs(page, 50, 1000)]);
  report.fiftySeriesThousandPoints = { renderMs: Math.round(manyMs!), baselineRawSvgMs: Math.round(manyBaseline * 10) / 10, ratio: Math.round((manyMs! / manyBaseline) * 10) / 10, pointsPerSeries: points, hoverFrameMsMedian: Math.round(median(hover)), hoverFrameMsMax: Math.round(Math.max(...hover)) };
});
