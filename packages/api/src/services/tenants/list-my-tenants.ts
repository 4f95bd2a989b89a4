import { tenants } from "@boardwatch/db";
import type { ServiceContext } from "../context";

/** The tenants the acting user belongs to. */
export function listMyTenants(ctx: ServiceContext) {
  return ctx.actor.userId ? tenants.listTenantsOfUser(ctx.db, ctx.actor.userId) : Promise.resolve([]);
}
