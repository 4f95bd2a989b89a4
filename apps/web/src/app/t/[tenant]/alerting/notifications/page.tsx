import { AlertingNav } from "@/components/alerting/alerting-nav";
import { NotificationsPanel } from "@/components/alerting/notifications-panel";
import { requireTenant } from "@/lib/session";

export default async function NotificationsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await requireTenant(slug);
  return (
    <>
      <h1>Notification log</h1>
      <AlertingNav tenant={slug} current="/notifications" />
      <NotificationsPanel tenant={slug} />
    </>
  );
}
