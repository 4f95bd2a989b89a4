"use client";
import { boardDashboardPath } from "@boardwatch/dashboards";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import { TimeSeriesChart } from "../time-series-chart";
import { StatusBadge } from "./status-badge";

function parseLabels(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split(",").map((p) => p.trim()).filter(Boolean).map((p) => {
      const i = p.indexOf("=");
      return i < 0 ? [p, ""] : [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
}

export function BoardDetail({ tenant, boardId }: { tenant: string; boardId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const board = useQuery({ ...trpc.board.get.queryOptions({ tenant, boardId }), refetchInterval: 5_000 });
  const update = useMutation(trpc.board.update.mutationOptions({ onSuccess: () => board.refetch() }));
  const remove = useMutation(trpc.board.delete.mutationOptions({ onSuccess: () => router.push(`/t/${tenant}/boards`) }));
  const revoke = useMutation(trpc.board.revokeCredential.mutationOptions({ onSuccess: () => board.refetch() }));
  const [labels, setLabels] = useState<string | null>(null);
  const [intervalText, setIntervalText] = useState<string | null>(null);
  const [timeoutText, setTimeoutText] = useState<string | null>(null);
  const [mode, setMode] = useState<"PULL" | "PUSH" | null>(null);
  if (board.error) return <ErrorAlert error={board.error} />;
  const b = board.data;
  if (!b) return <p className="muted">Loading…</p>;
  const sel = `board="${b.name}"`;
  return (
    <>
      <h1>{b.name} <StatusBadge status={b.status} /></h1>
      <p><Link href={boardDashboardPath(tenant, b.name)}>Open the board&apos;s dashboard →</Link></p>
      <div className="card">
        <table>
          <tbody>
            <tr><th>Mode</th><td>{b.mode.toLowerCase()}{b.scrapeUrl ? ` · ${b.scrapeUrl}` : ""}</td></tr>
            <tr><th>Last seen</th><td>{b.lastSeenAt?.toLocaleString() ?? "never"}</td></tr>
            <tr><th>Last scrape</th><td>{b.lastScrapeAt ? `${b.lastScrapeAt.toLocaleString()} in ${b.lastScrapeDurationMs} ms` : "never"}</td></tr>
            {b.lastScrapeError && <tr><th>Last error</th><td className="alert error">{b.lastScrapeError}</td></tr>}
            <tr><th>Series</th><td>{b.seriesCount}</td></tr>
            <tr><th>Facts</th><td className="muted">{Object.entries(b.facts).map(([k, v]) => `${k}: ${v}`).join(" · ")}</td></tr>
          </tbody>
        </table>
      </div>
      <TimeSeriesChart tenant={tenant} title="Reporting" unit="none" legend="{{job}} up"
        query={`up{${sel}}`} />
      <TimeSeriesChart tenant={tenant} title="CPU" unit="percent" legend="{{mode}}"
        query={`sum by (mode) (rate(node_cpu_seconds_total{${sel},mode!="idle"}[1m])) / scalar(count(count by (cpu) (node_cpu_seconds_total{${sel}}))) * 100`} />
      <TimeSeriesChart tenant={tenant} title="Temperature" unit="celsius" legend="{{type}}{{chip}} {{sensor}}"
        query={`node_thermal_zone_temp{${sel}} or node_hwmon_temp_celsius{${sel}}`} />
      <TimeSeriesChart tenant={tenant} title="Memory available" unit="bytes" legend="available"
        query={`node_memory_MemAvailable_bytes{${sel}}`} />
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Settings</h2>
        <form className="row" onSubmit={(e) => {
          e.preventDefault();
          update.mutate({
            tenant, boardId,
            ...(labels !== null ? { labels: parseLabels(labels) } : {}),
            ...(intervalText !== null ? { scrapeIntervalSeconds: Number(intervalText) } : {}),
            ...(timeoutText !== null ? { scrapeTimeoutSeconds: Number(timeoutText) } : {}),
            ...(mode !== null ? { mode } : {}),
          });
        }}>
          <label>Labels (k=v, …)
            <input value={labels ?? Object.entries(b.labels).map(([k, v]) => `${k}=${v}`).join(", ")} onChange={(e) => setLabels(e.target.value)} />
          </label>
          <label>Interval (s)
            <input type="number" value={intervalText ?? String(b.scrapeIntervalSeconds)} onChange={(e) => setIntervalText(e.target.value)} />
          </label>
          <label>Timeout (s)
            <input type="number" value={timeoutText ?? String(b.scrapeTimeoutSeconds)} onChange={(e) => setTimeoutText(e.target.value)} />
          </label>
          <label>Mode
            <select aria-label="Mode" value={mode ?? b.mode} onChange={(e) => setMode(e.target.value as "PULL" | "PUSH")}>
              <option value="PULL">pull (scraped)</option>
              <option value="PUSH">push (remote_write)</option>
            </select>
          </label>
          <button type="submit" disabled={update.isPending}>Save</button>
          <button type="button" className="danger" onClick={() => revoke.mutate({ tenant, boardId })}>Revoke credential</button>
          <button type="button" className="danger" onClick={() => remove.mutate({ tenant, boardId })}>Delete board</button>
        </form>
        {revoke.isSuccess && <div className="alert success">Credential revoked: the board's data stops until it is enrolled again.</div>}
        <ErrorAlert error={update.error ?? remove.error ?? revoke.error} />
      </div>
    </>
  );
}
