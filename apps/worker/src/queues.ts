import { Worker, type ConnectionOptions, type Queue } from "bullmq";
import type { z } from "zod";
import { jobRuns } from "./metrics";
import { evaluateRuleGroupJob, flushNotificationsJob, sendNotificationJob } from "./jobs/alerting";
import { heartbeatJob } from "./jobs/heartbeat";
import type { JobContext, JobDefinition } from "./jobs/job";
import { reconcileRulesJob } from "./jobs/reconcile-rules";
import { reconcileScrapesJob } from "./jobs/reconcile-scrapes";
import { sampleMaintenanceJob } from "./jobs/sample-maintenance";
import { scrapeJob } from "./jobs/scrape";

export const MAINTENANCE_QUEUE = "maintenance";
export const SCRAPE_QUEUE = "scrape";
export const RULES_QUEUE = "rules";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- registries of heterogeneous payload types
type Registry = Record<string, JobDefinition<any>>;
const registries: Record<string, Registry> = {
  [MAINTENANCE_QUEUE]: Object.fromEntries([heartbeatJob, reconcileScrapesJob, reconcileRulesJob, sampleMaintenanceJob].map((j) => [j.name, j])),
  [SCRAPE_QUEUE]: { [scrapeJob.name]: scrapeJob },
  [RULES_QUEUE]: Object.fromEntries([evaluateRuleGroupJob, flushNotificationsJob, sendNotificationJob].map((j) => [j.name, j])),
};

/**
 * Upserts the recurring maintenance schedules. Job schedulers are keyed by id in Redis, so every worker may
 * call this at start-up: each exists once however many workers run, and BullMQ hands each run to one worker.
 */
export async function reconcileSchedules(queue: Queue, opts: { heartbeatEveryMs: number; reconcileEveryMs: number }) {
  const every: Array<[JobDefinition<z.ZodType>, number]> = [
    [heartbeatJob, opts.heartbeatEveryMs],
    [reconcileScrapesJob, opts.reconcileEveryMs],
    [reconcileRulesJob, opts.reconcileEveryMs],
    [sampleMaintenanceJob, 60_000],
  ];
  for (const [job, ms] of every) {
    await queue.upsertJobScheduler(
      job.name,
      { every: ms },
      { name: job.name, data: {}, opts: { attempts: job.attempts, removeOnComplete: 100, removeOnFail: 1000 } },
    );
  }
}

async function run<S extends z.ZodType>(job: JobDefinition<S>, data: unknown, ctx: JobContext) {
  return job.handler(job.schema.parse(data), ctx);
}

/** Starts consuming one queue with its registered jobs. */
export function startWorker(
  queueName: string,
  opts: { connection: ConnectionOptions; prefix: string; concurrency: number; lockDuration?: number; stalledInterval?: number },
  ctx: JobContext,
) {
  const registry = registries[queueName];
  if (!registry) throw new Error(`no jobs registered for queue ${queueName}`);
  return new Worker(
    queueName,
    async (job) => {
      const definition = registry[job.name];
      if (!definition) throw new Error(`unknown job ${job.name} on queue ${queueName}`);
      const end = jobRuns.startTimer({ queue: queueName, job: job.name });
      try {
        const result = await run(definition, job.data, ctx);
        end({ outcome: "ok" });
        return result;
      } catch (error) {
        end({ outcome: "error" });
        throw error;
      }
    },
    opts,
  );
}
