import { AppError, env, httpStatusOf, importDashboard, publicUrl, tokenTenantContext } from "@boardwatch/api";
import { getDb } from "@boardwatch/db";
import { bearerToken } from "@/lib/prometheus-api";
import { readBody } from "@/lib/read-body";

export const dynamic = "force-dynamic";

const MAX_BODY = 8 * 1024 * 1024;

function failure(status: number, message: string) {
  return Response.json({ status: "error", message }, { status });
}

/**
 * Dashboards as code: `POST` a Grafana dashboard JSON, Grafana's `{ "dashboard": …, "overwrite": true }`, or
 * one of our exports, with a write-scoped tenant API token. Answers like Grafana's import API, plus what
 * could not be mapped: `{ id, uid, url, version, warnings }`.
 */
export async function POST(req: Request) {
  try {
    const token = bearerToken(req);
    if (!token) throw new AppError("UNAUTHORIZED", "send a tenant API token with write scope as `Authorization: Bearer <token>`");
    const ip = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
    const ctx = await tokenTenantContext({ db: getDb(env.DATABASE_URL), ip }, token);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(await readBody(req, MAX_BODY)));
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError("BAD_REQUEST", `not valid JSON (${(e as Error).message})`, "body");
    }
    const out = await importDashboard(ctx, { json });
    return Response.json({ status: "success", ...out, url: new URL(out.url, publicUrl).toString() });
  } catch (e) {
    if (e instanceof AppError) return failure(httpStatusOf[e.code], e.message);
    throw e;
  }
}
