/** Decides whether a tenant may ingest `n` samples now; pluggable so several processes can share a Redis-backed one. */
export interface RateLimiter {
  tryTake(tenantId: string, n: number, ratePerSecond: number, burst: number, nowMs: number): boolean | Promise<boolean>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** In-process token bucket per tenant (each process enforces the full limit on its own share of traffic). */
export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes `n` tokens if available; a request larger than the burst never passes. */
  tryTake(tenantId: string, n: number, ratePerSecond: number, burst: number, nowMs: number): boolean {
    const bucket = this.buckets.get(tenantId) ?? { tokens: burst, at: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, nowMs - bucket.at) * ratePerSecond) / 1000);
    bucket.at = nowMs;
    this.buckets.set(tenantId, bucket);
    if (n > bucket.tokens) return false;
    bucket.tokens -= n;
    return true;
  }
}
