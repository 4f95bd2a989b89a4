import type { TableRow } from "@/lib/explore/instant-query";
import { seriesName } from "@/lib/explore/series";

/** Instant-query results: the label set and the exact value(s) as the API returned them. */
export function ResultTable({ rows }: { rows: readonly TableRow[] }) {
  if (rows.length === 0) return <p className="muted" data-testid="no-data">Empty query result</p>;
  const several = rows.some((r) => r.samples.length > 1);
  return (
    <table data-testid="result-table">
      <thead>
        <tr><th>Series</th><th>{several ? "Values @ time" : "Value"}</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={JSON.stringify(r.labels)}>
            <td><code>{seriesName(r.labels)}</code></td>
            <td>{several ? r.samples.map((s) => `${s.v} @${s.t / 1000}`).join("\n") : r.samples[0]?.v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
