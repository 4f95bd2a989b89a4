import { Worker, type ConnectionOptions, type Queue } from "bullmq";
import { jobRuns } from "./metrics";
import { heartbeatJob } from "./jobs/heartbeat";
import type { JobContext, JobDefinition } from "./jobs/job";
import type { z } from "zod";

export const MAINTENANCE_QUEUE = "maintenance";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of heterogeneous payload types
const maintenanceJobs: Record<string, JobDefinition<any>> = { [heartbeatJob.name]: heartbeatJob };

/**
 * Upserts the recurring schedules. Job schedulers are keyed by id in Redis, so every worker may call this at
 * start-up: the schedule exists once however many workers run, and BullMQ hands each run to one worker.
 */
export async function reconcileSchedules(queue: Queue, opts: { heartbeatEveryMs: number }) {
  await queue.upsertJobScheduler(
    heartbeatJob.name,
    { every: opts.heartbeatEveryMs },
    { name: heartbeatJob.name, data: {}, opts: { attempts: heartbeatJob.attempts, removeOnComplete: 100, removeOnFail: 1000 } },
  );
}

async function run<S extends z.ZodType>(job: JobDefinition<S>, data: unknown, ctx: JobContext) {
  return job.handler(job.schema.parse(data), ctx);
}

/** Starts consuming the maintenance queue. */
export function startMaintenanceWorker(opts: { connection: ConnectionOptions; prefix: string; concurrency: number }, ctx: JobContext) {
  return new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      const definition = maintenanceJobs[job.name];
      if (!definition) throw new Error(`unknown job ${job.name} on queue ${MAINTENANCE_QUEUE}`);
      const end = jobRuns.startTimer({ queue: MAINTENANCE_QUEUE, job: job.name });
      try {
        const result = await run(definition, job.data, ctx);
        end({ outcome: "ok" });
        return result;
      } catch (error) {
        end({ outcome: "error" });
        throw error;
      }
    },
    { connection: opts.connection, prefix: opts.prefix, concurrency: opts.concurrency },
  );
}
