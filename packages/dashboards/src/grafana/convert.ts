import { parseDuration } from "../duration";
import { unknownBuiltins } from "../interpolate";
import { isUnit, type Unit } from "../units";
import {
  DASHBOARD_FORMAT,
  dashboardSchema,
  describeIssues,
  GRID_COLUMNS,
  REFRESH_INTERVALS,
  RELATIVE_RANGES,
  type Dashboard,
  type DataPanel,
  type GridPos,
  type Panel,
  type PanelQuery,
  type Reduce,
  type Threshold,
  type Variable,
} from "../schema";
import { grafanaColor } from "./colors";

/** The outcome of importing a Grafana dashboard: our model, its uid, and everything that could not be mapped. */
export interface GrafanaConversion {
  dashboard: Dashboard;
  uid: string | null;
  warnings: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Grafana unit ids that mean the same as one of ours. */
const UNIT_ALIASES: Record<string, Unit> = {
  s: "seconds", dtdurations: "seconds", ms: "ms", percent: "percent", percentunit: "percentunit", celsius: "celsius",
  bytes: "bytes", decbytes: "decbytes", bits: "bits", Bps: "Bps", binBps: "Bps", bps: "bps", binbps: "bps", ops: "ops",
  opm: "ops", reqps: "reqps", iops: "iops", rps: "reqps", wps: "ops", hertz: "hertz", short: "short", none: "none",
  kbytes: "bytes", mbytes: "bytes", gbytes: "bytes", deckbytes: "decbytes", decmbytes: "decbytes", decgbytes: "decbytes",
};
/** Units whose values must be scaled to reach one of ours; we keep the unit only when no scaling is needed. */
const SCALED_UNITS = new Set(["kbytes", "mbytes", "gbytes", "deckbytes", "decmbytes", "decgbytes", "opm", "dtdurations"]);

const SUPPORTED_PANELS = new Set(["timeseries", "graph", "stat", "singlestat", "gauge", "bargauge", "table", "table-old"]);

const CALCS: Record<string, Reduce> = {
  lastNotNull: "last", last: "last", mean: "mean", avg: "mean", current: "last", max: "max", min: "min", sum: "sum", total: "sum",
  first: "first", firstNotNull: "first",
};

/** Grafana's `now-6h` (or `now-1d/d`) as the nearest range we offer. */
function convertTime(time: unknown, warnings: string[]): Dashboard["time"] {
  const from = isObject(time) ? str(time.from) : undefined;
  const to = isObject(time) ? str(time.to) : undefined;
  const m = from ? /^now-(\d+[smhdwy])(\/[smhdwy])?$/.exec(from) : null;
  if (!m || (to && to !== "now")) {
    if (from) warnings.push(`time range ${from} to ${to ?? "now"}: only ranges ending now are kept; the dashboard opens on the last 6h`);
    return { range: "6h" };
  }
  const seconds = parseDuration(m[1]!)!;
  let best: (typeof RELATIVE_RANGES)[number] = "6h";
  for (const r of RELATIVE_RANGES) if (Math.abs(Math.log(parseDuration(r)! / seconds)) < Math.abs(Math.log(parseDuration(best)! / seconds))) best = r;
  if (parseDuration(best) !== seconds || m[2]) warnings.push(`time range ${from}: opens on the nearest range we offer, last ${best}`);
  return { range: best };
}

function convertRefresh(refresh: unknown, warnings: string[]): Dashboard["refresh"] {
  const r = str(refresh);
  if (!r) return "off";
  if ((REFRESH_INTERVALS as readonly string[]).includes(r)) return r as Dashboard["refresh"];
  const seconds = parseDuration(r);
  if (seconds === undefined) return "off";
  const choices = REFRESH_INTERVALS.filter((x) => x !== "off");
  const best = choices.reduce((a, b) => (Math.abs(parseDuration(b)! - seconds) < Math.abs(parseDuration(a)! - seconds) ? b : a));
  warnings.push(`refresh ${r}: refreshes every ${best} instead`);
  return best;
}

/** Grafana variables as ours; datasource and ad hoc filters have no equivalent and are listed. */
function convertVariables(templating: unknown, warnings: string[]): Variable[] {
  const out: Variable[] = [];
  for (const raw of arr(isObject(templating) ? templating.list : undefined)) {
    if (!isObject(raw)) continue;
    const name = str(raw.name) ?? "";
    const type = str(raw.type) ?? "";
    const label = str(raw.label) ?? "";
    const hide = num(raw.hide) === 2;
    const current = currentOf(raw.current);
    const multi = raw.multi === true;
    const includeAll = raw.includeAll === true;
    const allValue = str(raw.allValue) || null;
    if (!/^[A-Za-z_]\w{0,63}$/.test(name)) {
      warnings.push(`variable ${JSON.stringify(name)}: not a usable variable name, not imported`);
      continue;
    }
    switch (type) {
      case "query": {
        const ds = raw.datasource;
        const dsType = isObject(ds) ? str(ds.type) : undefined;
        if (dsType && dsType !== "prometheus" && !/^\$/.test(str(isObject(ds) ? ds.uid : "") ?? "")) {
          warnings.push(`variable ${name}: queries a ${dsType} data source, not imported`);
          continue;
        }
        const query = isObject(raw.query) ? str(raw.query.query) : str(raw.query);
        if (!query) {
          warnings.push(`variable ${name}: has no query, not imported`);
          continue;
        }
        const sortIds: Record<number, Extract<Variable, { type: "query" }>["sort"]> = { 0: "none", 1: "alpha", 2: "alpha-desc", 3: "numeric", 4: "numeric-desc", 5: "alpha", 6: "alpha-desc" };
        out.push({
          type: "query", name, label, hide, current, query, regex: str(raw.regex) ?? "", multi, includeAll, allValue,
          sort: sortIds[num(raw.sort) ?? 0] ?? "none",
        });
        break;
      }
      case "custom":
        out.push({ type: "custom", name, label, hide, current, query: str(raw.query) ?? "", multi, includeAll, allValue });
        break;
      case "interval": {
        const query = str(raw.query) ?? "";
        if (raw.auto === true) warnings.push(`variable ${name}: the "auto" interval option is not imported; its fixed choices are`);
        out.push({ type: "custom", name, label, hide, current, query, multi: false, includeAll: false, allValue: null });
        break;
      }
      case "constant":
        out.push({ type: "custom", name, label, hide: true, current: [str(raw.query) ?? ""], query: str(raw.query) ?? "", multi: false, includeAll: false, allValue: null });
        break;
      case "textbox":
        out.push({ type: "textbox", name, label, hide, current, query: str(raw.query) ?? current[0] ?? "" });
        break;
      case "datasource":
        warnings.push(`variable ${name} (data source): dropped; every query reads this tenant's data`);
        break;
      default:
        warnings.push(`variable ${name} (${type || "unknown type"}): not supported, not imported`);
    }
  }
  return out;
}

function currentOf(current: unknown): string[] {
  if (!isObject(current)) return [];
  const value = current.value;
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : typeof value === "string" ? [value] : [];
  return list.map((v) => (v === "$__all" ? "$__all" : v));
}

function thresholdsOf(steps: unknown, where: string, warnings: string[]): Threshold[] | undefined {
  const out: Threshold[] = [];
  for (const step of arr(steps)) {
    if (!isObject(step)) continue;
    const color = grafanaColor(step.color);
    if (!color) {
      warnings.push(`${where}: threshold colour ${JSON.stringify(step.color)} is not a colour we know; shown grey`);
    }
    out.push({ value: out.length === 0 ? null : (num(step.value) ?? null), color: color ?? "#9aa5b1" });
  }
  return out.length ? out : undefined;
}

function convertUnit(unit: unknown, where: string, warnings: string[]): Unit {
  const u = str(unit);
  if (!u) return "none";
  const mapped = UNIT_ALIASES[u] ?? (isUnit(u) ? u : undefined);
  if (!mapped || SCALED_UNITS.has(u)) {
    warnings.push(`${where}: unit ${JSON.stringify(u)} is not supported; values are shown as plain numbers`);
    return "none";
  }
  return mapped;
}

interface Context {
  warnings: string[];
  nextId: () => number;
  usedIds: Set<number>;
}

function convertTargets(panel: Json, where: string, ctx: Context): PanelQuery[] {
  const queries: PanelQuery[] = [];
  const used = new Set<string>();
  const panelDs = isObject(panel.datasource) ? str(panel.datasource.type) : undefined;
  for (const raw of arr(panel.targets)) {
    if (!isObject(raw)) continue;
    const ds = isObject(raw.datasource) ? str(raw.datasource.type) : panelDs;
    const expr = str(raw.expr);
    if ((ds && ds !== "prometheus" && ds !== "datasource") || expr === undefined) {
      ctx.warnings.push(`${where}: query ${str(raw.refId) ?? "?"} is not a Prometheus query${ds ? ` (${ds})` : ""}, not imported`);
      continue;
    }
    let refId = str(raw.refId) ?? "";
    if (!/^[A-Za-z][\w-]{0,19}$/.test(refId) || used.has(refId)) refId = String.fromCharCode(65 + queries.length);
    used.add(refId);
    for (const b of unknownBuiltins(expr)) ctx.warnings.push(`${where}: query ${refId} uses ${b}, which Boardwatch does not define`);
    const legend = str(raw.legendFormat) ?? "";
    queries.push({
      refId,
      expr,
      legend: legend === "__auto" ? "" : legend,
      instant: raw.instant === true || (raw.format === "table" && raw.range !== true),
      hide: raw.hide === true,
    });
    if (num(raw.intervalFactor) !== undefined && num(raw.intervalFactor) !== 1) ctx.warnings.push(`${where}: query ${refId}'s resolution 1/${num(raw.intervalFactor)} is not imported`);
  }
  if (queries.length === 0 && arr(panel.targets).length === 0) ctx.warnings.push(`${where}: has no queries`);
  return queries;
}

function reduceOf(options: Json | undefined, legacyValueName: unknown): Reduce {
  const calcs = isObject(options?.reduceOptions) ? arr(options.reduceOptions.calcs) : [];
  const first = str(calcs[0]) ?? str(legacyValueName);
  return (first && CALCS[first]) || "last";
}

/**
 * One Grafana panel as ours, or null when its type has no equivalent (listed). Handles today's panels
 * (timeseries, stat, gauge, bargauge, table) and the old graph, singlestat and table-old ones.
 */
function convertPanel(p: Json, gridPos: GridPos, ctx: Context): DataPanel | null {
  const type = str(p.type) ?? "";
  const title = str(p.title) ?? "";
  const where = `panel ${JSON.stringify(title || `#${num(p.id) ?? "?"}`)}`;
  const fc = isObject(p.fieldConfig) ? p.fieldConfig : {};
  const defaults = isObject(fc.defaults) ? fc.defaults : {};
  const custom = isObject(defaults.custom) ? defaults.custom : {};
  const options = isObject(p.options) ? p.options : {};
  if (!SUPPORTED_PANELS.has(type)) {
    ctx.warnings.push(`${where}: panel type ${JSON.stringify(type)} is not supported, not imported`);
    return null;
  }
  let id = num(p.id);
  if (id === undefined || !Number.isInteger(id) || id < 1 || ctx.usedIds.has(id)) id = ctx.nextId();
  ctx.usedIds.add(id);

  let unit = convertUnit(defaults.unit, where, ctx.warnings);
  let decimals = num(defaults.decimals) ?? null;
  let min = num(defaults.min) ?? null;
  let max = num(defaults.max) ?? null;
  let thresholds = thresholdsOf(isObject(defaults.thresholds) ? defaults.thresholds.steps : undefined, where, ctx.warnings);

  if (arr(fc.overrides).length) {
    ctx.warnings.push(`${where}: ${arr(fc.overrides).length} field override(s) not imported (${arr(fc.overrides).map((o) => (isObject(o) && isObject(o.matcher) ? `${str(o.matcher.id)}=${JSON.stringify(o.matcher.options)}` : "?")).join(", ")})`);
  }
  if (arr(p.transformations).length) {
    ctx.warnings.push(`${where}: transformations not imported (${arr(p.transformations).map((t) => (isObject(t) ? str(t.id) : "?")).join(", ")})`);
  }
  if (isObject(p.repeat) || str(p.repeat)) ctx.warnings.push(`${where}: repeating by $${str(p.repeat)} is not supported; the panel is shown once`);
  if (arr(p.links).length) ctx.warnings.push(`${where}: ${arr(p.links).length} panel link(s) not imported`);

  const queries = convertTargets(p, where, ctx);
  const base = {
    id, title, description: str(p.description) ?? "", gridPos, queries,
    minInterval: str(p.interval) && parseDuration(str(p.interval)!.replace(/^>/, "")) ? str(p.interval)!.replace(/^>/, "") : null,
    maxDataPoints: num(p.maxDataPoints) && num(p.maxDataPoints)! >= 10 ? Math.min(11_000, Math.round(num(p.maxDataPoints)!)) : null,
  };
  if (str(p.interval) && !base.minInterval) ctx.warnings.push(`${where}: minimum interval ${JSON.stringify(p.interval)} is not a duration, ignored`);

  switch (type) {
    case "timeseries": {
      const stacking = isObject(custom.stacking) ? str(custom.stacking.mode) : undefined;
      if (stacking === "percent") ctx.warnings.push(`${where}: 100% stacking is shown as normal stacking`);
      if (str(custom.drawStyle) === "bars" || str(custom.drawStyle) === "points") ctx.warnings.push(`${where}: ${str(custom.drawStyle)} are drawn as lines`);
      const fill = num(custom.fillOpacity) ?? 0;
      const style = stacking && stacking !== "none" ? "stacked" : fill > 0 ? "area" : "lines";
      const legend = isObject(options.legend) && (options.legend.showLegend === false || str(options.legend.displayMode) === "hidden") ? "hidden" : "list";
      return { ...base, type: "timeseries", unit, decimals, min, max, thresholds: thresholds ?? defaultThresholds(), options: { style, legend } };
    }
    case "graph": {
      const yaxes = arr(p.yaxes).filter(isObject);
      const y = yaxes[0] ?? {};
      unit = convertUnit(y.format, where, ctx.warnings);
      min = num(y.min) ?? null;
      max = num(y.max) ?? null;
      decimals = num(y.decimals) ?? num(p.decimals) ?? null;
      if (arr(p.seriesOverrides).length) ctx.warnings.push(`${where}: ${arr(p.seriesOverrides).length} series override(s) not imported`);
      if (yaxes[1] && arr(p.seriesOverrides).some((o) => isObject(o) && o.yaxis === 2)) ctx.warnings.push(`${where}: the right y-axis is not supported; all series share the left one`);
      if (p.bars === true) ctx.warnings.push(`${where}: bars are drawn as lines`);
      const style = p.stack === true ? "stacked" : (num(p.fill) ?? 0) > 0 ? "area" : "lines";
      const legend = isObject(p.legend) && p.legend.show === false ? "hidden" : "list";
      thresholds = legacyGraphThresholds(p.thresholds, where, ctx.warnings);
      return { ...base, type: "timeseries", unit, decimals, min, max, thresholds: thresholds ?? defaultThresholds(), options: { style, legend } };
    }
    case "stat": {
      const sparkline = str(options.graphMode) !== "none";
      const colorMode = str(options.colorMode) === "background" || str(options.colorMode) === "background_solid" ? "background" : "value";
      return { ...base, type: "stat", unit, decimals, min, max, thresholds: thresholds ?? defaultThresholds(), options: { reduce: reduceOf(options, undefined), sparkline, colorMode } };
    }
    case "singlestat": {
      unit = convertUnit(p.format, where, ctx.warnings);
      decimals = num(p.decimals) ?? null;
      const gauge = isObject(p.gauge) && p.gauge.show === true;
      if (gauge) {
        min = num(p.gauge && (p.gauge as Json).minValue) ?? null;
        max = num(p.gauge && (p.gauge as Json).maxValue) ?? null;
      }
      thresholds = legacyThresholds(p.thresholds, p.colors, where, ctx.warnings);
      if (arr(p.valueMaps).length || arr(p.rangeMaps).length) ctx.warnings.push(`${where}: value mappings not imported`);
      const reduce = CALCS[str(p.valueName) ?? "avg"] ?? "mean";
      if (gauge) return { ...base, type: "gauge", unit, decimals, min, max, thresholds: thresholds ?? defaultThresholds(), options: { reduce } };
      const sparkline = isObject(p.sparkline) && p.sparkline.show === true;
      const colorMode = p.colorBackground === true ? "background" : "value";
      return { ...base, type: "stat", unit, decimals, min, max, thresholds: thresholds ?? defaultThresholds(), options: { reduce, sparkline, colorMode } };
    }
    case "gauge":
      return { ...base, type: "gauge", unit, decimals, min, max, thresholds: thresholds ?? defaultThresholds(), options: { reduce: reduceOf(options, undefined) } };
    case "bargauge": {
      const orientation = str(options.orientation) === "vertical" ? "vertical" : "horizontal";
      return { ...base, type: "bargauge", unit, decimals, min, max, thresholds: thresholds ?? defaultThresholds(), options: { reduce: reduceOf(options, undefined), orientation } };
    }
    case "table":
    case "table-old": {
      if (type === "table-old" && arr(p.styles).length) ctx.warnings.push(`${where}: column styles not imported`);
      return { ...base, type: "table", unit, decimals, min, max, thresholds: thresholds ?? defaultThresholds(), options: { reduce: reduceOf(options, undefined) } };
    }
    default:
      throw new Error(`unhandled panel type ${type}`);
  }
}

function defaultThresholds(): Threshold[] {
  return [{ value: null, color: "#43c07a" }];
}

/** singlestat's `"80,90"` with three colours. */
function legacyThresholds(values: unknown, colors: unknown, where: string, warnings: string[]): Threshold[] | undefined {
  const text = str(values);
  if (!text) return undefined;
  const points = text.split(",").map((s) => Number(s.trim())).filter(Number.isFinite);
  const palette = arr(colors).map(grafanaColor);
  const fallback = ["#73bf69", "#ff9830", "#f2495c"];
  if (palette.some((c) => c === undefined)) warnings.push(`${where}: a threshold colour could not be read; default colours used`);
  return [null, ...points].map((value, i) => ({ value, color: palette[i] ?? fallback[Math.min(i, 2)]! }));
}

/** graph's `thresholds: [{value, colorMode, op}]`: kept as threshold steps where they say "above". */
function legacyGraphThresholds(list: unknown, where: string, warnings: string[]): Threshold[] | undefined {
  const items = arr(list).filter(isObject);
  if (!items.length) return undefined;
  const out: Threshold[] = [{ value: null, color: "#43c07a" }];
  for (const t of items) {
    const value = num(t.value);
    if (value === undefined || str(t.op) === "lt") {
      warnings.push(`${where}: a "below" threshold is not imported`);
      continue;
    }
    out.push({ value, color: grafanaColor(t.fillColor) ?? grafanaColor(t.lineColor) ?? (str(t.colorMode) === "warning" ? "#ff9830" : "#f2495c") });
  }
  return out;
}

/** Fits a Grafana gridPos into our 24-column grid. */
function gridOf(raw: unknown, fallbackY: number): GridPos {
  const g = isObject(raw) ? raw : {};
  const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(num(g.w) ?? 12)));
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(num(g.x) ?? 0)));
  return { x, y: Math.max(0, Math.round(num(g.y) ?? fallbackY)), w, h: Math.min(100, Math.max(1, Math.round(num(g.h) ?? 8))) };
}

/** Grafana's pre-5.0 layout (`rows[]` of panels with `span` out of 12 and a pixel height) as grid positions. */
function legacyRowsToPanels(rows: unknown[], ctx: Context): Json[] {
  const out: Json[] = [];
  let y = 0;
  for (const row of rows.filter(isObject)) {
    const title = str(row.title) ?? "";
    const showTitle = row.showTitle === true || rows.length > 1;
    const height = Math.max(2, Math.round((num(String(row.height ?? "250").replace("px", "")) ?? 250) / 30));
    const children: Json[] = [];
    let x = 0;
    let rowY = y + (showTitle ? 1 : 0);
    let lineHeight = 0;
    for (const p of arr(row.panels).filter(isObject)) {
      const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(((num(p.span) ?? 12) / 12) * GRID_COLUMNS)));
      if (x + w > GRID_COLUMNS) {
        x = 0;
        rowY += lineHeight;
        lineHeight = 0;
      }
      const h = num(String(p.height ?? "").replace("px", "")) ? Math.max(2, Math.round(num(String(p.height).replace("px", ""))! / 30)) : height;
      children.push({ ...p, gridPos: { x, y: rowY, w, h } });
      x += w;
      lineHeight = Math.max(lineHeight, h);
    }
    if (showTitle) {
      const collapsed = row.collapse === true;
      out.push({ type: "row", title, id: ctx.nextId(), collapsed, gridPos: { x: 0, y, w: 24, h: 1 }, panels: collapsed ? children : [] });
      if (!collapsed) out.push(...children);
      y = collapsed ? y + 1 : rowY + lineHeight;
    } else {
      out.push(...children);
      y = rowY + lineHeight;
    }
  }
  return out;
}

/**
 * Converts a Grafana dashboard's JSON (schema versions from the 2016 `rows` layout to today's) into a
 * Boardwatch dashboard. Panels with Prometheus queries become ours; whatever has no equivalent (panel types,
 * overrides, transformations, data source variables, links, annotations …) is named in `warnings`.
 */
export function convertGrafanaDashboard(input: unknown): GrafanaConversion | { error: string; field: string } {
  if (!isObject(input)) return { error: "dashboard: must be a JSON object", field: "dashboard" };
  const warnings: string[] = [];
  const title = (str(input.title) ?? "").trim();
  if (!title) return { error: "dashboard.title: must not be empty", field: "title" };
  const rawPanels = Array.isArray(input.panels) ? input.panels : undefined;
  const rawRows = Array.isArray(input.rows) ? input.rows : undefined;
  if (!rawPanels && !rawRows) return { error: "dashboard.panels: must be a list of panels", field: "panels" };

  const usedIds = new Set<number>();
  let maxId = 0;
  const scan = (list: unknown[]) => list.filter(isObject).forEach((p) => {
    maxId = Math.max(maxId, num(p.id) ?? 0);
    scan(arr(p.panels));
  });
  scan(rawPanels ?? []);
  for (const r of rawRows ?? []) if (isObject(r)) scan(arr(r.panels));
  const ctx: Context = { warnings, usedIds, nextId: () => ++maxId };

  const source = rawPanels ?? legacyRowsToPanels(rawRows!, ctx);
  const panels: Panel[] = [];
  let bottom = 0;
  for (const raw of source.filter(isObject)) {
    const gridPos = gridOf(raw.gridPos, bottom);
    if (str(raw.type) === "row") {
      let id = num(raw.id);
      if (id === undefined || !Number.isInteger(id) || id < 1 || usedIds.has(id)) id = ctx.nextId();
      usedIds.add(id);
      const children: DataPanel[] = [];
      if (raw.collapsed === true) {
        for (const child of arr(raw.panels).filter(isObject)) {
          const converted = convertPanel(child, gridOf(child.gridPos, gridPos.y + 1), ctx);
          if (converted) children.push(converted);
        }
      }
      if (str(raw.repeat)) warnings.push(`row ${JSON.stringify(str(raw.title) ?? "")}: repeating by $${str(raw.repeat)} is not supported; shown once`);
      panels.push({ id, type: "row", title: str(raw.title) ?? "", gridPos: { x: 0, y: gridPos.y, w: GRID_COLUMNS, h: 1 }, collapsed: raw.collapsed === true, panels: children });
    } else {
      const converted = convertPanel(raw, gridPos, ctx);
      if (converted) panels.push(converted);
    }
    bottom = Math.max(bottom, gridPos.y + gridPos.h);
  }

  const annotations = arr(isObject(input.annotations) ? input.annotations.list : undefined).filter((a) => isObject(a) && a.builtIn !== 1);
  if (annotations.length) warnings.push(`${annotations.length} annotation query(ies) not imported`);
  if (arr(input.links).length) warnings.push(`${arr(input.links).length} dashboard link(s) not imported`);

  const model = {
    format: DASHBOARD_FORMAT,
    title: title.slice(0, 200),
    description: (str(input.description) ?? "").slice(0, 2000),
    tags: arr(input.tags).filter((t): t is string => typeof t === "string" && t.trim() !== "").slice(0, 20).map((t) => t.trim().slice(0, 50)),
    time: convertTime(input.time, warnings),
    refresh: convertRefresh(input.refresh, warnings),
    variables: convertVariables(input.templating, warnings),
    panels,
  };
  const parsed = dashboardSchema.safeParse(model);
  if (!parsed.success) return { error: describeIssues(parsed.error, "dashboard"), field: parsed.error.issues[0]?.path.map(String).join(".") || "dashboard" };
  const uid = str(input.uid);
  return { dashboard: parsed.data, uid: uid && /^[\w-]{1,40}$/.test(uid) ? uid : null, warnings };
}

/** True when a JSON document is one of our own dashboards rather than Grafana's. */
export function isBoardwatchDashboard(input: unknown): boolean {
  return isObject(input) && input.format === DASHBOARD_FORMAT;
}
