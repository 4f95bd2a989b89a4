import { parseDuration } from "./duration";

/** Boardwatch (like Prometheus) refuses range queries of more than 11,000 points per series. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** What a panel's queries are evaluated with when no scrape interval is known: Prometheus's default. */
export const DEFAULT_SCRAPE_INTERVAL_SECONDS = 15;

// The steps a person would pick; a panel's step is the smallest of them that keeps it within its pixels.
const NICE = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800, 2592000];

/** The smallest nice interval (15s, 30s, 1m, 2m, 5m …) of at least `seconds`. */
export function niceInterval(seconds: number): number {
  return NICE.find((n) => n >= seconds) ?? Math.ceil(seconds);
}

/**
 * The step of a panel's range queries: at most one point per pixel (`maxDataPoints`, the panel's width unless
 * the panel sets it), rounded up to a nice interval, never below the panel's minimum interval (default the scrape
 * interval: finer steps only repeat samples) and never above the server's 11,000 points per series.
 */
export function panelStep(opts: { rangeSeconds: number; maxDataPoints: number; minInterval?: string | null; scrapeIntervalSeconds?: number }): number {
  const min = (opts.minInterval ? parseDuration(opts.minInterval) : undefined) ?? opts.scrapeIntervalSeconds ?? DEFAULT_SCRAPE_INTERVAL_SECONDS;
  const raw = opts.rangeSeconds / Math.max(1, Math.floor(opts.maxDataPoints));
  const step = Math.max(min, niceInterval(raw));
  return Math.max(Math.ceil(opts.rangeSeconds / MAX_POINTS_PER_SERIES), Math.ceil(step));
}

/**
 * `$__rate_interval` as Grafana defines it: at least four scrape intervals (so a rate always sees two samples,
 * even with one missed), and at least the step plus one scrape interval (so no sample falls between steps).
 */
export function rateInterval(stepSeconds: number, scrapeIntervalSeconds = DEFAULT_SCRAPE_INTERVAL_SECONDS): number {
  return Math.max(stepSeconds + scrapeIntervalSeconds, 4 * scrapeIntervalSeconds);
}
