/** Units a panel can display values in, named as Grafana names them (so imported dashboards keep theirs). */
export const UNIT_LABELS = {
  none: "Plain number",
  short: "Short (k, M, G)",
  percent: "Percent (0–100)",
  percentunit: "Percent (0.0–1.0)",
  celsius: "°C",
  bytes: "Bytes (IEC)",
  decbytes: "Bytes (SI)",
  bits: "Bits",
  Bps: "Bytes/s",
  bps: "Bits/s",
  seconds: "Seconds",
  ms: "Milliseconds",
  ops: "Ops/s",
  reqps: "Requests/s",
  iops: "I/O ops/s",
  hertz: "Hertz",
} as const;

export type Unit = keyof typeof UNIT_LABELS;

export function isUnit(text: string): text is Unit {
  return Object.hasOwn(UNIT_LABELS, text);
}

const IEC = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
const SI = ["", "k", "M", "G", "T", "P", "E"];

function round(v: number, decimals: number): string {
  return Number(v.toFixed(decimals)).toString();
}

/** `value` scaled by powers of `base` with the matching prefix: `scaled(1536, 1024, IEC)` is `1.5 KiB`. */
function scaled(value: number, base: number, prefixes: readonly string[], decimals: number, suffix: string, space = true): string {
  let i = 0;
  let v = Math.abs(value);
  while (v >= base && i < prefixes.length - 1) {
    v /= base;
    i++;
  }
  const sep = space ? " " : "";
  return `${value < 0 ? "-" : ""}${round(v, decimals)}${sep}${prefixes[i]}${suffix}`.trimEnd();
}

function duration(seconds: number, decimals: number): string {
  const abs = Math.abs(seconds);
  if (abs !== 0 && abs < 0.001) return `${round(seconds * 1e6, decimals)} µs`;
  if (abs !== 0 && abs < 1) return `${round(seconds * 1000, decimals)} ms`;
  if (abs < 60) return `${round(seconds, decimals)} s`;
  if (abs < 3600) return `${round(seconds / 60, decimals)} min`;
  if (abs < 86400) return `${round(seconds / 3600, decimals)} h`;
  return `${round(seconds / 86400, decimals)} d`;
}

/** A value with its unit, scaled to a readable magnitude (`1.5 GiB`, `42.1°C`, `250 ms`, `12.5 Mb/s`). */
export function formatUnit(value: number, unit: Unit, decimals = 1): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case "percent":
      return `${round(value, decimals)}%`;
    case "percentunit":
      return `${round(value * 100, decimals)}%`;
    case "celsius":
      return `${round(value, decimals)}°C`;
    case "ops":
      return `${scaled(value, 1000, SI, decimals, "", false)} ops/s`;
    case "reqps":
      return `${scaled(value, 1000, SI, decimals, "", false)} req/s`;
    case "iops":
      return `${scaled(value, 1000, SI, decimals, "", false)} io/s`;
    case "bytes":
      return scaled(value, 1024, IEC, Math.abs(value) < 1024 ? 0 : decimals, "");
    case "decbytes":
      return scaled(value, 1000, SI, Math.abs(value) < 1000 ? 0 : decimals, "B");
    case "bits":
      return scaled(value, 1000, SI, Math.abs(value) < 1000 ? 0 : decimals, "b");
    case "Bps":
      return `${scaled(value, 1000, SI, decimals, "B")}/s`;
    case "bps":
      return `${scaled(value, 1000, SI, decimals, "b")}/s`;
    case "hertz":
      return scaled(value, 1000, SI, decimals, "Hz");
    case "seconds":
      return duration(value, decimals);
    case "ms":
      return duration(value / 1000, decimals);
    case "short":
      return scaled(value, 1000, SI, decimals, "", false);
    case "none":
      return round(value, decimals + 2);
    default: {
      const exhaustive: never = unit;
      return exhaustive;
    }
  }
}
