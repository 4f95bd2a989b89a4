import type { Labels } from "@boardwatch/exposition";
import { type LabeledSeries, type SeriesLabeler, exposedKey } from "./series-labels";

/** Labels the series of one scrape; `commit` keeps them for the target's next scrape. */
export interface Labeling {
  label(name: string, labels: Labels): LabeledSeries;
  commit(): void;
}

interface CachedSeries {
  /** The series as exposed, see exposedKey. */
  exposed: string;
  labeled: LabeledSeries;
}

interface TargetSeries {
  /** The target labels and honor_labels setting the entries were labelled with. */
  labeling: string;
  series: Map<string, CachedSeries>;
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

  /** Labels one scrape of `stateKey` with `labeler`, reusing what its last scrape saw if labelled the same way. */
  labeling(stateKey: string, labeler: SeriesLabeler): Labeling {
    const previous = this.take(stateKey, labeler.labeling);
    const seen: CachedSeries[] = [];
    let hits = 0;
    return {
      label: (name, labels) => {
        const exposed = exposedKey(name, labels);
        let entry = previous?.get(exposed);
        if (entry === undefined) entry = { exposed, labeled: labeler.label(name, labels) };
        else hits++;
        seen.push(entry);
        return entry.labeled;
      },
      commit: () => {
        // Everything seen was there before and nothing else was: keeping the old Map and key strings instead of
        // equal new ones spares the GC from promoting a fresh copy of every target's cache on every scrape.
        const unchanged = previous !== undefined && hits === seen.length && hits === previous.size;
        this.store(stateKey, labeler.labeling, unchanged ? previous : new Map(seen.map((entry) => [entry.exposed, entry])));
      },
    };
  }

  private take(stateKey: string, labeling: string): Map<string, CachedSeries> | undefined {
    const entry = this.targets.get(stateKey);
    if (entry === undefined) return undefined;
    this.targets.delete(stateKey);
    this.size -= entry.series.size;
    return entry.labeling === labeling ? entry.series : undefined;
  }

  private store(stateKey: string, labeling: string, series: Map<string, CachedSeries>): void {
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
