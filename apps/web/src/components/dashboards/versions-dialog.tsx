"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import styles from "./dashboards.module.css";

/** Every saved version, newest first; restoring one saves it again as the newest version. */
export function VersionsDialog(props: { tenant: string; uid: string; canRestore: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.dashboard.versions.queryOptions({ tenant: props.tenant, uid: props.uid }));
  const restore = useMutation(
    trpc.dashboard.restore.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.dashboard.get.queryKey({ tenant: props.tenant, uid: props.uid }), data);
        void queryClient.invalidateQueries({ queryKey: trpc.dashboard.versions.queryKey({ tenant: props.tenant, uid: props.uid }) });
      },
    }),
  );
  const latest = versions.data?.[0]?.version;
  return (
    <div className={styles.overlay} role="dialog" aria-modal="true" aria-label="Versions">
      <div className="card" style={{ width: "min(720px, 100%)", alignSelf: "flex-start" }}>
        <div className={styles.editorHead} style={{ padding: 0, border: 0, marginBottom: 12 }}>
          <h2>Versions</h2>
          <button type="button" className="secondary" onClick={props.onClose}>Close</button>
        </div>
        <ErrorAlert error={versions.error ?? restore.error} />
        <table aria-label="Versions">
          <thead><tr><th>Version</th><th>Saved</th><th>By</th><th>Note</th><th /></tr></thead>
          <tbody>
            {versions.data?.map((v) => (
              <tr key={v.version}>
                <td>{v.version}{v.version === latest && <span className="badge" style={{ marginLeft: 6 }}>current</span>}</td>
                <td>{v.createdAt.toLocaleString()}</td>
                <td>{v.createdBy}</td>
                <td>{v.message}</td>
                <td>
                  {props.canRestore && v.version !== latest && (
                    <button type="button" className="secondary" disabled={restore.isPending} aria-label={`Restore version ${v.version}`}
                      onClick={() => restore.mutate({ tenant: props.tenant, uid: props.uid, version: v.version })}>Restore</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
