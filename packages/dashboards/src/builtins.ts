import { DASHBOARD_FORMAT, dashboardSchema, type Dashboard, type DashboardInput } from "./schema";

/**
 * Built-in dashboards ship with Boardwatch and read the agent's node_exporter-compatible metrics under the
 * scrape target labels (`job="node"`, `instance`, `board`). They are not stored: every tenant sees the
 * release's version, read-only; "Duplicate" makes an editable copy.
 */
export const BUILTIN_UIDS = { board: "bw-board-overview", fleet: "bw-fleet-overview" } as const;

const green = "#43c07a";
const amber = "#f2b84b";
const red = "#f0616d";

/** Where a built-in dashboard shows one board: `?var-board=<name>`. */
export function boardDashboardPath(tenant: string, boardName: string): string {
  return `/t/${tenant}/dashboards/${BUILTIN_UIDS.board}?${new URLSearchParams({ "var-board": boardName })}`;
}

const S = 'job="node", board="$board"';

const boardOverview: DashboardInput = {
  format: DASHBOARD_FORMAT,
  title: "Board overview",
  description: "One board: health, CPU, memory, storage, network and temperatures from the Boardwatch agent.",
  tags: ["built-in", "board"],
  time: { range: "1h" },
  refresh: "1m",
  variables: [{ type: "query", name: "board", label: "Board", query: 'label_values(up{job="node"}, board)', sort: "alpha" }],
  panels: [
    { id: 1, type: "row", title: "Health", gridPos: { x: 0, y: 0, w: 24, h: 1 } },
    {
      id: 2, type: "stat", title: "Scrape", gridPos: { x: 0, y: 1, w: 4, h: 4 }, description: "1 when the last scrape of the board's agent succeeded (up).",
      queries: [{ refId: "A", expr: `up{${S}}`, legend: "up" }], thresholds: [{ value: null, color: red }, { value: 1, color: green }],
      options: { reduce: "last", sparkline: false, colorMode: "background" },
    },
    {
      id: 3, type: "stat", title: "Uptime", gridPos: { x: 4, y: 1, w: 4, h: 4 }, unit: "seconds", decimals: 1,
      queries: [{ refId: "A", expr: `time() - node_boot_time_seconds{${S}}`, legend: "uptime" }],
      options: { reduce: "last", sparkline: false, colorMode: "value" },
    },
    {
      id: 4, type: "stat", title: "Scrape duration", gridPos: { x: 8, y: 1, w: 4, h: 4 }, unit: "seconds", decimals: 0,
      queries: [{ refId: "A", expr: `scrape_duration_seconds{${S}}`, legend: "scrape" }],
      thresholds: [{ value: null, color: green }, { value: 1, color: amber }, { value: 5, color: red }],
    },
    {
      id: 5, type: "gauge", title: "CPU busy", gridPos: { x: 12, y: 1, w: 4, h: 4 }, unit: "percent", min: 0, max: 100,
      queries: [{ refId: "A", expr: `100 * (1 - avg(rate(node_cpu_seconds_total{${S}, mode="idle"}[$__rate_interval])))`, legend: "busy" }],
      thresholds: [{ value: null, color: green }, { value: 70, color: amber }, { value: 90, color: red }],
    },
    {
      id: 6, type: "gauge", title: "Memory used", gridPos: { x: 16, y: 1, w: 4, h: 4 }, unit: "percent", min: 0, max: 100,
      queries: [{ refId: "A", expr: `100 * (1 - node_memory_MemAvailable_bytes{${S}} / node_memory_MemTotal_bytes{${S}})`, legend: "used" }],
      thresholds: [{ value: null, color: green }, { value: 80, color: amber }, { value: 95, color: red }],
    },
    {
      id: 7, type: "stat", title: "Read-only filesystems", gridPos: { x: 20, y: 1, w: 4, h: 4 },
      description: "Filesystems mounted read-only: an SD card remounted read-only after errors shows here.",
      queries: [{ refId: "A", expr: `count(node_filesystem_readonly{${S}, fstype!=""} == 1) or vector(0)`, legend: "read-only" }],
      thresholds: [{ value: null, color: green }, { value: 1, color: red }], options: { reduce: "last", sparkline: false, colorMode: "background" },
    },
    { id: 8, type: "row", title: "CPU and memory", gridPos: { x: 0, y: 5, w: 24, h: 1 } },
    {
      id: 9, type: "timeseries", title: "CPU by mode", gridPos: { x: 0, y: 6, w: 12, h: 8 }, unit: "percentunit", min: 0,
      queries: [{
        refId: "A", legend: "{{mode}}",
        expr: `sum by (mode) (rate(node_cpu_seconds_total{${S}, mode!="idle"}[$__rate_interval])) / scalar(count(node_cpu_seconds_total{${S}, mode="idle"}))`,
      }],
      options: { style: "stacked", legend: "list" },
    },
    {
      id: 10, type: "timeseries", title: "Load average", gridPos: { x: 12, y: 6, w: 12, h: 8 }, unit: "short", min: 0,
      queries: [
        { refId: "A", expr: `node_load1{${S}}`, legend: "1m" },
        { refId: "B", expr: `node_load5{${S}}`, legend: "5m" },
        { refId: "C", expr: `node_load15{${S}}`, legend: "15m" },
        { refId: "D", expr: `count(node_cpu_seconds_total{${S}, mode="idle"})`, legend: "cores" },
      ],
    },
    {
      id: 11, type: "timeseries", title: "Memory", gridPos: { x: 0, y: 14, w: 12, h: 8 }, unit: "bytes", min: 0,
      queries: [
        { refId: "A", expr: `node_memory_MemTotal_bytes{${S}} - node_memory_MemAvailable_bytes{${S}}`, legend: "used" },
        { refId: "B", expr: `node_memory_Buffers_bytes{${S}} + node_memory_Cached_bytes{${S}}`, legend: "buffers + cache" },
        { refId: "C", expr: `node_memory_MemFree_bytes{${S}}`, legend: "free" },
      ],
      options: { style: "stacked", legend: "list" },
    },
    {
      id: 12, type: "timeseries", title: "Temperatures", gridPos: { x: 12, y: 14, w: 12, h: 8 }, unit: "celsius",
      queries: [
        { refId: "A", expr: `node_thermal_zone_temp{${S}}`, legend: "{{type}}" },
        { refId: "B", expr: `node_hwmon_temp_celsius{${S}}`, legend: "{{chip}} {{sensor}}" },
      ],
      thresholds: [{ value: null, color: green }, { value: 70, color: amber }, { value: 80, color: red }],
    },
    { id: 13, type: "row", title: "Storage", gridPos: { x: 0, y: 22, w: 24, h: 1 } },
    {
      id: 14, type: "bargauge", title: "Filesystem use", gridPos: { x: 0, y: 23, w: 8, h: 8 }, unit: "percent", min: 0, max: 100,
      queries: [{ refId: "A", legend: "{{mountpoint}}", expr: `100 * (1 - node_filesystem_avail_bytes{${S}, fstype!=""} / node_filesystem_size_bytes{${S}, fstype!=""})` }],
      thresholds: [{ value: null, color: green }, { value: 80, color: amber }, { value: 90, color: red }],
    },
    {
      id: 15, type: "table", title: "Filesystems", gridPos: { x: 8, y: 23, w: 16, h: 8 }, unit: "bytes",
      queries: [
        { refId: "Size", expr: `node_filesystem_size_bytes{${S}, fstype!=""}`, legend: "{{mountpoint}} ({{device}})", instant: true },
        { refId: "Available", expr: `node_filesystem_avail_bytes{${S}, fstype!=""}`, legend: "{{mountpoint}} ({{device}})", instant: true },
        { refId: "Read_only", expr: `node_filesystem_readonly{${S}, fstype!=""}`, legend: "{{mountpoint}} ({{device}})", instant: true },
      ],
    },
    {
      id: 16, type: "timeseries", title: "Disk I/O", gridPos: { x: 0, y: 31, w: 12, h: 8 }, unit: "Bps",
      queries: [
        { refId: "A", expr: `rate(node_disk_read_bytes_total{${S}}[$__rate_interval])`, legend: "{{device}} read" },
        { refId: "B", expr: `rate(node_disk_written_bytes_total{${S}}[$__rate_interval])`, legend: "{{device}} written" },
      ],
    },
    {
      id: 17, type: "timeseries", title: "Network", gridPos: { x: 12, y: 31, w: 12, h: 8 }, unit: "bps",
      queries: [
        { refId: "A", expr: `rate(node_network_receive_bytes_total{${S}, device!="lo"}[$__rate_interval]) * 8`, legend: "{{device}} received" },
        { refId: "B", expr: `rate(node_network_transmit_bytes_total{${S}, device!="lo"}[$__rate_interval]) * 8`, legend: "{{device}} sent" },
      ],
    },
  ],
};

const F = 'job="node", board=~"$board"';

const fleetOverview: DashboardInput = {
  format: DASHBOARD_FORMAT,
  title: "Fleet overview",
  description: "Every board at once: which are up, which run hot, whose disks fill up, who is busy.",
  tags: ["built-in", "fleet"],
  time: { range: "6h" },
  refresh: "1m",
  variables: [{ type: "query", name: "board", label: "Boards", query: 'label_values(up{job="node"}, board)', multi: true, includeAll: true, current: ["$__all"] }],
  panels: [
    {
      id: 1, type: "stat", title: "Boards up", gridPos: { x: 0, y: 0, w: 6, h: 4 },
      queries: [{ refId: "A", expr: `count(up{${F}} == 1) or vector(0)`, legend: "up" }], thresholds: [{ value: null, color: green }],
    },
    {
      id: 2, type: "stat", title: "Boards down", gridPos: { x: 6, y: 0, w: 6, h: 4 },
      queries: [{ refId: "A", expr: `count(up{${F}} == 0) or vector(0)`, legend: "down" }],
      thresholds: [{ value: null, color: green }, { value: 1, color: red }], options: { reduce: "last", sparkline: true, colorMode: "background" },
    },
    {
      id: 3, type: "stat", title: "Read-only filesystems", gridPos: { x: 12, y: 0, w: 6, h: 4 },
      queries: [{ refId: "A", expr: `count(node_filesystem_readonly{${F}, fstype!=""} == 1) or vector(0)`, legend: "read-only" }],
      thresholds: [{ value: null, color: green }, { value: 1, color: red }],
    },
    {
      id: 4, type: "gauge", title: "Fleet CPU busy", gridPos: { x: 18, y: 0, w: 6, h: 4 }, unit: "percent", min: 0, max: 100,
      queries: [{ refId: "A", expr: `100 * (1 - avg(rate(node_cpu_seconds_total{${F}, mode="idle"}[$__rate_interval])))`, legend: "busy" }],
      thresholds: [{ value: null, color: green }, { value: 70, color: amber }, { value: 90, color: red }],
    },
    {
      id: 5, type: "bargauge", title: "Hottest boards", gridPos: { x: 0, y: 4, w: 8, h: 9 }, unit: "celsius", min: 20, max: 90,
      queries: [{ refId: "A", legend: "{{board}}", instant: true, expr: `topk(10, max by (board) (node_thermal_zone_temp{${F}}) or max by (board) (node_hwmon_temp_celsius{${F}}))` }],
      thresholds: [{ value: null, color: green }, { value: 70, color: amber }, { value: 80, color: red }],
    },
    {
      id: 6, type: "bargauge", title: "Fullest disks", gridPos: { x: 8, y: 4, w: 8, h: 9 }, unit: "percent", min: 0, max: 100,
      queries: [{
        refId: "A", legend: "{{board}} {{mountpoint}}", instant: true,
        expr: `topk(10, 100 * (1 - node_filesystem_avail_bytes{${F}, fstype!=""} / node_filesystem_size_bytes{${F}, fstype!=""}))`,
      }],
      thresholds: [{ value: null, color: green }, { value: 80, color: amber }, { value: 90, color: red }],
    },
    {
      id: 7, type: "bargauge", title: "Top CPU", gridPos: { x: 16, y: 4, w: 8, h: 9 }, unit: "percent", min: 0, max: 100,
      queries: [{ refId: "A", legend: "{{board}}", instant: true, expr: `topk(10, 100 * (1 - avg by (board) (rate(node_cpu_seconds_total{${F}, mode="idle"}[$__rate_interval]))))` }],
      thresholds: [{ value: null, color: green }, { value: 70, color: amber }, { value: 90, color: red }],
    },
    {
      id: 8, type: "timeseries", title: "CPU busy by board", gridPos: { x: 0, y: 13, w: 12, h: 8 }, unit: "percent", min: 0, max: 100,
      queries: [{ refId: "A", legend: "{{board}}", expr: `100 * (1 - avg by (board) (rate(node_cpu_seconds_total{${F}, mode="idle"}[$__rate_interval])))` }],
    },
    {
      id: 9, type: "timeseries", title: "Temperature by board", gridPos: { x: 12, y: 13, w: 12, h: 8 }, unit: "celsius",
      queries: [{ refId: "A", legend: "{{board}}", expr: `max by (board) (node_thermal_zone_temp{${F}}) or max by (board) (node_hwmon_temp_celsius{${F}})` }],
      thresholds: [{ value: null, color: green }, { value: 70, color: amber }, { value: 80, color: red }],
    },
    {
      id: 10, type: "table", title: "Boards", gridPos: { x: 0, y: 21, w: 24, h: 8 }, unit: "none",
      queries: [
        { refId: "Up", expr: `up{${F}}`, legend: "{{board}}", instant: true },
        { refId: "Load_1m", expr: `node_load1{${F}}`, legend: "{{board}}", instant: true },
        { refId: "Uptime_days", expr: `(time() - node_boot_time_seconds{${F}}) / 86400`, legend: "{{board}}", instant: true },
      ],
    },
  ],
};

/** A built-in dashboard by uid, parsed (defaults filled in), or undefined. */
export function builtinDashboard(uid: string): Dashboard | undefined {
  if (uid === BUILTIN_UIDS.board) return dashboardSchema.parse(boardOverview);
  if (uid === BUILTIN_UIDS.fleet) return dashboardSchema.parse(fleetOverview);
  return undefined;
}

/** Every built-in dashboard with its uid. */
export function builtinDashboards(): Array<{ uid: string; dashboard: Dashboard }> {
  return Object.values(BUILTIN_UIDS).map((uid) => ({ uid, dashboard: builtinDashboard(uid)! }));
}
