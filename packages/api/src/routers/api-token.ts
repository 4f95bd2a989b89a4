import { z } from "zod";
import { idInput, tokenName, tokenScopes } from "../schemas";
import { createApiToken, listApiTokens, revokeApiToken } from "../services/api-tokens/api-tokens";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const scopes = z.array(z.enum(["READ", "WRITE"]));

export const apiTokenRouter = createTRPCRouter({
  list: tenantProcedure
    .output(
      z.array(
        z.object({
          id: z.string(), name: z.string(), prefix: z.string(), scopes, createdAt: z.date(),
          lastUsedAt: z.date().nullable(), expiresAt: z.date().nullable(), revokedAt: z.date().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listApiTokens(ctx.scope)),
  create: tenantProcedure
    .input(z.object({ name: tokenName, scopes: tokenScopes, expiresInDays: z.number().int().min(1).max(3650).nullish() }))
    .output(z.object({ id: z.string(), name: z.string(), prefix: z.string(), scopes, token: z.string() }))
    .mutation(({ ctx, input }) =>
      createApiToken(ctx.scope, {
        name: input.name,
        scopes: input.scopes,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      }),
    ),
  revoke: tenantProcedure
    .input(z.object({ tokenId: idInput }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.scope, input)),
});
