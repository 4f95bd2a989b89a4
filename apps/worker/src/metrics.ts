import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const jobRuns = new Histogram({
  name: "boardwatch_worker_job_duration_seconds",
  help: "Jobs run by this worker, by queue, job name and outcome.",
  labelNames: ["queue", "job", "outcome"] as const,
  buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60],
  registers: [registry],
});

export const heartbeats = new Counter({
  name: "boardwatch_worker_heartbeats_total",
  help: "Heartbeat jobs this worker ran.",
  registers: [registry],
});

export const scrapeDurations = new Histogram({
  name: "boardwatch_worker_scrape_duration_seconds",
  help: "Scrapes run by this worker, by outcome.",
  labelNames: ["outcome"] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
