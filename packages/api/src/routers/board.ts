import { z } from "zod";
import { publicUrl } from "../env";
import { boardLabels, boardName, idInput, scrapeInterval, tokenName } from "../schemas";
import { deleteBoard, getBoard, listBoards, revokeBoardCredential, rotateBoardCredential, updateBoard } from "../services/boards/boards";
import { createEnrolmentToken, listEnrolmentTokens, revokeEnrolmentToken, rotateEnrolmentToken } from "../services/boards/enrolment-tokens";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const status = z.enum(["never_seen", "online", "failing", "stale", "offline"]);
const boardOut = z.object({
  id: z.string(), name: z.string(), hostname: z.string().nullable(), labels: z.record(z.string(), z.string()),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), mode: z.enum(["PULL", "PUSH"]),
  scrapeUrl: z.string().nullable(), scrapeIntervalSeconds: z.number(), scrapeTimeoutSeconds: z.number(),
  lastScrapeAt: z.date().nullable(), lastScrapeDurationMs: z.number().nullable(), lastScrapeError: z.string().nullable(),
  lastSeenAt: z.date().nullable(), seriesCount: z.number(), createdAt: z.date(), status,
});
const newEnrolmentToken = z.object({ id: z.string(), name: z.string(), prefix: z.string(), token: z.string(), installCommand: z.string() });

export const boardRouter = createTRPCRouter({
  list: tenantProcedure
    .input(z.object({ search: z.string().max(100).optional(), status: status.optional() }))
    .output(z.array(boardOut))
    .query(({ ctx, input }) => listBoards(ctx.scope, input)),
  get: tenantProcedure
    .input(z.object({ boardId: idInput }))
    .output(boardOut)
    .query(({ ctx, input }) => getBoard(ctx.scope, input)),
  update: tenantProcedure
    .input(
      z.object({
        boardId: idInput,
        name: boardName.optional(),
        labels: boardLabels.optional(),
        mode: z.enum(["PULL", "PUSH"]).optional(),
        scrapeIntervalSeconds: scrapeInterval.optional(),
        scrapeTimeoutSeconds: scrapeInterval.optional(),
      }),
    )
    .output(boardOut)
    .mutation(({ ctx, input }) => updateBoard(ctx.scope, input)),
  delete: tenantProcedure
    .input(z.object({ boardId: idInput }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteBoard(ctx.scope, input)),
  revokeCredential: tenantProcedure
    .input(z.object({ boardId: idInput }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => revokeBoardCredential(ctx.scope, input)),
  rotateCredential: tenantProcedure
    .input(z.object({ boardId: idInput }))
    .output(z.object({ id: z.string(), credential: z.string() }))
    .mutation(({ ctx, input }) => rotateBoardCredential(ctx.scope, input)),
});

export const enrolmentTokenRouter = createTRPCRouter({
  list: tenantProcedure
    .output(
      z.array(
        z.object({
          id: z.string(), name: z.string(), prefix: z.string(), labels: z.record(z.string(), z.string()), expiresAt: z.date().nullable(),
          maxUses: z.number().nullable(), uses: z.number(), createdAt: z.date(), revokedAt: z.date().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listEnrolmentTokens(ctx.scope)),
  create: tenantProcedure
    .input(
      z.object({
        name: tokenName,
        labels: boardLabels.default({}),
        expiresInHours: z.number().int().min(1, "must be at least 1 hour").max(24 * 365).nullish(),
        maxUses: z.number().int().min(1, "must be at least 1").nullish(),
      }),
    )
    .output(newEnrolmentToken)
    .mutation(({ ctx, input }) => createEnrolmentToken(ctx.scope, input, publicUrl)),
  revoke: tenantProcedure
    .input(z.object({ tokenId: idInput }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => revokeEnrolmentToken(ctx.scope, input)),
  rotate: tenantProcedure
    .input(z.object({ tokenId: idInput }))
    .output(newEnrolmentToken)
    .mutation(({ ctx, input }) => rotateEnrolmentToken(ctx.scope, input, publicUrl)),
});
