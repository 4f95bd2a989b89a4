import { BoardDetail } from "@/components/boards/board-detail";
import { requireTenant } from "@/lib/session";

export default async function BoardPage({ params }: { params: Promise<{ tenant: string; boardId: string }> }) {
  const { tenant: slug, boardId } = await params;
  await requireTenant(slug);
  return <BoardDetail tenant={slug} boardId={boardId} />;
}
