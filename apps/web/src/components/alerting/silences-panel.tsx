"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";

const durations = [["1h", 3_600_000], ["2h", 7_200_000], ["8h", 28_800_000], ["1d", 86_400_000], ["1w", 604_800_000]] as const;

/** Silences: create (pre-filled from an alert), list with their state, expire early. */
export function SilencesPanel({ tenant, canEdit, matchers: initial }: { tenant: string; canEdit: boolean; matchers?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const silences = useQuery(trpc.alerting.silences.queryOptions({ tenant }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerting.silences.queryKey() });
  const create = useMutation(trpc.alerting.createSilence.mutationOptions({ onSuccess: refresh }));
  const expire = useMutation(trpc.alerting.expireSilence.mutationOptions({ onSuccess: refresh }));
  const [matchers, setMatchers] = useState(initial ?? "");
  const [duration, setDuration] = useState<string>("2h");
  const [comment, setComment] = useState("");

  return (
    <>
      {canEdit && (
        <form
          className="card stack"
          onSubmit={(e) => {
            e.preventDefault();
            const ms = durations.find(([d]) => d === duration)?.[1] ?? 7_200_000;
            create.mutate({ tenant, matchers, endsAt: new Date(Date.now() + ms), comment }, { onSuccess: () => setComment("") });
          }}
        >
          <h2 style={{ margin: 0 }}>New silence</h2>
          <label>Matchers<input value={matchers} onChange={(e) => setMatchers(e.target.value)} placeholder='{alertname="BoardOverheating", board="pi-kitchen"}' required /></label>
          <div className="row">
            <label>
              Duration
              <select aria-label="Duration" value={duration} onChange={(e) => setDuration(e.target.value)}>
                {durations.map(([d]) => <option key={d} value={d}>{d}</option>)}
              </select>
            </label>
            <label style={{ flex: 1 }}>Comment<input value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Replacing the fan" required /></label>
            <button type="submit" disabled={create.isPending}>Create silence</button>
          </div>
          <ErrorAlert error={create.error} />
        </form>
      )}
      <div className="card">
        <ErrorAlert error={silences.error ?? expire.error} />
        {silences.data?.length === 0 && <p className="muted">No silences.</p>}
        {silences.data && silences.data.length > 0 && (
          <table>
            <thead>
              <tr><th>State</th><th>Matchers</th><th>Ends</th><th>Created by</th><th>Comment</th><th /></tr>
            </thead>
            <tbody>
              {silences.data.map((s) => (
                <tr key={s.id} data-testid="silence">
                  <td><span className={s.state === "active" ? "badge pending" : "badge"}>{s.state}</span></td>
                  <td><code>{s.matchers}</code></td>
                  <td>{s.endsAt.toLocaleString()}</td>
                  <td>{s.createdBy}</td>
                  <td>{s.comment}</td>
                  <td>{canEdit && s.state !== "expired" && <button type="button" className="danger" onClick={() => expire.mutate({ tenant, id: s.id })}>Expire</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
