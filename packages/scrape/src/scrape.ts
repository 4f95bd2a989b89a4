import { ExpositionError, type ParseLimits, STALE_NAN, type Sample, parseScrapeResponse, scrapeRequestHeaders } from "@boardwatch/exposition";
import type { MetricMetadata, SeriesWrite } from "@boardwatch/tsdb";
import { fetchTarget } from "./fetch-target";
import { ScrapeFailure } from "./scrape-failure";
import { type Labeling, uncachedLabeling } from "./scrape-cache";
import { type LabeledSeries, SeriesLabeler, labelsFromKey } from "./series-labels";
import type { StalenessState } from "./staleness-state";
import { reportLabels, reportSeries } from "./report-series";
import type { ScrapeOptions, ScrapeOutcome, ScrapeTarget } from "./types";
import { SCRAPER_VERSION } from "./version";

// A marker written later than the query lookback delta changes no query result, so state older than that
// (plus the interval the next scrape may take to come) is not worth keeping.
const LOOKBACK_DELTA_MS = 5 * 60_000;
// Prefixes the state key of a series whose exposition carried its own timestamp: Prometheus counts such series
// for scrape_series_added but never marks them stale. A lone surrogate, so no real key starts with it.
const TIMESTAMPED = "\uDBFF";

interface Collected {
  durationMs: number;
  error?: string;
  samplesScraped: number;
  /** The scraped series, samples in exposition order; none named like a synthetic series. */
  writes: SeriesWrite[];
  /** What to remember for the next scrape: every series key, TIMESTAMPED-prefixed where not tracked. */
  stateKeys: Set<string>;
  /** One sample per series, none with its own timestamp: the next scrape may reuse `stateKeys` if it repeats this one. */
  plain: boolean;
  metadata: MetricMetadata[];
}

/**
 * Scrapes one target once, as a Prometheus scrape loop iteration does: fetch, parse, label, report the five
 * synthetic series and mark vanished series stale. Target problems end as `up 0` with an error; it throws only
 * when `signal` aborts, the staleness state fails or the target has no positive timeout or interval.
 */
export async function scrape(target: ScrapeTarget, state: StalenessState, options: ScrapeOptions = {}): Promise<ScrapeOutcome> {
  const { signal } = options;
  signal?.throwIfAborted();
  // A target without a positive timeout or interval is a bug in the caller, not a target going down.
  if (!(target.timeoutMs > 0 && target.intervalMs > 0)) {
    throw new RangeError(`scrape target ${target.url}: timeoutMs and intervalMs must be positive`);
  }
  const scrapeTimeMs = (options.now ?? Date.now)();
  const stateKey = options.stateKey ?? defaultStateKey(target);
  const labeler = labelerOf(target);
  const limits = parseLimitsOf(target);
  const labeling = options.cache?.labeling(stateKey, labeler, limits) ?? uncachedLabeling(labeler);
  const [previous, collected] = await Promise.all([state.load(stateKey), collect(target, labeling, limits, scrapeTimeMs, signal)]);
  signal?.throwIfAborted();

  let seriesAdded = 0;
  // The very set saved last time: nothing added, nothing gone.
  if (collected.stateKeys !== previous) for (const key of collected.stateKeys) if (previous?.has(key) !== true) seriesAdded++;
  const up = collected.error === undefined ? 1 : 0;
  const writes = [
    ...collected.writes,
    ...reportSeries(
      labeling.report,
      {
        up,
        scrape_duration_seconds: collected.durationMs / 1000,
        scrape_samples_scraped: collected.samplesScraped,
        // No metric relabelling (yet), so every scraped sample is kept.
        scrape_samples_post_metric_relabeling: collected.samplesScraped,
        scrape_series_added: seriesAdded,
      },
      scrapeTimeMs,
    ),
  ];
  writes.push(...staleMarkers(previous, collected.stateKeys, scrapeTimeMs));
  // Nothing added and as many as before: the same set, and handing back the old one (not an equal new one) keeps
  // long-lived state from being copied into the old generation on every scrape.
  const unchanged = previous !== undefined && seriesAdded === 0 && previous.size === collected.stateKeys.size;
  const saved = unchanged ? previous : collected.stateKeys;
  await state.save(stateKey, saved, LOOKBACK_DELTA_MS + target.intervalMs);
  if (collected.plain) labeling.rememberStateKeys(saved);
  return {
    scrapeTimeMs,
    durationMs: collected.durationMs,
    up,
    ...(collected.error === undefined ? {} : { error: collected.error }),
    samplesScraped: collected.samplesScraped,
    samplesPostRelabeling: collected.samplesScraped,
    seriesAdded,
    writes,
    metadata: collected.metadata,
  };
}

/**
 * Staleness markers for a target that will not be scraped again (a removed board), as Prometheus writes them when
 * a scrape loop stops: for every series of its last scrape and for its synthetic series, so queries stop
 * showing it at once instead of after the lookback delta. Its state is emptied.
 */
export async function markTargetGone(target: ScrapeTarget, state: StalenessState, options: Pick<ScrapeOptions, "now" | "stateKey"> = {}): Promise<SeriesWrite[]> {
  const t = (options.now ?? Date.now)();
  const stateKey = options.stateKey ?? defaultStateKey(target);
  const previous = await state.load(stateKey);
  const synthetic = reportLabels(labelerOf(target)).map(({ labels }) => ({ labels, samples: [{ t, v: STALE_NAN }] }));
  await state.save(stateKey, new Set(), LOOKBACK_DELTA_MS + target.intervalMs);
  return [...staleMarkers(previous, new Set(), t), ...synthetic];
}

/** The staleness-state key of a target when the caller gives none: everything that identifies its series. */
export function defaultStateKey(target: ScrapeTarget): string {
  const labels = Object.entries(target.targetLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([target.job, target.instance, target.url, labels]);
}

function labelerOf(target: ScrapeTarget): SeriesLabeler {
  // Object spread: `job` and `instance` override any target label of the same name.
  return new SeriesLabeler({ ...target.targetLabels, job: target.job, instance: target.instance }, target.honorLabels);
}

// Series of the previous scrape missing from this one; those that carried their own timestamps are not tracked.
function staleMarkers(previous: Set<string> | undefined, current: Set<string>, t: number): SeriesWrite[] {
  const markers: SeriesWrite[] = [];
  if (previous === current) return markers;
  for (const key of previous ?? []) {
    if (key.startsWith(TIMESTAMPED) || current.has(key)) continue;
    markers.push({ labels: labelsFromKey(key), samples: [{ t, v: STALE_NAN }] });
  }
  return markers;
}

// A failed scrape keeps nothing, like Prometheus's empty append after a failure: the previous series all go
// stale now, and the next good scrape counts all of its series as added.
async function collect(target: ScrapeTarget, labeling: Labeling, limits: ParseLimits, scrapeTimeMs: number, signal: AbortSignal | undefined): Promise<Collected> {
  const started = performance.now();
  let durationMs = 0;
  try {
    const response = await fetchTarget(target.url, {
      headers: { ...scrapeRequestHeaders(target.timeoutMs / 1000), "User-Agent": `Boardwatch/${SCRAPER_VERSION}` },
      authorization: target.bearerToken === undefined ? undefined : `Bearer ${target.bearerToken}`,
      timeoutMs: target.timeoutMs,
      bodySizeLimit: limit(target.bodySizeLimitBytes) ?? Infinity,
      signal,
    });
    durationMs = performance.now() - started;
    const parsed = parseScrapeResponse(response, { ...limits, bodySizeLimit: limit(target.bodySizeLimitBytes) ?? Infinity, known: labeling.known });
    const labeled = labelSamples(parsed.samples, labeling, limits.labelLimit, scrapeTimeMs);
    return { durationMs, samplesScraped: parsed.samples.length, ...labeled, metadata: labeling.commit(parsed) };
  } catch (error) {
    const message = failureMessage(error);
    if (message === undefined) throw error;
    return {
      durationMs: durationMs || performance.now() - started,
      error: message,
      samplesScraped: 0,
      writes: [],
      stateKeys: new Set(),
      plain: false,
      metadata: [],
    };
  }
}

function labelSamples(samples: Sample[], labeling: Labeling, labelLimit: number | undefined, scrapeTimeMs: number): Pick<Collected, "writes" | "stateKeys" | "plain"> {
  const labeled = samples.map((sample) => labeling.label(sample));
  for (let i = 0; i < labeled.length; i++) {
    const { labelCount } = labeled[i] as LabeledSeries;
    // Checked after target labels were added, as Prometheus does; the parser already stopped absurd lines.
    if (labelLimit !== undefined && labelCount > labelLimit) {
      throw new ScrapeFailure(`label_limit exceeded (metric: ${(samples[i] as Sample).name}, number of labels: ${labelCount}, limit: ${labelLimit})`);
    }
  }
  // Series for series what the last plain scrape of the target exposed: its keys, duplicate-free, hold again.
  const repeated = labeling.repeatedStateKeys();
  if (repeated !== undefined && samples.every((sample) => sample.timestampMs === undefined)) {
    const writes = samples.map((sample, i) => ({ labels: (labeled[i] as LabeledSeries).labels, samples: [{ t: scrapeTimeMs, v: sample.value }] }));
    return { writes, stateKeys: repeated, plain: true };
  }
  const series = new Map<string, SeriesWrite>();
  const stateKeys = new Set<string>();
  let timestamped = false;
  samples.forEach((sample, i) => {
    const { key, labels } = labeled[i] as LabeledSeries;
    const t = sample.timestampMs ?? scrapeTimeMs;
    timestamped ||= sample.timestampMs !== undefined;
    const existing = series.get(key);
    if (existing === undefined) {
      series.set(key, { labels, samples: [{ t, v: sample.value }] });
      stateKeys.add(sample.timestampMs === undefined ? key : TIMESTAMPED + key);
    } else if (existing.samples.every((s) => s.t !== t)) {
      // A repeated series is kept only at a new timestamp; Prometheus drops duplicates for the same one.
      existing.samples.push({ t, v: sample.value });
    }
  });
  // A target exposing `up` itself must not write a second sample at our timestamp, nor have it marked stale.
  let synthetic = false;
  for (const { key } of labeling.report) {
    synthetic = series.delete(key) || synthetic;
    stateKeys.delete(key);
  }
  return { writes: [...series.values()], stateKeys, plain: !timestamped && !synthetic && series.size === samples.length };
}

function parseLimitsOf(target: ScrapeTarget): ParseLimits {
  return {
    sampleLimit: limit(target.sampleLimit),
    labelLimit: limit(target.labelLimit),
    labelNameLengthLimit: limit(target.labelNameLengthLimit),
    labelValueLengthLimit: limit(target.labelValueLengthLimit),
  };
}

function limit(value: number): number | undefined {
  return value > 0 ? value : undefined;
}

function failureMessage(error: unknown): string | undefined {
  if (error instanceof ScrapeFailure) return error.message;
  if (!(error instanceof ExpositionError)) return undefined;
  // Prometheus's exact words for the two limits operators alert on; the parser's own words otherwise.
  if (error.code === "sample-limit") return "sample limit exceeded";
  if (error.code === "body-size-limit") return "body size limit exceeded";
  return error.message;
}
