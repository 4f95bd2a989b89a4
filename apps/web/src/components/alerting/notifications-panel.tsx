"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";

/** The notification log: each message, its contact point, and whether Slack accepted it. */
export function NotificationsPanel({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const log = useQuery({ ...trpc.alerting.notifications.queryOptions({ tenant }), refetchInterval: 5000 });
  return (
    <div className="card">
      <ErrorAlert error={log.error} />
      {log.data?.length === 0 && <p className="muted">Nothing sent yet.</p>}
      {log.data && log.data.length > 0 && (
        <table>
          <thead>
            <tr><th>Created</th><th>Contact point</th><th>Status</th><th>Alerts</th><th>Delivery</th></tr>
          </thead>
          <tbody>
            {log.data.map((n) => (
              <tr key={n.id} data-testid="notification">
                <td>{n.createdAt.toLocaleString()}</td>
                <td>{n.receiver}</td>
                <td><span className={n.status === "firing" ? "badge firing" : "badge ok"}>{n.status}</span></td>
                <td>{n.alerts}</td>
                <td>
                  {n.sentAt ? `sent ${n.sentAt.toLocaleTimeString()}` : n.error ? <span className="alert error">{n.error}</span> : "sending…"}
                  {n.attempts > 1 && <span className="muted"> · {n.attempts} attempts</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
