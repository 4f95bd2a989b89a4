"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "./alert";
import { CopyField } from "./copy-field";

export function ApiTokensPanel({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.apiToken.list.queryOptions({ tenant }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.queryKey() });
  const create = useMutation(trpc.apiToken.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.apiToken.revoke.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState("");
  const [read, setRead] = useState(true);
  const [write, setWrite] = useState(false);

  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">Tokens let Grafana, Prometheus remote_write and scripts use this tenant through the Prometheus-compatible API.</p>
      <div className="card">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ tenant, name, scopes: [...(read ? ["READ" as const] : []), ...(write ? ["WRITE" as const] : [])] });
          }}
        >
          <label>Name<input name="name" value={name} onChange={(e) => setName(e.target.value)} required /></label>
          <label className="check"><input type="checkbox" checked={read} onChange={(e) => setRead(e.target.checked)} />read</label>
          <label className="check"><input type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} />write</label>
          <button type="submit" disabled={create.isPending}>Create token</button>
        </form>
        <ErrorAlert error={create.error} />
        {create.data && (
          <div style={{ marginTop: 12 }}>
            <div className="alert success">Copy the token now: it is shown only once.</div>
            <CopyField value={create.data.token} label="new-token" />
          </div>
        )}
      </div>
      <div className="card">
        <ErrorAlert error={tokens.error ?? revoke.error} />
        <table>
          <thead>
            <tr><th>Name</th><th>Token</th><th>Scopes</th><th>Created</th><th>Last used</th><th /></tr>
          </thead>
          <tbody>
            {tokens.data?.map((t) => (
              <tr key={t.id} data-testid={`token-${t.name}`}>
                <td>{t.name}</td>
                <td><code>{t.prefix}…</code></td>
                <td>{t.scopes.map((s) => s.toLowerCase()).join(", ")}</td>
                <td className="muted">{t.createdAt.toLocaleString()}</td>
                <td className="muted">{t.lastUsedAt ? t.lastUsedAt.toLocaleString() : "never"}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="badge">revoked</span>
                  ) : (
                    <button type="button" className="danger" onClick={() => revoke.mutate({ tenant, tokenId: t.id })}>Revoke</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
