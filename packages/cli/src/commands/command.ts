import { env, type TenantContext } from "@boardwatch/api";
import { getDb, tenants } from "@boardwatch/db";

export type Options = Record<string, string | boolean | undefined>;
/** A CLI command: returns what goes to stdout; diagnostics go to stderr. */
export type Command = (args: string[], options: Options) => Promise<string>;

export class UsageError extends Error {}

export const cliActor = { userId: null, label: "cli" };

export function db() {
  return getDb(env.DATABASE_URL);
}

/** The CLI acts with database access, so it opens any tenant as its owner would. */
export async function openTenant(slug: string): Promise<TenantContext> {
  const tenant = await tenants.findTenantBySlug(db(), slug);
  if (!tenant) throw new UsageError(`tenant: no tenant "${slug}"`);
  return { db: db(), actor: cliActor, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name }, role: "OWNER" };
}

export function requireOption(options: Options, name: string): string {
  const value = options[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}
