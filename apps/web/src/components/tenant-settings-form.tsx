"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "./alert";

export function TenantSettingsForm({ tenant, name: initialName }: { tenant: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(initialName);
  const update = useMutation(trpc.tenant.update.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <>
      <h1>Settings</h1>
      <div className="card">
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ tenant, name });
          }}
        >
          <label>Tenant name<input name="name" value={name} onChange={(e) => setName(e.target.value)} /></label>
          <ErrorAlert error={update.error} />
          {update.isSuccess && <div className="alert success">Saved.</div>}
          <button type="submit" disabled={update.isPending}>Save</button>
        </form>
      </div>
    </>
  );
}
