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

/** The time range of URL parameters: `from`/`to` (absolute, ISO) or `range` (relative); the default otherwise. */
export function decodeRange(params: URLSearchParams, fallback: TimeRange = DEFAULT_STATE.range): TimeRange {
  const from = Date.parse(params.get("from") ?? "");
  const to = Date.parse(params.get("to") ?? "");
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) return { kind: "absolute", fromMs: from, toMs: to };
  const range = params.get("range") ?? "";
  return isRelativeRange(range) ? { kind: "relative", range } : fallback;
}

/** Writes a time range as `range=1h`, or `from`/`to` in UTC for an absolute one. */
export function encodeRange(params: URLSearchParams, range: TimeRange): void {
  if (range.kind === "relative") params.set("range", range.range);
  else {
    params.set("from", new Date(range.fromMs).toISOString());
    params.set("to", new Date(range.toMs).toISOString());
  }
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
  encodeRange(params, state.range);
  params.set("step", formatStep(state.step));
  params.set("tab", state.tab);
  params.set("unit", state.unit);
  return params;
}
