import { CreateTenantForm } from "@/components/create-tenant-form";
import { requireUser } from "@/lib/session";

export const dynamic = "force-dynamic";

export default async function NewTenantPage() {
  await requireUser("/tenants/new");
  return (
    <div className="card auth-card">
      <h1>Create a tenant</h1>
      <p className="muted">A tenant holds your boards, dashboards and alerts, and the people who share them.</p>
      <CreateTenantForm />
    </div>
  );
}
