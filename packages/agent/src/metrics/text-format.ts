import type { Labels, MetricFamily } from "./types";

/** Content-Type of the Prometheus text exposition format this module writes. */
export const TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Writes families in text format 0.0.4. Families without samples are left out, as client libraries do. */
export function formatText(families: readonly MetricFamily[]): string {
  let out = "";
  for (const f of families) {
    if (f.samples.length === 0) continue;
    out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.samples) out += `${f.name}${formatLabels(s.labels)} ${formatValue(s.value)}\n`;
  }
  return out;
}

function formatLabels(labels: Labels): string {
  if (labels.length === 0) return "";
  return `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(",")}}`;
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

// Go's strconv 'g' formatting is what node_exporter prints; JavaScript's shortest round-trip form parses to
// the same float, which is all the format requires.
function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
