import { z } from "zod";
import { UNIT_LABELS } from "./units";

/** The format tag of a Boardwatch dashboard; bumped (with a migration in `parseDashboard`) when the model changes. */
export const DASHBOARD_FORMAT = "boardwatch.dashboard/v1";

/** The relative ranges a dashboard (and Explore) offers, as Prometheus durations. */
export const RELATIVE_RANGES = ["5m", "15m", "1h", "3h", "6h", "12h", "24h", "2d", "7d", "30d"] as const;
export type RelativeRange = (typeof RELATIVE_RANGES)[number];

/** Auto-refresh choices, like Grafana's picker. */
export const REFRESH_INTERVALS = ["off", "5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h"] as const;
export type RefreshInterval = (typeof REFRESH_INTERVALS)[number];

export const GRID_COLUMNS = 24;

const title = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

export const unitSchema = z.enum(Object.keys(UNIT_LABELS) as [keyof typeof UNIT_LABELS, ...Array<keyof typeof UNIT_LABELS>]);

const color = z.string().regex(/^(#[0-9a-fA-F]{3,8}|rgba?\([\d\s.,%]+\))$/, "must be a #hex or rgb() colour");

export const thresholdSchema = z.object({
  /** `null` for the base step (everything below the first value). */
  value: z.number().nullable(),
  color,
});

export const gridPosSchema = z
  .object({
    x: z.number().int().min(0).max(GRID_COLUMNS - 1),
    y: z.number().int().min(0).max(10_000),
    w: z.number().int().min(1).max(GRID_COLUMNS),
    h: z.number().int().min(1).max(100),
  })
  .refine((p) => p.x + p.w <= GRID_COLUMNS, { message: `must fit in ${GRID_COLUMNS} columns (x + w ≤ ${GRID_COLUMNS})`, path: ["w"] });

export const querySchema = z.object({
  refId: z.string().regex(/^[A-Za-z][\w-]{0,19}$/, "must be a short identifier such as A"),
  expr: z.string().max(20_000, "must be at most 20000 characters"),
  /** Legend template, `{{instance}} {{mode}}`; empty shows the label set. */
  legend: z.string().max(500).default(""),
  /** An instant query at the end of the range (tables, stats of the current value) instead of a range query. */
  instant: z.boolean().default(false),
  hide: z.boolean().default(false),
});

const fieldFields = {
  unit: unitSchema.default("none"),
  decimals: z.number().int().min(0).max(10).nullable().default(null),
  min: z.number().nullable().default(null),
  max: z.number().nullable().default(null),
  thresholds: z.array(thresholdSchema).max(20).default([{ value: null, color: "#43c07a" }]),
};

const reduce = z.enum(["last", "mean", "max", "min", "sum", "first"]).default("last");

const panelBase = {
  id: z.number().int().min(1),
  title: z.string().max(200).default(""),
  description: z.string().max(2000).default(""),
  gridPos: gridPosSchema,
  queries: z.array(querySchema).max(26).default([]),
  /** Lower bound of the step, a Prometheus duration (`30s`); the step otherwise follows the panel's width. */
  minInterval: z.string().regex(/^(\d+(ms|[smhdwy]))+$/, "must be a Prometheus duration such as 30s").nullable().default(null),
  /** Points per series at most; by default the panel's width in pixels. */
  maxDataPoints: z.number().int().min(10).max(11_000).nullable().default(null),
  ...fieldFields,
};

export const timeseriesPanelSchema = z.object({
  ...panelBase,
  type: z.literal("timeseries"),
  options: z
    .object({
      style: z.enum(["lines", "area", "stacked"]).default("lines"),
      legend: z.enum(["list", "hidden"]).default("list"),
    })
    .default({ style: "lines", legend: "list" }),
});

export const statPanelSchema = z.object({
  ...panelBase,
  type: z.literal("stat"),
  options: z
    .object({ reduce, sparkline: z.boolean().default(true), colorMode: z.enum(["value", "background"]).default("value") })
    .default({ reduce: "last", sparkline: true, colorMode: "value" }),
});

export const gaugePanelSchema = z.object({
  ...panelBase,
  type: z.literal("gauge"),
  options: z.object({ reduce }).default({ reduce: "last" }),
});

export const bargaugePanelSchema = z.object({
  ...panelBase,
  type: z.literal("bargauge"),
  options: z
    .object({ reduce, orientation: z.enum(["horizontal", "vertical"]).default("horizontal") })
    .default({ reduce: "last", orientation: "horizontal" }),
});

export const tablePanelSchema = z.object({
  ...panelBase,
  type: z.literal("table"),
  options: z.object({ reduce }).default({ reduce: "last" }),
});

export const dataPanelSchema = z.discriminatedUnion("type", [timeseriesPanelSchema, statPanelSchema, gaugePanelSchema, bargaugePanelSchema, tablePanelSchema]);

/** A row: a full-width header; collapsed rows keep their panels inside, expanded rows own the panels below them. */
export const rowPanelSchema = z.object({
  id: z.number().int().min(1),
  type: z.literal("row"),
  title: z.string().max(200).default(""),
  gridPos: gridPosSchema,
  collapsed: z.boolean().default(false),
  panels: z.array(dataPanelSchema).max(100).default([]),
});

export const panelSchema = z.discriminatedUnion("type", [...dataPanelSchema.options, rowPanelSchema]);

export const PANEL_TYPES = ["timeseries", "stat", "gauge", "bargauge", "table"] as const;

const variableBase = {
  name: z.string().regex(/^[A-Za-z_]\w{0,63}$/, "must be a variable name: letters, digits and _"),
  label: z.string().max(100).default(""),
  hide: z.boolean().default(false),
  /** What is selected when the URL does not say; for multi-value variables several values, `$__all` for All. */
  current: z.array(z.string().max(1000)).max(1000).default([]),
};

export const queryVariableSchema = z.object({
  ...variableBase,
  type: z.literal("query"),
  /** `label_values(up, instance)`, `label_values(instance)`, `label_names()`, `metrics(node_.*)`, `query_result(topk(5, up))`. */
  query: z.string().min(1, "must not be empty").max(5000),
  /** Keeps only matching values; with a capture group, keeps the group (Grafana's regex). */
  regex: z.string().max(500).default(""),
  multi: z.boolean().default(false),
  includeAll: z.boolean().default(false),
  /** What All interpolates to (raw, e.g. `.*`); by default all values. */
  allValue: z.string().max(500).nullable().default(null),
  sort: z.enum(["none", "alpha", "alpha-desc", "numeric", "numeric-desc"]).default("alpha"),
});

export const customVariableSchema = z.object({
  ...variableBase,
  type: z.literal("custom"),
  /** The choices, comma-separated (`a,b,c`), or `text : value` pairs like Grafana's. */
  query: z.string().max(10_000),
  multi: z.boolean().default(false),
  includeAll: z.boolean().default(false),
  allValue: z.string().max(500).nullable().default(null),
});

export const textboxVariableSchema = z.object({
  ...variableBase,
  type: z.literal("textbox"),
  /** The default text. */
  query: z.string().max(1000).default(""),
});

export const variableSchema = z.discriminatedUnion("type", [queryVariableSchema, customVariableSchema, textboxVariableSchema]);

export const dashboardSchema = z
  .object({
    format: z.literal(DASHBOARD_FORMAT),
    title,
    description: z.string().max(2000).default(""),
    tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
    time: z.object({ range: z.enum(RELATIVE_RANGES) }).default({ range: "6h" }),
    refresh: z.enum(REFRESH_INTERVALS).default("off"),
    variables: z.array(variableSchema).max(50).default([]),
    panels: z.array(panelSchema).max(200).default([]),
  })
  .superRefine((d, ctx) => {
    const names = new Set<string>();
    d.variables.forEach((v, i) => {
      if (names.has(v.name)) ctx.addIssue({ code: "custom", message: `duplicate variable name "${v.name}"`, path: ["variables", i, "name"] });
      names.add(v.name);
    });
    const ids = new Set<number>();
    const check = (id: number, path: Array<string | number>) => {
      if (ids.has(id)) ctx.addIssue({ code: "custom", message: `duplicate panel id ${id}`, path });
      ids.add(id);
    };
    d.panels.forEach((p, i) => {
      check(p.id, ["panels", i, "id"]);
      if (p.type === "row") p.panels.forEach((c, j) => check(c.id, ["panels", i, "panels", j, "id"]));
    });
  });

export type Dashboard = z.infer<typeof dashboardSchema>;
export type DashboardInput = z.input<typeof dashboardSchema>;
export type Panel = z.infer<typeof panelSchema>;
export type DataPanel = z.infer<typeof dataPanelSchema>;
export type RowPanel = z.infer<typeof rowPanelSchema>;
export type PanelType = DataPanel["type"];
export type PanelQuery = z.infer<typeof querySchema>;
export type Threshold = z.infer<typeof thresholdSchema>;
export type Variable = z.infer<typeof variableSchema>;
export type QueryVariable = z.infer<typeof queryVariableSchema>;
export type GridPos = z.infer<typeof gridPosSchema>;
export type Reduce = z.infer<typeof reduce>;

/** `title: must not be empty; panels.2.gridPos.w: …`: every message names its field. */
export function describeIssues(error: z.ZodError, prefix = ""): string {
  return error.issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join(".") || "dashboard"}: ${i.message}`).join("; ");
}

/** A dashboard model from untrusted JSON, or the first problems naming their fields. */
export function parseDashboard(input: unknown): { ok: true; dashboard: Dashboard } | { ok: false; error: string; field: string } {
  const result = dashboardSchema.safeParse(input);
  if (result.success) return { ok: true, dashboard: result.data };
  return { ok: false, error: describeIssues(result.error), field: result.error.issues[0]?.path.map(String).join(".") || "dashboard" };
}

/** A new, empty dashboard. */
export function emptyDashboard(title: string): Dashboard {
  return dashboardSchema.parse({ format: DASHBOARD_FORMAT, title });
}

/** Every data panel, inside collapsed rows too, in layout order. */
export function allDataPanels(d: Pick<Dashboard, "panels">): DataPanel[] {
  return d.panels.flatMap((p) => (p.type === "row" ? p.panels : [p]));
}
