import "server-only";
import { AppError, httpStatusOf, type TenantContext } from "@boardwatch/api";
import type { TokenScope } from "@boardwatch/db";
import { readBody } from "./read-body";
import { tenantContextOfRequest } from "./prometheus-api";

const MAX_YAML_BODY = 1024 * 1024;

/** The request body as text, at most 1 MiB. */
export async function yamlBody(req: Request): Promise<string> {
  return new TextDecoder().decode(await readBody(req, MAX_YAML_BODY));
}

export const yamlResponse = (text: string, status = 200) => new Response(text, { status, headers: { "content-type": "application/yaml" } });

/**
 * An endpoint of the configuration APIs Mimir defines (ruler, Alertmanager): YAML in and out, errors as plain
 * text with the status Mimir uses. Reads need a read-scoped token, changes a write-scoped one.
 */
export function configEndpoint<P>(scope: TokenScope, run: (ctx: TenantContext, req: Request, params: P) => Promise<Response>) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      return await run(await tenantContextOfRequest(req, scope), req, await route.params);
    } catch (error) {
      if (error instanceof AppError) return new Response(`${error.message}\n`, { status: httpStatusOf[error.code], headers: { "content-type": "text/plain" } });
      console.error("[config-api]", error);
      return new Response("internal error\n", { status: 500 });
    }
  };
}
