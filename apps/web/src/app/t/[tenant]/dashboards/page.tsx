import { DashboardsList } from "@/components/dashboards/dashboards-list";
import { requireTenant } from "@/lib/session";

export default async function DashboardsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { role } = await requireTenant(slug);
  return <DashboardsList tenant={slug} canEdit={role !== "VIEWER"} />;
}
