"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import { labelText, matchersOf, stateClass } from "./format";

/** One alert's state changes over time, with links to silence it and to graph it. */
export function AlertHistory({ tenant, fingerprint, canEdit }: { tenant: string; fingerprint: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const history = useQuery({ ...trpc.alerting.history.queryOptions({ tenant, fingerprint }), refetchInterval: 10_000 });
  const latest = history.data?.[0];
  return (
    <>
      <h1>{latest ? latest.alertname : "Alert"}</h1>
      {latest && <p><code>{labelText(latest.labels)}</code></p>}
      {latest && canEdit && <p><Link href={`/t/${tenant}/alerting/silences?matchers=${encodeURIComponent(matchersOf(latest.labels))}`}>Silence this alert</Link></p>}
      <div className="card">
        <ErrorAlert error={history.error} />
        {history.data?.length === 0 && <p className="muted">No history for this alert (it may have been resolved more than the retention ago).</p>}
        {history.data && history.data.length > 0 && (
          <table>
            <thead>
              <tr><th>At</th><th>State</th><th>Value</th></tr>
            </thead>
            <tbody>
              {history.data.map((e) => (
                <tr key={e.id} data-testid="alert-event">
                  <td>{e.at.toLocaleString()}</td>
                  <td><span className={stateClass[e.state] ?? "badge"}>{e.state}</span></td>
                  <td>{e.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
