"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "./alert";

export function AuditLogPanel({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const events = useQuery(trpc.audit.list.queryOptions({ tenant, limit: 200 }));
  return (
    <>
      <h1>Audit log</h1>
      <div className="card">
        <ErrorAlert error={events.error} />
        <table>
          <thead>
            <tr><th>Time</th><th>Action</th><th>Actor</th><th>Target</th><th>Details</th><th>IP</th></tr>
          </thead>
          <tbody>
            {events.data?.map((e) => (
              <tr key={e.id}>
                <td className="muted">{e.createdAt.toLocaleString()}</td>
                <td>{e.action}</td>
                <td>{e.actor}</td>
                <td>{e.target}</td>
                <td className="muted"><code>{JSON.stringify(e.metadata)}</code></td>
                <td className="muted">{e.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
