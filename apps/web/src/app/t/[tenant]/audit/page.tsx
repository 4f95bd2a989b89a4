import { AuditLogPanel } from "@/components/audit-log-panel";

export default async function AuditPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <AuditLogPanel tenant={tenant} />;
}
