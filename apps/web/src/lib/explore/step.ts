import { MAX_POINTS_PER_SERIES } from "@boardwatch/dashboards";
import { formatDuration, parseDuration } from "./duration";

/** Resolution: one point per `auto` bucket of the range over the chart's width, or a fixed step. */
export type StepSetting = { kind: "auto" } | { kind: "fixed"; seconds: number };

export { MAX_POINTS_PER_SERIES };

/**
 * The step, in whole seconds, of a range query over `rangeSeconds`: `auto` gives about `maxDataPoints`
 * points (one per pixel of chart width); a fixed step is widened only as far as the server's point limit needs.
 */
export function computeStep(rangeSeconds: number, setting: StepSetting, maxDataPoints: number): number {
  const floor = Math.max(1, Math.ceil(rangeSeconds / MAX_POINTS_PER_SERIES));
  const wanted = setting.kind === "auto" ? Math.ceil(rangeSeconds / Math.max(1, Math.floor(maxDataPoints))) : setting.seconds;
  return Math.max(floor, wanted);
}

/**
 * The step a person typed or a URL carries: `auto` (or nothing), or a duration rounded to whole seconds (the
 * API takes fractions, but nobody charts boards at sub-second resolution); `undefined` if it is neither.
 */
export function parseStep(text: string): StepSetting | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "auto") return { kind: "auto" };
  const seconds = parseDuration(trimmed);
  return seconds === undefined ? undefined : { kind: "fixed", seconds: Math.max(1, Math.round(seconds)) };
}

/** The text of a step setting, as `parseStep` reads it back. */
export function formatStep(step: StepSetting): string {
  return step.kind === "auto" ? "auto" : formatDuration(step.seconds);
}
