import type { Labels } from "@boardwatch/exposition";
import { type LabeledSeries, type SeriesLabeler, exposedKey } from "./series-labels";

/** Labels the series of one scrape; `commit` keeps them for the target's next scrape. */
export interface Labeling {
  label(name: string, labels: Labels): LabeledSeries;
  commit(): void;
}

interface CachedSeries {
  /** The series as the target exposed it when it was labelled. */
  name: string;
  labels: Labels;
  labeled: LabeledSeries;
}

interface TargetSeries {
  /** The target labels and honor_labels setting the entries were labelled with. */
  labeling: string;
  /** In the order of the last scrape. */
  series: CachedSeries[];
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
    // Exporters print their series in the same order every time, so the series at the same position is checked
    // first with a few string comparisons; building and hashing a key for every series cost twice as much.
    let position = 0;
    // Undefined as long as this scrape repeats the previous one series for series.
    let next: CachedSeries[] | undefined;
    let byExposedKey: Map<string, CachedSeries> | undefined;
    return {
      label: (name, labels) => {
        const at = position++;
        const expected = previous?.[at];
        if (expected !== undefined && expected.name === name && sameLabels(expected.labels, labels)) {
          next?.push(expected);
          return expected.labeled;
        }
        next ??= previous?.slice(0, at) ?? [];
        byExposedKey ??= new Map(previous?.map((entry) => [exposedKey(entry.name, entry.labels), entry]));
        const entry = byExposedKey.get(exposedKey(name, labels)) ?? { name, labels, labeled: labeler.label(name, labels) };
        next.push(entry);
        return entry.labeled;
      },
      commit: () => {
        // Keeping the previous array when nothing changed, rather than an equal copy, spares the GC from
        // promoting a fresh copy of every target's cache on every scrape.
        const series = next ?? (previous !== undefined && previous.length === position ? previous : (previous?.slice(0, position) ?? []));
        this.store(stateKey, labeler.labeling, series);
      },
    };
  }

  private take(stateKey: string, labeling: string): CachedSeries[] | undefined {
    const entry = this.targets.get(stateKey);
    if (entry === undefined) return undefined;
    this.targets.delete(stateKey);
    this.size -= entry.series.length;
    return entry.labeling === labeling ? entry.series : undefined;
  }

  private store(stateKey: string, labeling: string, series: CachedSeries[]): void {
    this.take(stateKey, labeling);
    if (series.length > this.maxSeries) return;
    this.targets.set(stateKey, { labeling, series });
    this.size += series.length;
    for (const [key, entry] of this.targets) {
      if (this.size <= this.maxSeries) break;
      this.targets.delete(key);
      this.size -= entry.series.length;
    }
  }
}

function sameLabels(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Labels[number];
    const y = b[i] as Labels[number];
    if (x[0] !== y[0] || x[1] !== y[1]) return false;
  }
  return true;
}
