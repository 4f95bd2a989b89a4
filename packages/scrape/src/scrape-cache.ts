import type { LabeledSeries } from "./series-labels";

interface TargetSeries {
  /** The target labels and honor_labels setting the entries were labelled with. */
  labeling: string;
  /** By exposed series (name and labels as scraped, see exposedKey). */
  series: Map<string, LabeledSeries>;
}

export interface ScrapeCacheOptions {
  /** Series kept over all targets; the least recently scraped targets are dropped first. */
  maxSeries?: number;
}

/**
 * Prometheus's scrape cache: the final labels of each series a target exposed in its last scrape, so the next
 * scrape of the same target skips labelling, sorting and key building for series it saw before (most of them),
 * and hands out the same label objects and keys again. Optional because it costs memory, about 0.5 kB per
 * series; share one per worker process.
 */
export class ScrapeCache {
  private readonly targets = new Map<string, TargetSeries>();
  private readonly maxSeries: number;
  private size = 0;

  constructor(options: ScrapeCacheOptions = {}) {
    this.maxSeries = options.maxSeries ?? 200_000;
  }

  /** Removes and returns what the last scrape of `stateKey` saw, if it was labelled the same way. */
  take(stateKey: string, labeling: string): Map<string, LabeledSeries> | undefined {
    const entry = this.targets.get(stateKey);
    if (entry === undefined) return undefined;
    this.targets.delete(stateKey);
    this.size -= entry.series.size;
    return entry.labeling === labeling ? entry.series : undefined;
  }

  /** Keeps what this scrape of `stateKey` saw, evicting the least recently stored targets beyond the budget. */
  store(stateKey: string, labeling: string, series: Map<string, LabeledSeries>): void {
    this.take(stateKey, labeling);
    if (series.size > this.maxSeries) return;
    this.targets.set(stateKey, { labeling, series });
    this.size += series.size;
    for (const [key, entry] of this.targets) {
      if (this.size <= this.maxSeries) break;
      this.targets.delete(key);
      this.size -= entry.series.size;
    }
  }
}
