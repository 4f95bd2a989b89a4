import { env, listMembers } from "@boardwatch/api";
import { getDb } from "@boardwatch/db";
import { requireTenant } from "@/lib/session";

export default async function TenantOverview({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { user, tenant, role } = await requireTenant(slug);
  const members = await listMembers({ db: getDb(env.DATABASE_URL), actor: { userId: user.id, label: user.email }, tenant, role });
  return (
    <>
      <h1 data-testid="tenant-name">{tenant.name}</h1>
      <div className="card">
        <p>
          You are <strong>{role.toLowerCase()}</strong> of this tenant, with {members.length} member{members.length === 1 ? "" : "s"}.
        </p>
        <p className="muted">No boards are reporting to this tenant yet.</p>
      </div>
    </>
  );
}
