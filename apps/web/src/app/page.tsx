import { env, listMyTenants } from "@boardwatch/api";
import { getDb } from "@boardwatch/db";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await requireUser("/");
  const mine = await listMyTenants({ db: getDb(env.DATABASE_URL), actor: { userId: user.id, label: user.email } });
  redirect(mine[0] ? `/t/${mine[0].slug}` : "/tenants/new");
}
