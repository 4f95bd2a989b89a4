"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import { CopyField } from "../copy-field";
import { EnrolmentTokens } from "./enrolment-tokens";
import { StatusBadge } from "./status-badge";

const statuses = ["online", "failing", "stale", "offline", "never_seen"] as const;

function ago(date: Date | null): string {
  if (!date) return "never";
  const s = Math.round((Date.now() - date.getTime()) / 1000);
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}

export function BoardsPanel({ tenant, canEnrol }: { tenant: string; canEnrol: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<(typeof statuses)[number] | "">("");
  const boards = useQuery({
    ...trpc.board.list.queryOptions({ tenant, search: search || undefined, status: status || undefined }),
    refetchInterval: 5_000,
  });
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState("");
  const create = useMutation(trpc.enrolmentToken.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));

  return (
    <>
      <h1>Boards</h1>
      <div className="card">
        <form className="row" onSubmit={(e) => e.preventDefault()}>
          <label>Search<input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name or host" /></label>
          <label>Status
            <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
              <option value="">any</option>
              {statuses.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
            </select>
          </label>
          {canEnrol && <button type="button" onClick={() => setAdding(true)}>Add board</button>}
        </form>
        {adding && (
          <div className="card" style={{ marginTop: 16 }}>
            <h2 style={{ marginTop: 0 }}>Add a board</h2>
            <p className="muted">Create an enrolment token, then run the command on the board (it needs Node.js ≥ 18 and curl).</p>
            <form className="row" onSubmit={(e) => { e.preventDefault(); create.mutate({ tenant, name: name || "board", expiresInHours: 24 }); }}>
              <label>Token name<input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. lab rack 3" /></label>
              <button type="submit" disabled={create.isPending}>Create enrolment token</button>
            </form>
            <ErrorAlert error={create.error} />
            {create.data && (
              <div style={{ marginTop: 12 }}>
                <p className="muted">Valid for 24 hours. Shown only now.</p>
                <CopyField value={create.data.installCommand} label="install-command" />
              </div>
            )}
          </div>
        )}
      </div>
      <div className="card">
        <ErrorAlert error={boards.error} />
        {boards.data?.length === 0 ? (
          <p className="muted">No boards{search || status ? " match" : " yet"}.</p>
        ) : (
          <table>
            <thead>
              <tr><th>Board</th><th>Status</th><th>Last scrape</th><th>Duration</th><th>Series</th><th>Labels</th><th>Last error</th></tr>
            </thead>
            <tbody>
              {boards.data?.map((b) => (
                <tr key={b.id} data-testid={`board-${b.name}`}>
                  <td><Link href={`/t/${tenant}/boards/${b.id}`}>{b.name}</Link> <span className="muted">{b.mode.toLowerCase()}</span></td>
                  <td><StatusBadge status={b.status} /></td>
                  <td className="muted">{ago(b.mode === "PUSH" ? b.lastSeenAt : b.lastScrapeAt)}</td>
                  <td className="muted">{b.lastScrapeDurationMs === null ? "" : `${b.lastScrapeDurationMs} ms`}</td>
                  <td>{b.seriesCount}</td>
                  <td>{Object.entries(b.labels).map(([k, v]) => <span key={k} className="badge">{k}={v}</span>)}</td>
                  <td className="muted">{b.lastScrapeError}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {canEnrol && <EnrolmentTokens tenant={tenant} />}
    </>
  );
}
