import { redirect } from "next/navigation";
import { RuleEditor } from "@/components/alerting/rule-editor";
import { requireTenant } from "@/lib/session";

export default async function RulePage(props: { params: Promise<{ tenant: string }>; searchParams: Promise<{ namespace?: string; group?: string; rule?: string }> }) {
  const { tenant: slug } = await props.params;
  const { role } = await requireTenant(slug);
  if (role === "VIEWER") redirect(`/t/${slug}/alerting`);
  const { namespace, group, rule } = await props.searchParams;
  return <RuleEditor tenant={slug} namespace={namespace} group={group} rule={rule} />;
}
