import { getSampleStore, retentionPolicy } from "@boardwatch/api";
import { z } from "zod";
import { defineJob } from "./job";

/** Sample-store upkeep: partitions ahead, rollup refresh, each tenant's retention (single-flight in the store). */
export const sampleMaintenanceJob = defineJob({
  name: "sample-maintenance",
  schema: z.object({}).strict(),
  attempts: 1,
  async handler(_payload, ctx) {
    return (await getSampleStore()).maintenance({ retention: await retentionPolicy({ db: ctx.db }) });
  },
});
