import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** Worker configuration, validated once at start-up; a bad value names its key. */
export const env = createEnv({
  server: {
    DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/boardwatch"),
    REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(5000).default(200),
    /**
     * Series whose labels the scrape cache keeps between scrapes, over all targets this worker scrapes (about
     * 0.5 kB each). Below the series a worker scrapes, scrapes miss the cache and cost about twice the CPU.
     */
    SCRAPE_CACHE_SERIES: z.coerce.number().int().min(0).default(1_000_000),
    /** Rule evaluations and notification deliveries one worker runs at once. */
    RULES_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(20),
    /** Redis key prefix of every queue; separate prefixes keep several deployments (or test runs) apart. */
    QUEUE_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/i).default("boardwatch"),
    HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
    /** How often the scrape schedules are reconciled with the boards in the database. */
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
    /** Rules query data as of this long before each evaluation slot (Prometheus's rule_query_offset), for late samples. */
    RULE_QUERY_OFFSET_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
