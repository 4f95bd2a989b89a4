import { tenants, type Db } from "@boardwatch/db";
import type { TenantContext } from "../context";
import { effectiveLimits } from "./limits";
import { getSampleStore } from "./sample-store";

/** What the tenant stores and may store: usage figures beside the ingestion limits that apply to it. */
export async function tenantUsage(ctx: TenantContext) {
  const usage = await (await getSampleStore()).usage(ctx.tenant.id);
  const tenant = await tenants.findTenantBySlug(ctx.db, ctx.tenant.slug);
  return { ...usage, retentionDays: tenant?.retentionDays ?? null, limits: effectiveLimits(tenant?.limits) };
}

/** Every tenant's retention, for the sample store's maintenance. */
export async function retentionPolicy(ctx: { db: Db }) {
  const all = await tenants.listRetention(ctx.db);
  return { defaultMs: 30 * 86_400_000, tenants: Object.fromEntries(all.map((t) => [t.id, t.retentionDays * 86_400_000])) };
}
