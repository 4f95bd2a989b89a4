import { AlertingNav } from "@/components/alerting/alerting-nav";
import { SilencesPanel } from "@/components/alerting/silences-panel";
import { requireTenant } from "@/lib/session";

export default async function SilencesPage(props: { params: Promise<{ tenant: string }>; searchParams: Promise<{ matchers?: string }> }) {
  const { tenant: slug } = await props.params;
  const { role } = await requireTenant(slug);
  const { matchers } = await props.searchParams;
  return (
    <>
      <h1>Silences</h1>
      <AlertingNav tenant={slug} current="/silences" />
      <SilencesPanel tenant={slug} canEdit={role !== "VIEWER"} matchers={matchers} />
    </>
  );
}
