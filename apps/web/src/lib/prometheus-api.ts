import "server-only";
import { AppError, auth, authenticateApiToken, env, httpStatusOf, resolveTenantAccess } from "@boardwatch/api";
import { getDb, type TokenScope } from "@boardwatch/db";

const errorTypeOf: Record<number, string> = { 400: "bad_data", 401: "unauthorized", 403: "forbidden", 404: "not_found", 429: "too_many_requests", 503: "unavailable" };

/** Prometheus's error envelope: `{"status":"error","errorType":…,"error":…}`. */
export function prometheusError(status: number, message: string): Response {
  return Response.json({ status: "error", errorType: errorTypeOf[status] ?? "internal", error: message }, { status });
}

/** Prometheus's success envelope. */
export function prometheusData(data: unknown): Response {
  return Response.json({ status: "success", data });
}

/**
 * The tenant a Prometheus-API request acts for: a tenant API token (`Authorization: Bearer`) with the needed
 * scope, or a browser session plus the `X-Boardwatch-Tenant` header naming a tenant the user belongs to.
 */
export async function tenantOfRequest(req: Request, scope: TokenScope): Promise<{ id: string; slug: string }> {
  const db = getDb(env.DATABASE_URL);
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (bearer) return (await authenticateApiToken({ db }, bearer, scope)).tenant;
  const session = await auth.api.getSession({ headers: req.headers });
  const slug = req.headers.get("x-boardwatch-tenant");
  if (!session || !slug) throw new AppError("UNAUTHORIZED", "send a tenant API token as `Authorization: Bearer <token>`");
  return (await resolveTenantAccess({ db, actor: { userId: session.user.id, label: session.user.email } }, slug)).tenant;
}

/** Runs a Prometheus-API handler, turning service errors into Prometheus error responses. */
export async function handlePrometheusRequest(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) return prometheusError(httpStatusOf[error.code], error.message);
    throw error;
  }
}
