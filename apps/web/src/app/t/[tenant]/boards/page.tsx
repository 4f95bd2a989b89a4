import { BoardsPanel } from "@/components/boards/boards-panel";
import { requireTenant } from "@/lib/session";

export default async function BoardsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { role } = await requireTenant(slug);
  return <BoardsPanel tenant={slug} canEnrol={role === "OWNER" || role === "ADMIN"} />;
}
