import { z } from "zod";
import { publicUrl } from "../env";
import { emailInput, idInput, roleInput } from "../schemas";
import { acceptInvitation, createInvitation, listInvitations, previewInvitation, revokeInvitation } from "../services/invitations/invitations";
import { createTRPCRouter, protectedProcedure, tenantProcedure } from "../trpc";

const invitationToken = z.string().min(10, "must be an invitation token").max(100);
const offer = z.object({ tenant: z.object({ slug: z.string(), name: z.string() }), role: roleInput });

export const invitationRouter = createTRPCRouter({
  list: tenantProcedure
    .output(z.array(z.object({ id: z.string(), email: z.string(), role: roleInput, expiresAt: z.date(), createdAt: z.date() })))
    .query(({ ctx }) => listInvitations(ctx.scope)),
  create: tenantProcedure
    .input(z.object({ email: emailInput, role: roleInput }))
    .output(z.object({ id: z.string(), email: z.string(), role: roleInput, expiresAt: z.date(), url: z.string() }))
    .mutation(({ ctx, input }) => createInvitation(ctx.scope, input, publicUrl)),
  revoke: tenantProcedure
    .input(z.object({ invitationId: idInput }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.scope, input)),
  preview: protectedProcedure
    .input(z.object({ token: invitationToken }))
    .output(offer.extend({ email: z.string() }))
    .query(({ ctx, input }) => previewInvitation(ctx, input)),
  accept: protectedProcedure
    .input(z.object({ token: invitationToken }))
    .output(offer)
    .mutation(({ ctx, input }) => acceptInvitation(ctx, input)),
});
