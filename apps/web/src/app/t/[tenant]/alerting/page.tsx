import { AlertingNav } from "@/components/alerting/alerting-nav";
import { RulesPanel } from "@/components/alerting/rules-panel";
import { requireTenant } from "@/lib/session";

export default async function AlertingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { role } = await requireTenant(slug);
  return (
    <>
      <h1>Alerting</h1>
      <AlertingNav tenant={slug} current="" />
      <RulesPanel tenant={slug} canEdit={role !== "VIEWER"} />
    </>
  );
}
