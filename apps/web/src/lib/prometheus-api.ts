import "server-only";
import { AppError, auth, authenticateApiToken, env, httpStatusOf, resolveTenantAccess, type ApiResult, type AppErrorCode, type TenantContext } from "@boardwatch/api";
import { getDb, type TokenScope } from "@boardwatch/db";
import { readBody } from "./read-body";

// Prometheus's `errorType`s; the two auth ones are ours (Prometheus itself has no authentication).
const errorTypeOf: Record<AppErrorCode, string> = {
  BAD_REQUEST: "bad_data",
  UNPROCESSABLE: "execution",
  TIMEOUT: "timeout",
  UNAVAILABLE: "unavailable",
  NOT_FOUND: "not_found",
  UNAUTHORIZED: "unauthorized",
  FORBIDDEN: "forbidden",
  TOO_MANY_REQUESTS: "too_many_requests",
  CONFLICT: "bad_data",
};

const MAX_FORM_BODY = 1024 * 1024;

/** The `Authorization: Bearer` token of a request, if any. */
export function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
}

/**
 * The tenant a Prometheus-API request acts for: a tenant API token (`Authorization: Bearer`) with the needed
 * scope, or a browser session plus the `X-Boardwatch-Tenant` header naming a tenant the user belongs to. A
 * token acts as an editor when it may write and as a viewer otherwise.
 */
export async function tenantContextOfRequest(req: Request, scope: TokenScope): Promise<TenantContext> {
  const db = getDb(env.DATABASE_URL);
  const bearer = bearerToken(req);
  if (bearer) {
    const token = await authenticateApiToken({ db }, bearer, scope);
    const { id, slug, name } = token.tenant;
    return { db, actor: { userId: null, label: `token:${token.prefix}` }, tenant: { id, slug, name }, role: scope === "WRITE" ? "EDITOR" : "VIEWER" };
  }
  const session = await auth.api.getSession({ headers: req.headers });
  const slug = req.headers.get("x-boardwatch-tenant");
  if (!session || !slug) throw new AppError("UNAUTHORIZED", "send a tenant API token as `Authorization: Bearer <token>`");
  return resolveTenantAccess({ db, actor: { userId: session.user.id, label: session.user.email } }, slug);
}

/** The tenant of a request, authenticated as `tenantContextOfRequest` does. */
export async function tenantOfRequest(req: Request, scope: TokenScope): Promise<{ id: string; slug: string }> {
  return (await tenantContextOfRequest(req, scope)).tenant;
}

/** Query parameters, plus the form body of a POST, as Prometheus accepts both. */
async function paramsOf(req: Request): Promise<URLSearchParams> {
  const params = new URL(req.url).searchParams;
  if (req.method === "POST" && (req.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(new TextDecoder().decode(await readBody(req, MAX_FORM_BODY)));
    for (const [k, v] of form) params.append(k, v);
  }
  return params;
}

function errorResponse(error: AppError): Response {
  return Response.json({ status: "error", errorType: errorTypeOf[error.code], error: error.message }, { status: httpStatusOf[error.code] });
}

/** A Prometheus HTTP API endpoint over the caller's tenant: authenticates with read scope, answers in Prometheus's JSON envelope. */
export function prometheusTenantEndpoint(run: (ctx: TenantContext, params: URLSearchParams) => Promise<ApiResult> | ApiResult) {
  return async (req: Request): Promise<Response> => {
    try {
      const ctx = await tenantContextOfRequest(req, "READ");
      const result = await run(ctx, await paramsOf(req));
      return Response.json({ status: "success", ...result });
    } catch (error) {
      if (error instanceof AppError) return errorResponse(error);
      console.error("[prometheus-api]", error);
      return Response.json({ status: "error", errorType: "internal", error: (error as Error).message }, { status: 500 });
    }
  };
}

/** A Prometheus HTTP API endpoint that needs only the tenant's id. */
export function prometheusEndpoint(run: (tenantId: string, params: URLSearchParams) => Promise<ApiResult> | ApiResult) {
  return prometheusTenantEndpoint((ctx, params) => run(ctx.tenant.id, params));
}
