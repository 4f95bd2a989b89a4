import { RELATIVE_RANGES, type RelativeRange } from "@boardwatch/dashboards";
import { parseDuration } from "./duration";

export { RELATIVE_RANGES, type RelativeRange };

export type TimeRange = { kind: "relative"; range: RelativeRange } | { kind: "absolute"; fromMs: number; toMs: number };

export function isRelativeRange(text: string): text is RelativeRange {
  return (RELATIVE_RANGES as readonly string[]).includes(text);
}

/** The concrete [start, end] of a range, in epoch milliseconds; relative ranges end at `nowMs`. */
export function resolveRange(range: TimeRange, nowMs: number): { startMs: number; endMs: number } {
  if (range.kind === "absolute") return { startMs: range.fromMs, endMs: range.toMs };
  return { startMs: nowMs - parseDuration(range.range)! * 1000, endMs: nowMs };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The value of an `<input type="datetime-local">` showing `ms` in the browser's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Epoch milliseconds of a `datetime-local` value (browser time zone), or `undefined` when incomplete. */
export function fromLocalInput(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi).getTime();
}

/** The length of a range in seconds. */
export function rangeSeconds(range: TimeRange): number {
  const { startMs, endMs } = resolveRange(range, 0);
  return (endMs - startMs) / 1000;
}
