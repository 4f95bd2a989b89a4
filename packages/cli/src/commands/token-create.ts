import { createApiToken, schemas } from "@boardwatch/api";
import { z } from "zod";
import { openTenant, requireOption, type Command } from "./command";

const tokenOptions = z.object({
  name: schemas.tokenName,
  scope: schemas.tokenScopes,
  "expires-days": z.coerce.number().int().min(1, "must be at least 1").optional(),
});

export const tokenCreate: Command = async (_args, options) => {
  const input = tokenOptions.parse({
    name: requireOption(options, "name"),
    scope: requireOption(options, "scope").split(",").map((s) => s.trim().toUpperCase()),
    "expires-days": options["expires-days"],
  });
  const tenant = await openTenant(requireOption(options, "tenant"));
  const days = input["expires-days"];
  const created = await createApiToken(tenant, {
    name: input.name,
    scopes: input.scope,
    expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
  });
  return created.token;
};
