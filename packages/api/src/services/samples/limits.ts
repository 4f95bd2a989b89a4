import { tenants, type Db } from "@boardwatch/db";
import { DEFAULT_LIMITS, TokenBucketLimiter, type RateLimiter, type TenantLimits } from "@boardwatch/tsdb";
import type { Redis } from "ioredis";
import { z } from "zod";
import { AppError } from "../../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { ServiceContext } from "../context";

const count = z.number().int("must be a whole number").min(0, "must not be negative (0 disables the limit)");

/** Overrides an operator may set per tenant; what is absent keeps Mimir's default. */
export const limitOverrides = z
  .object({
    ingestionRate: count,
    ingestionBurstSize: count,
    maxActiveSeries: count,
    maxLabelNamesPerSeries: count,
    maxLabelNameLength: count,
    maxLabelValueLength: count,
    creationGracePeriodMs: count,
  })
  .partial()
  .strict();

/** The limits in force for a tenant: its overrides over the defaults. */
export function effectiveLimits(overrides: unknown): TenantLimits {
  const parsed = limitOverrides.safeParse(overrides);
  return { ...DEFAULT_LIMITS, ...(parsed.success ? parsed.data : {}) };
}

const CACHE_MS = 30_000;
const cache = new Map<string, { atMs: number; limits: TenantLimits }>();

/** A tenant's limits for the sample store, re-read at most every 30 s per process (changes apply within that). */
export async function limitsOf(db: Db, tenantId: string, nowMs = Date.now()): Promise<TenantLimits> {
  const hit = cache.get(tenantId);
  if (hit && nowMs - hit.atMs < CACHE_MS) return hit.limits;
  const limits = effectiveLimits((await tenants.findTenantLimits(db, tenantId))?.limits);
  cache.set(tenantId, { atMs: nowMs, limits });
  return limits;
}

/** Sets a tenant's overrides (an operator's action: the admin CLI); `null` values return a limit to its default. */
export async function setTenantLimits(ctx: ServiceContext, slug: string, changes: Record<string, number | null>) {
  const current = await ctx.db.tenant.findUnique({ where: { slug }, select: { limits: true } });
  if (!current) throw new AppError("NOT_FOUND", `no tenant "${slug}"`, "tenant");
  const merged = Object.fromEntries(Object.entries({ ...(current.limits as object), ...changes }).filter(([, v]) => v !== null));
  const parsed = limitOverrides.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("BAD_REQUEST", issue.code === "unrecognized_keys" ? `unknown limit ${issue.keys.join(", ")}` : issue.message, issue.path.join(".") || "limits");
  }
  const saved = await tenants.setTenantLimits(ctx.db, slug, parsed.data);
  cache.delete(saved.id);
  await recordAuditEvent(ctx, { tenantId: saved.id, action: "tenant.limits", target: slug, metadata: parsed.data });
  return effectiveLimits(saved.limits);
}

// Refill and take atomically, so every process of a deployment draws from one bucket per tenant.
const TAKE = `
local tokens = tonumber(redis.call("HGET", KEYS[1], "tokens"))
local at = tonumber(redis.call("HGET", KEYS[1], "at"))
local n, rate, burst, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if tokens == nil then tokens = burst; at = now end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local ok = 0
if n <= tokens then tokens = tokens - n; ok = 1 end
redis.call("HSET", KEYS[1], "tokens", tostring(tokens), "at", tostring(math.max(now, at)))
redis.call("PEXPIRE", KEYS[1], math.ceil(burst / math.max(rate, 1) * 1000) + 60000)
return ok`;

/**
 * The ingestion-rate token bucket in Redis, shared by every web and worker process (Mimir's global strategy).
 * While Redis is unreachable each process falls back to its own bucket rather than refusing all ingestion.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback = new TokenBucketLimiter();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  async tryTake(tenantId: string, n: number, ratePerSecond: number, burst: number, nowMs: number): Promise<boolean> {
    try {
      return (await this.redis.eval(TAKE, 1, `${this.keyPrefix}:ingestion-rate:${tenantId}`, n, ratePerSecond, burst, nowMs)) === 1;
    } catch (error) {
      this.log(`rate limiter: Redis unavailable (${(error as Error).message}); limiting in this process only`);
      return this.fallback.tryTake(tenantId, n, ratePerSecond, burst, nowMs);
    }
  }
}

/** A tenant's limits in force, by slug (for the admin CLI). */
export async function tenantLimits(ctx: Pick<ServiceContext, "db">, slug: string): Promise<TenantLimits> {
  const tenant = await tenants.findTenantBySlug(ctx.db, slug);
  if (!tenant) throw new AppError("NOT_FOUND", `no tenant "${slug}"`, "tenant");
  return effectiveLimits(tenant.limits);
}
