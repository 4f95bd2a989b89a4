import { AlertHistory } from "@/components/alerting/alert-history";
import { requireTenant } from "@/lib/session";

export default async function AlertPage({ params }: { params: Promise<{ tenant: string; fingerprint: string }> }) {
  const { tenant: slug, fingerprint } = await params;
  const { role } = await requireTenant(slug);
  return <AlertHistory tenant={slug} fingerprint={fingerprint} canEdit={role !== "VIEWER"} />;
}
