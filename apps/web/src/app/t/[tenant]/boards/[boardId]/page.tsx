import { env } from "@boardwatch/api";
import { boards, getDb } from "@boardwatch/db";
import { redirect } from "next/navigation";
import { BoardDetail } from "@/components/boards/board-detail";
import { requireTenant } from "@/lib/session";

export default async function BoardPage({ params }: { params: Promise<{ tenant: string; boardId: string }> }) {
  const { tenant: slug, boardId } = await params;
  const { tenant } = await requireTenant(slug);
  // Alert messages link to boards by name (the `board` label); send those to the board's page.
  const db = getDb(env.DATABASE_URL);
  if (!(await boards.findBoard(db, tenant.id, boardId))) {
    const named = await boards.findBoardByName(db, tenant.id, decodeURIComponent(boardId));
    if (named) redirect(`/t/${slug}/boards/${named.id}`);
  }
  return <BoardDetail tenant={slug} boardId={boardId} />;
}
