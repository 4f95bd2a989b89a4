import { getSampleStore, listScrapeTargets } from "@boardwatch/api";
import { markTargetGone } from "@boardwatch/scrape";
import { z } from "zod";
import { reconcileScrapeSchedules } from "../scheduling/reconcile-scrape-schedules";
import { withRedisLock } from "../scheduling/redis-lock";
import { scrapeStateKey, stalenessState, takeTarget } from "../scheduling/scrape-state";
import { defineJob } from "./job";

/**
 * Brings the scrape job schedulers in line with the boards in the database (added, changed, removed). Runs
 * single-flight: two reconcilers upserting the same new scheduler at once could each start it.
 */
export const reconcileScrapesJob = defineJob({
  name: "reconcile-scrapes",
  schema: z.object({}).strict(),
  attempts: 1,
  async handler(_payload, ctx) {
    const result = await withRedisLock(ctx.redis, `${ctx.keyPrefix}:lock:reconcile-scrapes`, 60_000, async () => {
      const outcome = await reconcileScrapeSchedules(ctx.scrapeQueue, await listScrapeTargets({ db: ctx.db }));
      // Targets that left: their series end now, as when a target leaves Prometheus's service discovery.
      for (const { boardId, relay } of outcome.removedTargets) {
        const stateKey = scrapeStateKey(boardId, relay);
        const gone = await takeTarget(ctx.redis, ctx.keyPrefix, stateKey);
        if (!gone) continue;
        const markers = await markTargetGone(gone.target, stalenessState(ctx.redis, ctx.keyPrefix), { stateKey });
        await (await getSampleStore()).write(gone.tenantId, markers);
      }
      return { ...outcome, removedTargets: outcome.removedTargets.length };
    });
    return result ?? { skipped: "another worker is reconciling" };
  },
});
