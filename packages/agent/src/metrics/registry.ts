import { AGENT_VERSION } from "../version";
import { family, type Collector, type MetricFamily } from "./types";

/**
 * Runs collectors concurrently and adds the agent's own metrics, in the spirit of node_exporter's
 * `node_scrape_collector_*`: a failing collector costs its own families only and shows up as
 * `boardwatch_agent_collector_success 0` plus a counted error, never as a failed scrape.
 */
export class Registry {
  readonly #collectors: readonly Collector[];
  readonly #errors = new Map<string, number>();
  readonly #onError: (collector: string, error: unknown) => void;

  constructor(collectors: readonly Collector[], onError: (collector: string, error: unknown) => void = () => {}) {
    this.#collectors = collectors;
    this.#onError = onError;
    for (const c of collectors) this.#errors.set(c.name, 0);
  }

  async collect(): Promise<MetricFamily[]> {
    const duration = family("boardwatch_agent_collector_duration_seconds", "Duration of a collector scrape.", "gauge");
    const success = family("boardwatch_agent_collector_success", "Whether a collector succeeded.", "gauge");
    const errors = family("boardwatch_agent_collector_errors_total", "Collector scrapes that failed.", "counter");
    const results = await Promise.all(
      this.#collectors.map(async (c) => {
        const start = performance.now();
        let families: MetricFamily[] = [];
        let ok = true;
        try {
          families = await c.collect();
        } catch (error) {
          ok = false;
          this.#errors.set(c.name, (this.#errors.get(c.name) ?? 0) + 1);
          this.#onError(c.name, error);
        }
        return { families, seconds: (performance.now() - start) / 1000, ok };
      }),
    );
    // Filled after all settle so the series keep the collectors' order rather than their finishing order.
    results.forEach(({ seconds, ok }, i) => {
      const name = this.#collectors[i]?.name ?? "";
      const labels = [["collector", name]] as const;
      duration.samples.push({ labels, value: seconds });
      success.samples.push({ labels, value: ok ? 1 : 0 });
      errors.samples.push({ labels, value: this.#errors.get(name) ?? 0 });
    });
    const buildInfo = family("boardwatch_agent_build_info", "Boardwatch agent version and the Node.js running it.", "gauge", [
      { labels: [["version", AGENT_VERSION], ["nodejs", process.versions.node]], value: 1 },
    ]);
    return [...results.flatMap((r) => r.families), buildInfo, duration, success, errors];
  }
}
