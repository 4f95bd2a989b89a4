import { AlertingNav } from "@/components/alerting/alerting-nav";
import { DeliveryPanel } from "@/components/alerting/delivery-panel";
import { requireTenant } from "@/lib/session";

export default async function DeliveryPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { role } = await requireTenant(slug);
  return (
    <>
      <h1>Contact points & policy</h1>
      <AlertingNav tenant={slug} current="/delivery" />
      <DeliveryPanel tenant={slug} canEdit={role !== "VIEWER"} />
    </>
  );
}
