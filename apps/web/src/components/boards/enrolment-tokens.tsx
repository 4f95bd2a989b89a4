"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import { CopyField } from "../copy-field";

/** The tenant's enrolment tokens: uses, expiry, revoke and rotate (the new token is shown once). */
export function EnrolmentTokens({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.enrolmentToken.list.queryOptions({ tenant }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.enrolmentToken.list.queryKey() });
  const revoke = useMutation(trpc.enrolmentToken.revoke.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.enrolmentToken.rotate.mutationOptions({ onSuccess: refresh }));
  if (!tokens.data?.length) return null;
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Enrolment tokens</h2>
      <ErrorAlert error={tokens.error ?? revoke.error ?? rotate.error} />
      {rotate.data && <CopyField value={rotate.data.installCommand} label="rotated-install-command" />}
      <table>
        <thead>
          <tr><th>Name</th><th>Token</th><th>Labels</th><th>Uses</th><th>Expires</th><th /></tr>
        </thead>
        <tbody>
          {tokens.data.map((t) => (
            <tr key={t.id} data-testid={`enrolment-token-${t.name}`}>
              <td>{t.name}</td>
              <td><code>{t.prefix}…</code></td>
              <td>{Object.entries(t.labels).map(([k, v]) => <span key={k} className="badge">{k}={v}</span>)}</td>
              <td>{t.uses}{t.maxUses === null ? "" : ` / ${t.maxUses}`}</td>
              <td className="muted">{t.expiresAt ? t.expiresAt.toLocaleString() : "never"}</td>
              <td>
                {t.revokedAt ? (
                  <span className="badge">revoked</span>
                ) : (
                  <>
                    <button type="button" className="secondary" onClick={() => rotate.mutate({ tenant, tokenId: t.id })}>Rotate</button>{" "}
                    <button type="button" className="danger" onClick={() => revoke.mutate({ tenant, tokenId: t.id })}>Revoke</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
