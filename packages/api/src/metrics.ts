import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** This process's own metrics, served on /metrics in the Prometheus text format. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const trpcRequests = new Histogram({
  name: "boardwatch_trpc_request_duration_seconds",
  help: "tRPC procedure calls by procedure and outcome.",
  labelNames: ["procedure", "type", "code"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const apiTokenAuthentications = new Counter({
  name: "boardwatch_api_token_authentications_total",
  help: "API token checks by result.",
  labelNames: ["result"] as const,
  registers: [registry],
});

export const sampleStoreBackend = new Gauge({
  name: "boardwatch_sample_store_backend",
  help: "Which storage path the sample store detected at start-up (1 for the one in use): timescaledb or postgres.",
  labelNames: ["backend"] as const,
  registers: [registry],
});
