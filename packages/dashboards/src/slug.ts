/** A URL slug of a title, like Grafana's: `Node Exporter / Nodes` → `node-exporter-nodes`. */
export function slugify(title: string): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "dashboard"
  );
}
