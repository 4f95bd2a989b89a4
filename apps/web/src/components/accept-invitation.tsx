"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "./alert";

export function AcceptInvitation({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const preview = useQuery(trpc.invitation.preview.queryOptions({ token }));
  const accept = useMutation(trpc.invitation.accept.mutationOptions({ onSuccess: (r) => router.push(`/t/${r.tenant.slug}`) }));
  if (preview.error) return <ErrorAlert error={preview.error} />;
  if (!preview.data) return <p className="muted">Checking the invitation…</p>;
  return (
    <>
      <p>
        You are invited to <strong>{preview.data.tenant.name}</strong> as <strong>{preview.data.role.toLowerCase()}</strong>.
      </p>
      <ErrorAlert error={accept.error} />
      <button type="button" onClick={() => accept.mutate({ token })} disabled={accept.isPending}>
        Accept invitation
      </button>
    </>
  );
}
