import { z } from "zod";
import { idInput, roleInput } from "../schemas";
import { changeMemberRole, removeMember } from "../services/members/change-member-role";
import { listMembers } from "../services/members/list-members";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const memberRouter = createTRPCRouter({
  list: tenantProcedure
    .output(z.array(z.object({ id: z.string(), userId: z.string(), name: z.string(), email: z.string(), role: roleInput, createdAt: z.date() })))
    .query(({ ctx }) => listMembers(ctx.scope)),
  changeRole: tenantProcedure
    .input(z.object({ membershipId: idInput, role: roleInput }))
    .output(z.object({ id: z.string(), role: roleInput }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.scope, input)),
  remove: tenantProcedure
    .input(z.object({ membershipId: idInput }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => removeMember(ctx.scope, input)),
});
