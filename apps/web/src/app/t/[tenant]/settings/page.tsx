import { TenantSettingsForm } from "@/components/tenant-settings-form";
import { UsagePanel } from "@/components/usage-panel";
import { requireTenant } from "@/lib/session";

export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireTenant(slug);
  return (
    <>
      <TenantSettingsForm tenant={tenant.slug} name={tenant.name} />
      <UsagePanel tenant={tenant.slug} />
    </>
  );
}
