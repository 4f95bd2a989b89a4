import { getDb, users } from "@boardwatch/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getIP } from "better-auth/api";
import { env, publicUrl, requireSecret } from "./env";
import { recordAuditEvent } from "./services/audit/record-audit-event";

const db = getDb(env.DATABASE_URL);

/**
 * Browser accounts: email + password (scrypt, memory-hard), HTTP-only session cookies, origin checks on
 * every cookie-authenticated mutation, and a per-IP limit on sign-in attempts shared by all web replicas
 * (stored in Postgres).
 */
export const auth = betterAuth({
  appName: "Boardwatch",
  baseURL: publicUrl,
  secret: requireSecret(),
  trustedOrigins: [publicUrl],
  database: prismaAdapter(db, { provider: "postgresql" }),
  emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 128, autoSignIn: true },
  session: { expiresIn: 7 * 24 * 3600, updateAge: 24 * 3600 },
  rateLimit: {
    enabled: true,
    storage: "database",
    window: 60,
    max: 300,
    customRules: {
      "/sign-in/email": { window: 60, max: env.AUTH_LOGIN_RATE_LIMIT },
      "/sign-up/email": { window: 60, max: env.AUTH_LOGIN_RATE_LIMIT },
    },
  },
  advanced: {
    // better-auth skips origin checks under NODE_ENV=test; tests must see what production does.
    disableOriginCheck: false,
    useSecureCookies: publicUrl.startsWith("https://"),
    defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
  },
  hooks: {
    after: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== "/sign-in/email" || !(ctx.context.returned instanceof APIError)) return;
      const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase().slice(0, 254);
      const user = email ? await users.findUserByEmail(db, email) : null;
      await recordAuditEvent(
        { db, actor: { userId: user?.id ?? null, label: email || "unknown", ip: ctx.request ? getIP(ctx.request, ctx.context.options) : null } },
        { tenantId: null, action: "auth.login_failed", target: email, metadata: { reason: ctx.context.returned.message } },
      );
    }),
  },
});

export type Auth = typeof auth;
