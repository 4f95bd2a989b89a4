import { listScrapeTargets } from "@boardwatch/api";
import { z } from "zod";
import { reconcileScrapeSchedules } from "../scheduling/reconcile-scrape-schedules";
import { withRedisLock } from "../scheduling/redis-lock";
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
    const result = await withRedisLock(ctx.redis, `${ctx.keyPrefix}:lock:reconcile-scrapes`, 60_000, async () =>
      reconcileScrapeSchedules(ctx.scrapeQueue, await listScrapeTargets({ db: ctx.db })),
    );
    return result ?? { skipped: "another worker is reconciling" };
  },
});
