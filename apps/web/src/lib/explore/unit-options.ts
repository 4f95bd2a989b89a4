import type { Unit } from "@/lib/units";

/** Every display unit with its picker label; a `Record` so a new `Unit` cannot be forgotten here. */
export const UNIT_LABELS: Record<Unit, string> = {
  none: "Plain number",
  percent: "Percent",
  celsius: "°C",
  bytes: "Bytes",
  seconds: "Seconds",
  ops: "Ops/s",
};

export function isUnit(text: string): text is Unit {
  return Object.hasOwn(UNIT_LABELS, text);
}
