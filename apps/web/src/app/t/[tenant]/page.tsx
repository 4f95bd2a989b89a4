import { env, listBoards, listMembers } from "@boardwatch/api";
import { getDb } from "@boardwatch/db";
import Link from "next/link";
import { requireTenant } from "@/lib/session";

export default async function TenantOverview({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { user, tenant, role } = await requireTenant(slug);
  const scope = { db: getDb(env.DATABASE_URL), actor: { userId: user.id, label: user.email }, tenant, role };
  const [members, boards] = await Promise.all([listMembers(scope), listBoards(scope, {})]);
  const byStatus = Object.entries(
    boards.reduce<Record<string, number>>((acc, b) => ({ ...acc, [b.status]: (acc[b.status] ?? 0) + 1 }), {}),
  );
  return (
    <>
      <h1 data-testid="tenant-name">{tenant.name}</h1>
      <div className="card">
        <p>
          You are <strong>{role.toLowerCase()}</strong> of this tenant, with {members.length} member{members.length === 1 ? "" : "s"}.
        </p>
        {boards.length === 0 ? (
          <p className="muted">
            No boards are reporting to this tenant yet. <Link href={`/t/${tenant.slug}/boards`}>Add a board</Link>.
          </p>
        ) : (
          <p>
            <Link href={`/t/${tenant.slug}/boards`}>{boards.length} board{boards.length === 1 ? "" : "s"}</Link>:{" "}
            {byStatus.map(([status, n]) => `${n} ${status.replace("_", " ")}`).join(", ")}.
          </p>
        )}
      </div>
    </>
  );
}
