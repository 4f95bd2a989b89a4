import { env } from "@boardwatch/api";
import { getDb, ping } from "@boardwatch/db";

export const dynamic = "force-dynamic";

/** Ready when the control-plane database answers. */
export async function GET() {
  try {
    await ping(getDb(env.DATABASE_URL));
    return Response.json({ status: "ok" });
  } catch (error) {
    return Response.json({ status: "unavailable", error: (error as Error).message }, { status: 503 });
  }
}
