/** A series as Prometheus's UI names it: `metric{label="value", …}`, labels in name order. */
export function seriesName(labels: Record<string, string>): string {
  const { __name__: metric = "", ...rest } = labels;
  const pairs = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`);
  return pairs.length ? `${metric}{${pairs.join(", ")}}` : metric || "{}";
}

/**
 * A series' legend from a Grafana-style template: `{{instance}} {{ mode }}` takes label values (missing
 * labels give nothing); an empty template, or one that renders empty, falls back to the label set.
 */
export function formatLegend(template: string, labels: Record<string, string>): string {
  if (template.trim() === "" || template === "__auto") return seriesName(labels);
  const text = template.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (_, name: string) => labels[name] ?? "").trim();
  return text || seriesName(labels);
}
