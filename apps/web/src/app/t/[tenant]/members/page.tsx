import { MembersPanel } from "@/components/members-panel";
import { requireTenant } from "@/lib/session";

export default async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { role, user } = await requireTenant(slug);
  return <MembersPanel tenant={slug} myRole={role} myUserId={user.id} />;
}
