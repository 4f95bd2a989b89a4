import { getSampleStore } from "@boardwatch/api";
import { z } from "zod";
import { defineJob } from "./job";

/** Sample-store upkeep: partitions ahead, rollup refresh, retention (the store makes it single-flight). */
export const sampleMaintenanceJob = defineJob({
  name: "sample-maintenance",
  schema: z.object({}).strict(),
  attempts: 1,
  async handler() {
    return (await getSampleStore()).maintenance();
  },
});
