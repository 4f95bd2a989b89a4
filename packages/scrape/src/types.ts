import type { MetricMetadata, SeriesWrite } from "@boardwatch/tsdb";
import type { ScrapeCache } from "./scrape-cache";

/** One scrape target as the worker knows it. Limits follow Prometheus: 0 means no limit. */
export interface ScrapeTarget {
  url: string;
  job: string;
  /** Usually host:port of `url`; the caller decides. */
  instance: string;
  /** Added to every series, e.g. `{ board: "<id>", site: "lab" }`; `job` and `instance` take precedence. */
  targetLabels: Record<string, string>;
  /** Prometheus `honor_labels`: scraped labels win over target labels instead of becoming `exported_<name>`. */
  honorLabels: boolean;
  timeoutMs: number;
  intervalMs: number;
  sampleLimit: number;
  /** Labels per series after target labels were added, `__name__` included. */
  labelLimit: number;
  labelNameLengthLimit: number;
  labelValueLengthLimit: number;
  /** Limit on the decoded (decompressed) body. */
  bodySizeLimitBytes: number;
  /** Sent as `Authorization: Bearer <token>`, and only to the target's own host when redirected. */
  bearerToken?: string;
}

export interface ScrapeOutcome {
  /** The scrape's start, ms since the epoch: the timestamp of its samples, synthetic series and markers. */
  scrapeTimeMs: number;
  /** Time spent on the HTTP exchange, as `scrape_duration_seconds` reports it. */
  durationMs: number;
  up: 0 | 1;
  /** Why the target is down, phrased like Prometheus's scrape errors; only when `up` is 0. */
  error?: string;
  samplesScraped: number;
  samplesPostRelabeling: number;
  /** Series in this scrape that were not in the previous one. */
  seriesAdded: number;
  /** Scraped samples, the five synthetic series, then staleness markers (value STALE_NAN). */
  writes: SeriesWrite[];
  /** HELP, TYPE and UNIT of the families the target declared (none when it was down). */
  metadata: MetricMetadata[];
}

export interface ScrapeOptions {
  /** Clock for the scrape timestamp (ms since the epoch). */
  now?: () => number;
  /** Aborting rejects the scrape with the signal's reason and leaves the staleness state untouched. */
  signal?: AbortSignal;
  /** Key of the target in the staleness state and the cache; by default derived from its URL, job and labels. */
  stateKey?: string;
  /**
   * Labels of the series seen in the last scrape of each target, shared by all scrapes of a process. With it,
   * a series keeps the same `labels` object from one scrape to the next: treat writes as read-only.
   */
  cache?: ScrapeCache;
}
