import type { Db } from "@boardwatch/db";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { z } from "zod";

/** A job is a contract: its name, the payload schema checked again when it runs, and what it does. */
export interface JobDefinition<S extends z.ZodType> {
  name: string;
  schema: S;
  attempts: number;
  handler: (payload: z.infer<S>, ctx: JobContext) => Promise<unknown>;
}

export interface JobContext {
  workerId: string;
  redis: Redis;
  /** Prefix for Redis keys jobs write, the same as the queues'. */
  keyPrefix: string;
  db: Db;
  scrapeQueue: Queue;
  rulesQueue: Queue;
}

/** Typed helper so each definition keeps its own payload type. */
export function defineJob<S extends z.ZodType>(job: JobDefinition<S>): JobDefinition<S> {
  return job;
}
