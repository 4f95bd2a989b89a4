import { parseScrapeResponse, type Labels, type RemoteWriteSeries, type WriteRequest } from "@boardwatch/exposition";
import type { MetricFamily } from "../metrics/types";
import { fetchRelay, type Relay } from "../server/relay";

/** A scraped sample before target labels: what both the registry and a relay's exposition yield. */
export interface ScrapedSample {
  name: string;
  labels: Labels;
  value: number;
  timestampMs?: number;
}

/** One job the agent scrapes in push mode. */
export interface ScrapeTarget {
  job: string;
  scrape(): Promise<ScrapedSample[]>;
}

export function selfTarget(job: string, collect: () => Promise<MetricFamily[]>): ScrapeTarget {
  return {
    job,
    scrape: async () => (await collect()).flatMap((f) => f.samples.map((s) => ({ name: f.name, labels: s.labels, value: s.value }))),
  };
}

export function relayTarget(relay: Relay, options: { timeoutMs: number; maxBytes: number }): ScrapeTarget {
  return {
    job: relay.job,
    async scrape() {
      const response = await fetchRelay(relay, { ...options, accept: "text/plain;version=0.0.4" });
      return parseScrapeResponse(
        { body: response.body, contentType: response.contentType, contentEncoding: undefined },
        { bodySizeLimit: options.maxBytes },
      ).samples;
    },
  };
}

/**
 * Scrapes every target and shapes the result as Prometheus would store it: `job` and `instance` target
 * labels (clashing scraped labels renamed `exported_*`, i.e. honor_labels false), the scrape time for
 * samples without their own, and the synthetic `up`, `scrape_duration_seconds` and `scrape_samples_scraped`
 * per job, so a failing relay is visible as `up 0`.
 */
export async function scrapeBatch(
  targets: readonly ScrapeTarget[],
  options: { instance: string; timestampMs: number; onError?: (job: string, error: unknown) => void },
): Promise<WriteRequest> {
  const results = await Promise.all(
    targets.map(async (target) => {
      const start = performance.now();
      try {
        const samples = await target.scrape();
        return { target, samples, up: 1, seconds: (performance.now() - start) / 1000 };
      } catch (error) {
        options.onError?.(target.job, error);
        return { target, samples: [] as ScrapedSample[], up: 0, seconds: (performance.now() - start) / 1000 };
      }
    }),
  );
  const timeseries: RemoteWriteSeries[] = [];
  for (const { target, samples, up, seconds } of results) {
    const targetLabels: Labels = [["job", target.job], ["instance", options.instance]];
    const series = (name: string, labels: Labels, value: number, timestampMs = options.timestampMs): RemoteWriteSeries => ({
      labels: [["__name__", name], ...targetLabels, ...labels.map(([n, v]) => [n === "job" || n === "instance" ? `exported_${n}` : n, v] as const)],
      samples: [{ value, timestampMs }],
    });
    for (const s of samples) timeseries.push(series(s.name, s.labels, s.value, s.timestampMs));
    timeseries.push(series("up", [], up), series("scrape_duration_seconds", [], seconds), series("scrape_samples_scraped", [], samples.length));
  }
  return { timeseries, metadata: [] };
}
