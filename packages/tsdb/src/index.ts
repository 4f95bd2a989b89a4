export { migrateSampleStore } from "./migrations";
export { SampleStore, type SampleStoreOptions } from "./sample-store";
export { DEFAULT_LIMITS, LimitError, type LimitName, type TenantLimits } from "./limits";
export { TokenBucketLimiter, type RateLimiter } from "./rate-limiter";
export type { RetentionPolicy, RetentionReport } from "./retention";
export type { TenantUsage } from "./usage";
export type { MaintenanceReport } from "./maintenance";
export { isStaleNaN, STALE_NAN, STALE_NAN_BITS } from "./stale-marker";
export type {
  Backend,
  LabelMatcher,
  Labels,
  MetricMetadata,
  Querier,
  RollupResolution,
  Sample,
  SeriesPoint,
  SeriesBuckets,
  SeriesSamples,
  SeriesWrite,
  WriteResult,
} from "./types";
