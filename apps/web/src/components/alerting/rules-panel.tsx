"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import { formatAge, labelText, matchersOf, stateClass } from "./format";

/** Every rule group with its rules' health and alerts, the firing/pending list, and rule file upload. */
export function RulesPanel({ tenant, canEdit }: { tenant: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery({ ...trpc.alerting.ruleGroups.queryOptions({ tenant }), refetchInterval: 5000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerting.ruleGroups.queryKey() });
  const remove = useMutation(trpc.alerting.deleteRuleGroup.mutationOptions({ onSuccess: refresh }));
  const upload = useMutation(trpc.alerting.importRuleFile.mutationOptions({ onSuccess: refresh }));
  const [namespace, setNamespace] = useState("");
  const now = Date.now();
  const active = (groups.data ?? []).flatMap((g) => g.rules.flatMap((r) => r.alerts.map((a) => ({ ...a, rule: r.name, group: g.name }))));
  active.sort((a, b) => (a.state === b.state ? a.activeAtMs - b.activeAtMs : a.state === "firing" ? -1 : 1));

  return (
    <>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Firing and pending</h2>
        {active.length === 0 ? (
          <p className="muted" data-testid="no-active-alerts">Nothing is firing or pending.</p>
        ) : (
          <table data-testid="active-alerts">
            <thead>
              <tr><th>State</th><th>Alert</th><th>Labels</th><th>Value</th><th>Since</th><th /></tr>
            </thead>
            <tbody>
              {active.map((a) => {
                const since = a.state === "firing" ? (a.firedAtMs ?? a.activeAtMs) : a.activeAtMs;
                return (
                  <tr key={`${a.group}/${matchersOf(a.labels)}`} data-testid={`alert-${a.rule}`}>
                    <td><span className={stateClass[a.state]}>{a.state}</span></td>
                    <td>{a.rule}</td>
                    <td><code>{labelText(a.labels)}</code></td>
                    <td>{Number.isInteger(a.value) ? a.value : a.value.toPrecision(4)}</td>
                    <td title={new Date(since).toISOString()}>{formatAge(now - since)}</td>
                    <td>
<div className="actions">
                      <Link href={`/t/${tenant}/alerts/${a.fingerprint}`}>History</Link>
                      {canEdit && <Link href={`/t/${tenant}/alerting/silences?matchers=${encodeURIComponent(matchersOf(a.labels))}`}>Silence</Link>}
                    </div>
</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>

      {canEdit && (
        <div className="card">
          <div className="row-between">
            <h2 style={{ margin: 0 }}>Rules</h2>
            <Link className="button" href={`/t/${tenant}/alerting/rule`}>New alert rule</Link>
          </div>
          <form
            className="row"
            style={{ marginTop: 12 }}
            onSubmit={async (e) => {
              e.preventDefault();
              const file = (e.currentTarget.elements.namedItem("file") as HTMLInputElement).files?.[0];
              if (file) upload.mutate({ tenant, namespace: namespace || file.name, yaml: await file.text() });
            }}
          >
            <label>Rule file (Prometheus YAML)<input name="file" type="file" accept=".yml,.yaml,text/yaml" required /></label>
            <label>Namespace<input value={namespace} onChange={(e) => setNamespace(e.target.value)} placeholder="file name" /></label>
            <button type="submit" className="secondary" disabled={upload.isPending}>Upload rules</button>
          </form>
          <ErrorAlert error={upload.error} />
          {upload.data && (
            <div className="alert success" role="status">
              Imported {upload.data.groups.length} group(s), {upload.data.groups.reduce((n, g) => n + g.rules, 0)} rules into {upload.data.namespace}.
            </div>
          )}
        </div>
      )}

      <ErrorAlert error={groups.error ?? remove.error} />
      {groups.data?.length === 0 && <p className="muted">No rules yet. Create one, upload a Prometheus rule file, or POST groups to /prometheus/config/v1/rules/&lt;namespace&gt;.</p>}
      {groups.data?.map((g) => (
        <div className="card" key={g.id} data-testid={`group-${g.name}`}>
          <div className="row-between">
            <h2 style={{ margin: 0 }}>
              {g.name} <span className="muted">· {g.namespace} · every {formatAge(g.intervalMs)}</span>
            </h2>
            {canEdit && (
              <button type="button" className="danger" onClick={() => confirm(`Delete rule group ${g.name}?`) && remove.mutate({ tenant, namespace: g.namespace, name: g.name })}>
                Delete group
              </button>
            )}
          </div>
          <p className="muted">{g.lastEvaluationMs ? `Last evaluated ${formatAge(now - g.lastEvaluationMs)} ago` : "Not evaluated yet"}</p>
          <table>
            <thead>
              <tr><th>Rule</th><th>State</th><th>Expression</th><th>For</th><th /></tr>
            </thead>
            <tbody>
              {g.rules.map((r) => {
                const state = r.kind === "record" ? "recording" : r.alerts.some((a) => a.state === "firing") ? "firing" : r.alerts.some((a) => a.state === "pending") ? "pending" : "inactive";
                return (
                  <tr key={r.name} data-testid={`rule-${r.name}`}>
                    <td>{r.name}</td>
                    <td>
                      <span className={stateClass[state] ?? "badge"}>{state}</span>
                      {r.health === "err" && <div className="alert error" role="alert">{r.lastError}</div>}
                    </td>
                    <td><code className="expr">{r.expr}</code></td>
                    <td>{r.forMs ? formatAge(r.forMs) : ""}</td>
                    <td>
                      {canEdit && r.kind === "alert" && (
                        <Link href={`/t/${tenant}/alerting/rule?namespace=${encodeURIComponent(g.namespace)}&group=${encodeURIComponent(g.name)}&rule=${encodeURIComponent(r.name)}`}>Edit</Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
