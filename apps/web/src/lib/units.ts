/** Units a panel can display values in, as Grafana names them. */
export type Unit = "none" | "percent" | "celsius" | "bytes" | "seconds" | "ops";

const BINARY = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

function round(v: number, decimals: number): string {
  return Number(v.toFixed(decimals)).toString();
}

/** A value with its unit, scaled to a readable magnitude (`1.5 GiB`, `42.1°C`, `250 ms`). */
export function formatUnit(value: number, unit: Unit, decimals = 1): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case "percent":
      return `${round(value, decimals)}%`;
    case "celsius":
      return `${round(value, decimals)}°C`;
    case "ops":
      return `${round(value, decimals)} ops/s`;
    case "bytes": {
      let i = 0;
      let v = Math.abs(value);
      while (v >= 1024 && i < BINARY.length - 1) {
        v /= 1024;
        i++;
      }
      return `${value < 0 ? "-" : ""}${round(v, i === 0 ? 0 : decimals)} ${BINARY[i]}`;
    }
    case "seconds": {
      const abs = Math.abs(value);
      if (abs !== 0 && abs < 1) return `${round(value * 1000, decimals)} ms`;
      if (abs < 60) return `${round(value, decimals)} s`;
      if (abs < 3600) return `${round(value / 60, decimals)} min`;
      if (abs < 86400) return `${round(value / 3600, decimals)} h`;
      return `${round(value / 86400, decimals)} d`;
    }
    case "none":
      return round(value, decimals + 2);
    default: {
      const exhaustive: never = unit;
      return exhaustive;
    }
  }
}
