import { createTenant, ensureUser, schemas } from "@boardwatch/api";
import { z } from "zod";
import { cliActor, db, UsageError, type Command } from "./command";

const tenantOptions = z.object({
  slug: schemas.tenantSlug,
  name: schemas.tenantName.optional(),
  "owner-email": schemas.emailInput.optional(),
  "owner-password": schemas.password.optional(),
});

export const tenantCreate: Command = async (args, options) => {
  if (args.length !== 1) throw new UsageError("usage: tenant create <slug> [--name NAME] [--owner-email E --owner-password P]");
  const input = tenantOptions.parse({ ...options, slug: args[0] });
  let ownerUserId: string | null = null;
  if (input["owner-email"]) {
    const owner = await ensureUser(db(), { email: input["owner-email"], password: input["owner-password"] });
    if (!owner.created && input["owner-password"]) console.error(`boardwatch: ${owner.email} already exists; its password is unchanged`);
    ownerUserId = owner.id;
  }
  const tenant = await createTenant({ db: db(), actor: cliActor }, { slug: input.slug, name: input.name ?? input.slug, ownerUserId });
  return tenant.slug;
};
