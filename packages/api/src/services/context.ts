import type { Db, Role } from "@boardwatch/db";

/** Who is acting: a signed-in user or an automation (the CLI, a token). */
export interface Actor {
  userId: string | null;
  /** How the actor appears in the audit log: an email, `cli`, or `token:<prefix>`. */
  label: string;
  ip?: string | null;
}

export interface ServiceContext {
  db: Db;
  actor: Actor;
}

/** A service call on behalf of a member of one tenant, after access was checked. */
export interface TenantContext extends ServiceContext {
  tenant: { id: string; slug: string; name: string };
  role: Role;
}
