import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** Server configuration, validated once per process; a bad value names its key. */
export const env = createEnv({
  server: {
    DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/boardwatch"),
    REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
    /** Prefix of Redis keys (queues, shared rate limits); deployments sharing a Redis need different ones. */
    QUEUE_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/i).default("boardwatch"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    BOARDWATCH_PUBLIC_URL: z.string().url().optional(),
    BOARDWATCH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    AUTH_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});

/** The URL browsers reach the web app at. */
export const publicUrl = env.BOARDWATCH_PUBLIC_URL ?? `http://localhost:${env.PORT}`;

/**
 * Signs sessions and encrypts secrets at rest. Production refuses to start without one; elsewhere a
 * per-process random secret keeps development working (sessions then end when the process restarts).
 */
export function requireSecret(): string {
  if (env.BOARDWATCH_SECRET) return env.BOARDWATCH_SECRET;
  // `next build` loads route modules to collect their configuration; nothing is signed then.
  if (env.NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build") {
    throw new Error("BOARDWATCH_SECRET is required in production (at least 32 characters, e.g. `openssl rand -hex 32`)");
  }
  devSecret ??= randomHex(32);
  return devSecret;
}

let devSecret: string | undefined;
function randomHex(bytes: number) {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("hex");
}
