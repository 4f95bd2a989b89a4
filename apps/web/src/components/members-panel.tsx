"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "./alert";
import { CopyField } from "./copy-field";

const roles = ["OWNER", "ADMIN", "EDITOR", "VIEWER"] as const;
type Role = (typeof roles)[number];
const canManage = (r: string) => r === "OWNER" || r === "ADMIN";

export function MembersPanel({ tenant, myRole, myUserId }: { tenant: string; myRole: string; myUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.member.list.queryOptions({ tenant }));
  const invitations = useQuery({ ...trpc.invitation.list.queryOptions({ tenant }), enabled: canManage(myRole) });
  const refresh = () => queryClient.invalidateQueries();
  const changeRole = useMutation(trpc.member.changeRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.member.remove.mutationOptions({ onSuccess: refresh }));
  const invite = useMutation(trpc.invitation.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.invitation.revoke.mutationOptions({ onSuccess: refresh }));
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("VIEWER");

  return (
    <>
      <h1>Members</h1>
      <div className="card">
        <ErrorAlert error={members.error ?? changeRole.error ?? remove.error} />
        <table>
          <thead>
            <tr><th>Name</th><th>Email</th><th>Role</th><th /></tr>
          </thead>
          <tbody>
            {members.data?.map((m) => (
              <tr key={m.id} data-testid={`member-${m.email}`}>
                <td>{m.name}{m.userId === myUserId ? " (you)" : ""}</td>
                <td>{m.email}</td>
                <td>
                  {canManage(myRole) ? (
                    <select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => changeRole.mutate({ tenant, membershipId: m.id, role: e.target.value as Role })}>
                      {roles.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
                    </select>
                  ) : (
                    <span className="badge">{m.role.toLowerCase()}</span>
                  )}
                </td>
                <td>
                  {canManage(myRole) && m.userId !== myUserId && (
                    <button type="button" className="danger" onClick={() => remove.mutate({ tenant, membershipId: m.id })}>Remove</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Invite someone</h2>
      <div className="card">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate({ tenant, email, role });
          }}
        >
          <label>Email<input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required /></label>
          <label>Role
            <select name="role" aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
            </select>
          </label>
          <button type="submit" disabled={invite.isPending}>Create invitation link</button>
        </form>
        <ErrorAlert error={invite.error} />
        {invite.data && (
          <div style={{ marginTop: 12 }}>
            <p className="muted">Send this link to {invite.data.email}. It works once, for 7 days, and is not shown again.</p>
            <CopyField value={invite.data.url} label="invitation-link" />
          </div>
        )}
        {canManage(myRole) && !!invitations.data?.length && (
          <>
            <h2>Pending invitations</h2>
            <table>
              <tbody>
                {invitations.data.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td><span className="badge">{i.role.toLowerCase()}</span></td>
                    <td className="muted">expires {i.expiresAt.toLocaleString()}</td>
                    <td><button type="button" className="danger" onClick={() => revoke.mutate({ tenant, invitationId: i.id })}>Revoke</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </>
  );
}
