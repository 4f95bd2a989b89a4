import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allDataPanels, type DataPanel } from "../schema";
import { importDashboardJson } from "../import";
import { convertGrafanaDashboard, type GrafanaConversion } from "./convert";

const MIXIN = fileURLToPath(new URL("../../testdata/node-mixin/dashboards", import.meta.url));
const prom = { type: "prometheus", uid: "${datasource}" };

function convert(input: unknown): GrafanaConversion {
  const out = convertGrafanaDashboard(input);
  if ("error" in out) throw new Error(out.error);
  return out;
}

const modern = {
  uid: "abc-123",
  title: "Modern",
  tags: ["node", "  "],
  time: { from: "now-24h", to: "now" },
  refresh: "30s",
  annotations: { list: [{ builtIn: 1, name: "Annotations & Alerts" }, { name: "deploys", expr: "changes(x[1m])" }] },
  templating: {
    list: [
      { type: "datasource", name: "datasource", query: "prometheus" },
      { type: "query", name: "instance", datasource: prom, query: { query: "label_values(up, instance)", refId: "X" }, multi: true, includeAll: true, allValue: ".*", current: { value: ["$__all"] }, regex: "/(.*):.*/", sort: 1 },
      { type: "custom", name: "quantile", query: "0.5,0.9,0.99", current: { value: "0.9" } },
      { type: "textbox", name: "filter", query: "sd.*" },
      { type: "interval", name: "win", query: "1m,5m,1h", auto: true },
      { type: "constant", name: "job", query: "node" },
      { type: "adhoc", name: "filters" },
    ],
  },
  panels: [
    { type: "row", id: 1, title: "Overview", collapsed: false, gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [] },
    {
      type: "timeseries", id: 2, title: "CPU", gridPos: { x: 0, y: 1, w: 12, h: 8 }, datasource: prom, interval: "30s", maxDataPoints: 500,
      fieldConfig: {
        defaults: { unit: "percentunit", min: 0, max: 1, decimals: 1, custom: { fillOpacity: 10, stacking: { mode: "normal" } }, thresholds: { steps: [{ color: "green", value: null }, { color: "red", value: 0.9 }] } },
        overrides: [{ matcher: { id: "byName", options: "idle" }, properties: [] }],
      },
      targets: [
        { refId: "A", expr: 'sum by (mode) (rate(node_cpu_seconds_total{instance=~"$instance"}[$__rate_interval]))', legendFormat: "{{mode}}" },
        { refId: "B", expr: "up", legendFormat: "__auto", hide: true },
        { refId: "C", datasource: { type: "loki", uid: "l" }, expr: '{job="x"}' },
      ],
    },
    {
      type: "stat", id: 3, title: "Up", gridPos: { x: 12, y: 1, w: 4, h: 4 },
      options: { graphMode: "area", colorMode: "background", reduceOptions: { calcs: ["mean"] } },
      fieldConfig: { defaults: { unit: "short", thresholds: { steps: [{ color: "red" }, { color: "#00ff00", value: 1 }] } } },
      targets: [{ refId: "A", expr: "sum(up)", instant: true }],
    },
    { type: "gauge", id: 4, title: "Temp", gridPos: { x: 16, y: 1, w: 4, h: 4 }, fieldConfig: { defaults: { unit: "celsius", min: 0, max: 100 } }, options: { reduceOptions: { calcs: ["max"] } }, targets: [{ refId: "A", expr: "max(node_hwmon_temp_celsius)" }] },
    { type: "bargauge", id: 5, title: "Disks", gridPos: { x: 20, y: 1, w: 4, h: 4 }, options: { orientation: "vertical" }, fieldConfig: { defaults: { unit: "bytes" } }, targets: [{ refId: "A", expr: "node_filesystem_avail_bytes", legendFormat: "{{mountpoint}}" }] },
    { type: "table", id: 6, title: "Table", gridPos: { x: 0, y: 9, w: 24, h: 6 }, transformations: [{ id: "merge" }, { id: "organize" }], targets: [{ refId: "A", expr: "up", format: "table", instant: true }] },
    { type: "heatmap", id: 7, title: "Latency", gridPos: { x: 0, y: 15, w: 12, h: 6 }, targets: [] },
    { type: "text", id: 8, title: "Notes", gridPos: { x: 12, y: 15, w: 12, h: 6 } },
    {
      type: "row", id: 9, title: "Details", collapsed: true, gridPos: { x: 0, y: 21, w: 24, h: 1 },
      panels: [{ type: "timeseries", id: 10, title: "Inside", gridPos: { x: 0, y: 22, w: 30, h: 8 }, fieldConfig: { defaults: { unit: "furlongs" } }, targets: [{ refId: "A", expr: "x[$__interval] + $__timeFilter" }] }],
    },
  ],
};

describe("Grafana import: today's schema", () => {
  const out = convert(modern);
  const panels = allDataPanels(out.dashboard);
  const byTitle = (t: string) => panels.find((p) => p.title === t) as DataPanel;

  it("keeps title, uid, tags, time and refresh", () => {
    expect(out.uid).toBe("abc-123");
    expect(out.dashboard).toMatchObject({ title: "Modern", tags: ["node"], time: { range: "24h" }, refresh: "30s" });
  });

  it("maps a time series panel: stacking, unit, min/max/decimals, thresholds, queries and legends", () => {
    const cpu = byTitle("CPU");
    expect(cpu).toMatchObject({
      type: "timeseries", unit: "percentunit", min: 0, max: 1, decimals: 1, minInterval: "30s", maxDataPoints: 500,
      gridPos: { x: 0, y: 1, w: 12, h: 8 }, options: { style: "stacked", legend: "list" },
      thresholds: [{ value: null, color: "#73bf69" }, { value: 0.9, color: "#f2495c" }],
    });
    expect(cpu.queries).toEqual([
      { refId: "A", expr: 'sum by (mode) (rate(node_cpu_seconds_total{instance=~"$instance"}[$__rate_interval]))', legend: "{{mode}}", instant: false, hide: false },
      { refId: "B", expr: "up", legend: "", instant: false, hide: true },
    ]);
  });

  it("maps stat, gauge, bar gauge and table panels", () => {
    expect(byTitle("Up")).toMatchObject({ type: "stat", unit: "short", options: { reduce: "mean", sparkline: true, colorMode: "background" }, thresholds: [{ value: null, color: "#f2495c" }, { value: 1, color: "#00ff00" }] });
    expect(byTitle("Up").queries[0]!.instant).toBe(true);
    expect(byTitle("Temp")).toMatchObject({ type: "gauge", unit: "celsius", min: 0, max: 100, options: { reduce: "max" } });
    expect(byTitle("Disks")).toMatchObject({ type: "bargauge", unit: "bytes", options: { orientation: "vertical" } });
    expect(byTitle("Table")).toMatchObject({ type: "table", queries: [{ expr: "up", instant: true }] });
  });

  it("keeps rows: expanded rows before their panels, collapsed rows holding theirs", () => {
    const rows = out.dashboard.panels.filter((p) => p.type === "row");
    expect(rows.map((r) => [r.title, r.type === "row" && r.collapsed, r.type === "row" && r.panels.map((p) => p.title)])).toEqual([
      ["Overview", false, []],
      ["Details", true, ["Inside"]],
    ]);
    expect(byTitle("Inside").gridPos).toEqual({ x: 0, y: 22, w: 24, h: 8 });
  });

  it("maps variables", () => {
    expect(out.dashboard.variables).toEqual([
      { type: "query", name: "instance", label: "", hide: false, current: ["$__all"], query: "label_values(up, instance)", regex: "/(.*):.*/", multi: true, includeAll: true, allValue: ".*", sort: "alpha" },
      { type: "custom", name: "quantile", label: "", hide: false, current: ["0.9"], query: "0.5,0.9,0.99", multi: false, includeAll: false, allValue: null },
      { type: "textbox", name: "filter", label: "", hide: false, current: [], query: "sd.*" },
      { type: "custom", name: "win", label: "", hide: false, current: [], query: "1m,5m,1h", multi: false, includeAll: false, allValue: null },
      { type: "custom", name: "job", label: "", hide: true, current: ["node"], query: "node", multi: false, includeAll: false, allValue: null },
    ]);
  });

  it("lists everything it could not map", () => {
    expect(out.warnings).toEqual([
      'panel "CPU": 1 field override(s) not imported (byName="idle")',
      'panel "CPU": query C is not a Prometheus query (loki), not imported',
      'panel "Table": transformations not imported (merge, organize)',
      'panel "Latency": panel type "heatmap" is not supported, not imported',
      'panel "Notes": panel type "text" is not supported, not imported',
      'panel "Inside": unit "furlongs" is not supported; values are shown as plain numbers',
      'panel "Inside": query A uses $__timeFilter, which Boardwatch does not define',
      "1 annotation query(ies) not imported",
      "variable datasource (data source): dropped; every query reads this tenant's data",
      'variable win: the "auto" interval option is not imported; its fixed choices are',
      "variable filters (adhoc): not supported, not imported",
    ]);
  });
});

describe("Grafana import: the old schema", () => {
  const legacy = {
    title: "Legacy",
    time: { from: "now-2h", to: "now" },
    rows: [
      {
        title: "Row one", height: "300px",
        panels: [
          { type: "graph", id: 1, span: 6, title: "Load", stack: false, fill: 1, yaxes: [{ format: "short", min: 0 }, { format: "short" }], targets: [{ refId: "A", expr: "node_load1", legendFormat: "{{instance}}" }], seriesOverrides: [{ alias: "x", yaxis: 2 }], thresholds: [{ value: 4, colorMode: "critical", op: "gt" }] },
          { type: "singlestat", id: 2, span: 3, title: "Uptime", format: "s", valueName: "current", thresholds: "3600,86400", colors: ["#d44a3a", "rgba(237, 129, 40, 0.89)", "#299c46"], sparkline: { show: true }, targets: [{ refId: "A", expr: "time() - node_boot_time_seconds" }] },
          { type: "singlestat", id: 3, span: 3, title: "Mem", format: "percent", gauge: { show: true, minValue: 0, maxValue: 100 }, targets: [{ refId: "A", expr: "x" }] },
        ],
      },
      { title: "Hidden", collapse: true, panels: [{ type: "table-old", id: 4, span: 12, title: "T", styles: [{ pattern: "Time" }], targets: [{ refId: "A", expr: "up", format: "table", instant: true }] }] },
    ],
  };
  const out = convert(legacy);

  it("lays out rows of spans as grid positions and maps graph and singlestat", () => {
    expect(out.dashboard.time.range).toBe("3h");
    expect(out.dashboard.panels.map((p) => [p.type, p.title, p.gridPos])).toEqual([
      ["row", "Row one", { x: 0, y: 0, w: 24, h: 1 }],
      ["timeseries", "Load", { x: 0, y: 1, w: 12, h: 10 }],
      ["stat", "Uptime", { x: 12, y: 1, w: 6, h: 10 }],
      ["gauge", "Mem", { x: 18, y: 1, w: 6, h: 10 }],
      ["row", "Hidden", { x: 0, y: 11, w: 24, h: 1 }],
    ]);
    const [, load, uptime, mem, hidden] = out.dashboard.panels;
    expect(load).toMatchObject({ unit: "short", min: 0, options: { style: "area" }, thresholds: [{ value: null }, { value: 4, color: "#f2495c" }] });
    expect(uptime).toMatchObject({ unit: "seconds", options: { reduce: "last", sparkline: true }, thresholds: [{ value: null, color: "#d44a3a" }, { value: 3600, color: "rgba(237,129,40,0.89)" }, { value: 86400, color: "#299c46" }] });
    expect(mem).toMatchObject({ type: "gauge", unit: "percent", min: 0, max: 100 });
    expect(hidden).toMatchObject({ collapsed: true, panels: [{ type: "table", title: "T" }] });
    expect(out.warnings).toEqual([
      'panel "Load": 1 series override(s) not imported',
      'panel "Load": the right y-axis is not supported; all series share the left one',
      'panel "T": column styles not imported',
      "time range now-2h: opens on the nearest range we offer, last 3h",
    ]);
  });
});

describe("Grafana import: bad input names the field", () => {
  it.each([
    [[], "dashboard"],
    [{ panels: [] }, "title"],
    [{ title: "x" }, "panels"],
    [{ title: "x", panels: [{ type: "timeseries", id: 1, gridPos: { x: 0, y: 0, w: 4, h: 4 }, targets: [{ refId: "A", expr: "x".repeat(30_000) }] }] }, "panels.0.queries.0.expr"],
  ])("%#", (input, field) => {
    const out = convertGrafanaDashboard(input);
    expect(out).toMatchObject({ field });
  });
});

describe("the node_exporter mixin dashboards", () => {
  const files = readdirSync(MIXIN).filter((f) => f.endsWith(".json"));

  it.each(files)("%s imports with every Prometheus panel and query", (file) => {
    const json = JSON.parse(readFileSync(`${MIXIN}/${file}`, "utf8"));
    const imported = importDashboardJson({ dashboard: json, overwrite: true });
    if (!imported.ok) throw new Error(imported.error);
    const { dashboard, warnings } = imported.value;
    const grafanaPanels = (json.panels as Array<{ type: string; targets?: unknown[] }>).filter((p) => p.type !== "row");
    expect(allDataPanels(dashboard)).toHaveLength(grafanaPanels.length);
    expect(allDataPanels(dashboard).flatMap((p) => p.queries)).toHaveLength(grafanaPanels.reduce((n, p) => n + (p.targets?.length ?? 0), 0));
    expect(dashboard.variables.map((v) => v.name)).toEqual(["cluster", "instance"].filter((n) => JSON.stringify(json.templating).includes(`"name": "${n}"`) || JSON.stringify(json.templating).includes(`"name":"${n}"`)));
    expect(warnings).toContain("variable datasource (data source): dropped; every query reads this tenant's data");
    expect(warnings.every((w) => !/not supported, not imported|is not a Prometheus query/.test(w))).toBe(true);
  });
});

describe("our own format", () => {
  it("round-trips an export with its uid, and validates it", () => {
    const { dashboard } = convert(modern);
    const exported = { uid: "mine", ...dashboard };
    const back = importDashboardJson(JSON.parse(JSON.stringify(exported)));
    expect(back).toEqual({ ok: true, value: { dashboard, uid: "mine", source: "boardwatch", warnings: [] } });
    const broken = importDashboardJson({ ...exported, panels: [{ ...dashboard.panels[1], gridPos: { x: 20, y: 0, w: 10, h: 4 } }] });
    expect(broken).toMatchObject({ ok: false, field: "dashboard.panels.0.gridPos.w", error: "dashboard.panels.0.gridPos.w: must fit in 24 columns (x + w ≤ 24)" });
  });
});
