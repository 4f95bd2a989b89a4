"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc";

export function TenantSwitcher({ current }: { current: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const tenants = useQuery(trpc.tenant.list.queryOptions());
  return (
    <select
      aria-label="Switch tenant"
      value={current}
      onChange={(e) => router.push(e.target.value === "__new" ? "/tenants/new" : `/t/${e.target.value}`)}
    >
      {(tenants.data ?? [{ slug: current, name: current }]).map((t) => (
        <option key={t.slug} value={t.slug}>
          {t.name}
        </option>
      ))}
      <option value="__new">+ New tenant…</option>
    </select>
  );
}
