import { getDb, type Db } from "@boardwatch/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { z, ZodError } from "zod";
import { auth } from "./auth";
import { trpcRequests } from "./metrics";
import { env } from "./env";
import { AppError, type AppErrorCode } from "./errors";
import type { Actor } from "./services/context";
import { resolveTenantAccess } from "./services/tenants/resolve-tenant-access";
import { tenantSlug } from "./schemas";

export interface TRPCContext {
  db: Db;
  user: { id: string; email: string; name: string } | null;
  ip: string | null;
}

/** Builds the per-request context from the request headers (session cookie). */
export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const session = await auth.api.getSession({ headers: opts.headers });
  const ip = opts.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
  return {
    db: getDb(env.DATABASE_URL),
    user: session ? { id: session.user.id, email: session.user.email, name: session.user.name } : null,
    ip,
  };
}

const trpcCodeOf: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
  TIMEOUT: "TIMEOUT",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** `name: must not be empty; email: must be an email address`: every message names its field. */
function describeZodError(error: ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "input"}: ${i.message}`).join("; ");
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : null;
    const app = error.cause instanceof AppError ? error.cause : null;
    return {
      ...shape,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        field: zod ? String(zod.issues[0]?.path[0] ?? "") : (app?.field ?? null),
        fieldErrors: zod ? Object.fromEntries(zod.issues.map((i) => [i.path.join("."), i.message])) : null,
      },
    };
  },
});

// The one place where service errors and input validation errors become tRPC errors. Input parsers run
// after this middleware, so their failures pass through here too.
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) throw new TRPCError({ code: trpcCodeOf[cause.code], message: cause.message, cause });
  if (cause instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: describeZodError(cause), cause });
  return result;
});

const observe = t.middleware(async ({ path, type, next }) => {
  const end = trpcRequests.startTimer({ procedure: path, type });
  const result = await next();
  end({ code: result.ok ? "OK" : result.error.code });
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(observe).use(mapErrors);

/** Signed-in users; `ctx.actor` identifies them to services. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  const actor: Actor = { userId: ctx.user.id, label: ctx.user.email, ip: ctx.ip };
  return next({ ctx: { ...ctx, user: ctx.user, actor } });
});

/**
 * Procedures inside one tenant: the input carries `tenant` (its slug) and the caller must be a member.
 * Role checks happen in the services, so the worker and the CLI get the same rules.
 */
export const tenantProcedure = protectedProcedure.input(z.object({ tenant: tenantSlug })).use(async ({ ctx, input, next }) => {
  const scope = await resolveTenantAccess({ db: ctx.db, actor: ctx.actor }, input.tenant);
  return next({ ctx: { ...ctx, scope } });
});
