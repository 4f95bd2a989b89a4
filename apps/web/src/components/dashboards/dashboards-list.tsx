"use client";
import { emptyDashboard } from "@boardwatch/dashboards";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import styles from "./dashboards.module.css";
import { downloadJson } from "./download";

/** Paste or upload a dashboard JSON (Grafana's or ours); after importing, lists what could not be mapped. */
function ImportForm({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [parseError, setParseError] = useState<string | null>(null);
  const imported = useMutation(trpc.dashboard.import.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.dashboard.list.pathKey() }) }));
  const submit = (overwrite: boolean) => {
    setParseError(null);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      setParseError(`Not valid JSON: ${(e as Error).message}`);
      return;
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) return setParseError("The JSON must be an object (a dashboard).");
    imported.mutate({ tenant, dashboard: json as Record<string, unknown>, overwrite });
  };
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Import a dashboard</h2>
      <p className="muted">Paste a Grafana dashboard JSON (or Grafana&apos;s API shape with <code>&quot;dashboard&quot;</code>), or a Boardwatch export, or choose a file.</p>
      <input type="file" accept="application/json,.json" aria-label="Dashboard JSON file" onChange={async (e) => setText(await e.target.files![0]!.text())} />
      <textarea className={styles.json} aria-label="Dashboard JSON" value={text} onChange={(e) => setText(e.target.value)} placeholder='{ "title": …, "panels": [ … ] }' spellCheck={false} />
      <div className={styles.actions} style={{ justifyContent: "flex-start", marginTop: 8 }}>
        <button type="button" disabled={!text.trim() || imported.isPending} onClick={() => submit(false)}>Import</button>
        <button type="button" className="secondary" disabled={!text.trim() || imported.isPending} onClick={() => submit(true)}>Import, replacing the same uid</button>
      </div>
      {parseError && <div className="alert error" role="alert">{parseError}</div>}
      <ErrorAlert error={imported.error} />
      {imported.data && (
        <div className="alert success" role="status" style={{ marginTop: 8 }}>
          Imported <Link href={imported.data.url}>{imported.data.title}</Link> (version {imported.data.version}).
          {imported.data.warnings.length === 0 ? " Everything was mapped." : ` ${imported.data.warnings.length} item(s) could not be mapped:`}
          {imported.data.warnings.length > 0 && (
            <ul className={styles.warnings} aria-label="Not imported">
              {imported.data.warnings.map((w, i) => <li key={i}>{w}</li>)}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

/** The tenant's dashboards (built-ins first): search by title or tag, create, import, duplicate, export, delete. */
export function DashboardsList({ tenant, canEdit }: { tenant: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [title, setTitle] = useState("");
  const [importing, setImporting] = useState(false);
  const list = useQuery(trpc.dashboard.list.queryOptions({ tenant, search: search || undefined }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.dashboard.list.pathKey() });
  const create = useMutation(trpc.dashboard.create.mutationOptions({ onSuccess: (d) => router.push(`${d.url}`) }));
  const duplicate = useMutation(trpc.dashboard.duplicate.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.dashboard.delete.mutationOptions({ onSuccess: invalidate }));
  const exportOne = async (uid: string) => {
    const d = await queryClient.fetchQuery(trpc.dashboard.get.queryOptions({ tenant, uid }));
    downloadJson(`${d.slug}.json`, { uid: d.uid, ...d.dashboard });
  };
  return (
    <>
      <h1>Dashboards</h1>
      <div className="card">
        <form className="row" onSubmit={(e) => { e.preventDefault(); if (title.trim()) create.mutate({ tenant, dashboard: emptyDashboard(title) }); }}>
          <label>Search<input aria-label="Search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="title or tag" /></label>
          {canEdit && (
            <>
              <label>New dashboard<input aria-label="New dashboard title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Title" /></label>
              <button type="submit" disabled={!title.trim() || create.isPending}>Create</button>
              <button type="button" className="secondary" onClick={() => setImporting((v) => !v)}>Import…</button>
            </>
          )}
        </form>
        <ErrorAlert error={create.error ?? duplicate.error ?? remove.error ?? list.error} />
      </div>
      {importing && <ImportForm tenant={tenant} />}
      <div className="card">
        <table className={styles.list} aria-label="Dashboards">
          <thead><tr><th>Title</th><th>Tags</th><th>Version</th><th>Updated</th><th /></tr></thead>
          <tbody>
            {list.data?.map((d) => (
              <tr key={d.uid}>
                <td><Link href={d.url}>{d.title}</Link>{d.builtIn && <span className="badge" style={{ marginLeft: 6 }}>built-in</span>}</td>
                <td><span className="tags">{d.tags.map((t) => <button type="button" key={t} className="secondary badge" onClick={() => setSearch(t)}>{t}</button>)}</span></td>
                <td>{d.builtIn ? "" : d.version}</td>
                <td className="muted">{d.updatedAt ? `${d.updatedAt.toLocaleString()} by ${d.updatedBy}` : ""}</td>
                <td>
                  <div className={styles.actions}>
                    <button type="button" className="secondary" onClick={() => exportOne(d.uid)} aria-label={`Export ${d.title}`}>Export</button>
                    {canEdit && <button type="button" className="secondary" onClick={() => duplicate.mutate({ tenant, uid: d.uid })} aria-label={`Duplicate ${d.title}`}>Duplicate</button>}
                    {canEdit && !d.builtIn && (
                      <button type="button" className="danger" aria-label={`Delete ${d.title}`}
                        onClick={() => window.confirm(`Delete the dashboard "${d.title}" and all its versions?`) && remove.mutate({ tenant, uid: d.uid })}>Delete</button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data?.length === 0 && <p className="muted">No dashboard matches.</p>}
      </div>
    </>
  );
}
