import type { Unit } from "@/lib/units";
import { formatStep, parseStep, type StepSetting } from "./step";
import { isRelativeRange, type TimeRange } from "./time-range";
import { isUnit } from "./unit-options";

export type Tab = "graph" | "table";

/** Everything the Explore view shows, as the URL carries it, so a link reproduces the view. */
export interface ExploreState {
  query: string;
  range: TimeRange;
  step: StepSetting;
  tab: Tab;
  unit: Unit;
}

export const DEFAULT_STATE: ExploreState = {
  query: "",
  range: { kind: "relative", range: "1h" },
  step: { kind: "auto" },
  tab: "graph",
  unit: "none",
};

function decodeRange(params: URLSearchParams): TimeRange {
  const from = Date.parse(params.get("from") ?? "");
  const to = Date.parse(params.get("to") ?? "");
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) return { kind: "absolute", fromMs: from, toMs: to };
  const range = params.get("range") ?? "";
  return isRelativeRange(range) ? { kind: "relative", range } : DEFAULT_STATE.range;
}

/** The state in URL parameters; missing or invalid parameters take their defaults. */
export function decodeState(params: URLSearchParams): ExploreState {
  const tab = params.get("tab");
  const unit = params.get("unit") ?? "";
  return {
    query: params.get("q") ?? "",
    range: decodeRange(params),
    step: parseStep(params.get("step") ?? "") ?? DEFAULT_STATE.step,
    tab: tab === "table" ? "table" : DEFAULT_STATE.tab,
    unit: isUnit(unit) ? unit : DEFAULT_STATE.unit,
  };
}

/** URL parameters for the state: `?q=…&range=1h&step=auto&tab=graph&unit=none` (absolute: `from`/`to` in UTC). */
export function encodeState(state: ExploreState): URLSearchParams {
  const params = new URLSearchParams({ q: state.query });
  if (state.range.kind === "relative") params.set("range", state.range.range);
  else {
    params.set("from", new Date(state.range.fromMs).toISOString());
    params.set("to", new Date(state.range.toMs).toISOString());
  }
  params.set("step", formatStep(state.step));
  params.set("tab", state.tab);
  params.set("unit", state.unit);
  return params;
}
