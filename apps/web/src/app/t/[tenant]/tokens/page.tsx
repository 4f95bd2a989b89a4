import { ApiTokensPanel } from "@/components/api-tokens-panel";

export default async function TokensPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <ApiTokensPanel tenant={tenant} />;
}
