import { Buffer } from "node:buffer";
import type { ExposedComment, ExposedSeries, KnownExposition, MetricMetadata, ParseLimits, ParseResult, Sample } from "@boardwatch/exposition";
import type { MetricMetadata as StoredMetadata } from "@boardwatch/tsdb";
import { reportLabels } from "./report-series";
import type { LabeledSeries, SeriesLabeler } from "./series-labels";

/** Labels the series of one scrape of a target; `commit` keeps what it learnt for the target's next scrape. */
export interface Labeling {
  /** What the target's last scrape exposed, for the parser to skip what repeats. */
  readonly known: KnownExposition | undefined;
  /** The labels of the target's synthetic series (`up`, ...), see reportLabels. */
  readonly report: LabeledSeries[];
  label(sample: Sample): LabeledSeries;
  /**
   * The staleness keys remembered from the target's last scrape, when every series labelled so far repeated
   * that scrape's series at the same position and it had as many: then they hold for this scrape too.
   */
  repeatedStateKeys(): Set<string> | undefined;
  /** Remembers the staleness keys saved for a scrape of one plain sample per series, see repeatedStateKeys. */
  rememberStateKeys(keys: Set<string>): void;
  /**
   * Keeps what this scrape exposed and returns the metadata it declared, for the sample store: the very array
   * of the last scrape when the target declared the same, so the store can tell without comparing.
   */
  commit(parsed: ParseResult): StoredMetadata[];
}

/** Labelling without a cache: every series is labelled afresh. */
export function uncachedLabeling(labeler: SeriesLabeler): Labeling {
  return {
    known: undefined,
    report: reportLabels(labeler),
    label: (sample) => labeler.label(sample.name, sample.labels),
    repeatedStateKeys: () => undefined,
    rememberStateKeys: () => undefined,
    commit: (parsed) => declaredMetadata(parsed.metadata),
  };
}

function declaredMetadata(metadata: ReadonlyMap<string, MetricMetadata>): StoredMetadata[] {
  return [...metadata].map(([metric, m]) => ({ metric, type: m.type, help: m.help ?? "", unit: m.unit ?? "" }));
}

interface CachedSeries extends ExposedSeries {
  labeled: LabeledSeries;
}

interface TargetSeries {
  /** How the entries were made: target labels, honor_labels and parse limits; equal strings, equal entries. */
  identity: string;
  /** The series of the last scrape in its order. */
  series: CachedSeries[];
  comments: readonly ExposedComment[];
  metadata: ReadonlyMap<string, MetricMetadata>;
  declared: StoredMetadata[];
  report: LabeledSeries[];
  /** The staleness keys saved after the last scrape, if it was plain (see Labeling.rememberStateKeys). */
  stateKeys: Set<string> | undefined;
}

export interface ScrapeCacheOptions {
  /** Series kept over all targets; the least recently scraped targets are dropped first. */
  maxSeries?: number;
}

/**
 * Prometheus's scrape cache: for each target, the series of its last scrape with the exact text it exposed
 * them with, and their final labels. The next scrape then neither parses nor labels the series it saw before
 * (most of them), and hands out the same label objects and keys again, which the sample store's own cache
 * keys on. Optional because it costs memory, about 0.5 kB per series; share one per worker process.
 */
export class ScrapeCache {
  private readonly targets = new Map<string, TargetSeries>();
  private readonly maxSeries: number;
  private size = 0;

  constructor(options: ScrapeCacheOptions = {}) {
    this.maxSeries = options.maxSeries ?? 200_000;
  }

  /** Labels one scrape of `stateKey` with `labeler`, reusing what its last scrape saw if made the same way. */
  labeling(stateKey: string, labeler: SeriesLabeler, limits: ParseLimits): Labeling {
    const identity = JSON.stringify([labeler.labeling, limits.labelLimit, limits.labelNameLengthLimit, limits.labelValueLengthLimit]);
    let target = this.targets.get(stateKey);
    if (target?.identity !== identity) {
      if (target !== undefined) this.drop(stateKey, target);
      target = { identity, series: [], comments: [], metadata: new Map(), declared: [], report: reportLabels(labeler), stateKeys: undefined };
      // Kept even if this scrape fails: a target that is down still reports `up` with the same labels.
      this.targets.set(stateKey, target);
    }
    const previous = target.series;
    const known: KnownExposition = { series: previous, comments: target.comments, metadata: target.metadata };
    let position = 0;
    // Undefined as long as this scrape repeats the previous one series for series.
    let next: CachedSeries[] | undefined;
    let byText: Map<string, CachedSeries> | undefined;
    return {
      known,
      report: target.report,
      label: (sample) => {
        const at = position++;
        const text = sample.series;
        const expected = previous[at];
        // The parser hands out the known text itself when it matched, so this is one pointer comparison.
        if (expected !== undefined && expected.series === text) {
          next?.push(expected);
          return expected.labeled;
        }
        if (text === undefined) return labeler.label(sample.name, sample.labels);
        next ??= previous.slice(0, at);
        byText ??= new Map(previous.map((entry) => [entry.series, entry]));
        let entry = byText.get(text);
        if (entry === undefined) {
          // Kept for long: copies, not slices that would keep the whole scrape body alive.
          const name = detached(sample.name);
          const labels = sample.labels.map(([labelName, value]) => [detached(labelName), detached(value)] as const);
          entry = { series: detached(text), name, labels, labeled: labeler.label(name, labels) };
        }
        next.push(entry);
        return entry.labeled;
      },
      repeatedStateKeys: () => (next === undefined && position === previous.length ? target.stateKeys : undefined),
      rememberStateKeys: (keys) => {
        target.stateKeys = keys;
      },
      commit: (parsed) => {
        if (parsed.metadata !== known.metadata) {
          target.metadata = detachedMetadata(parsed.metadata);
          target.declared = declaredMetadata(target.metadata);
        }
        const comments = parsed.comments ?? [];
        if (comments.some((comment, i) => comment !== known.comments[i]) || comments.length !== known.comments.length) {
          target.comments = comments.map((comment, i) => (comment === known.comments[i] ? comment : detachedComment(comment)));
        }
        // Keeping the previous array when nothing changed, rather than an equal copy, spares the GC from
        // promoting a fresh copy of every target's cache on every scrape.
        const series = next ?? (previous.length === position ? previous : previous.slice(0, position));
        const before = this.targets.get(stateKey) === target ? previous.length : 0;
        this.targets.delete(stateKey);
        target.series = series;
        this.size += series.length - before;
        if (series.length > this.maxSeries) {
          this.size -= series.length;
          return target.declared;
        }
        this.targets.set(stateKey, target);
        // Map order is insertion order: the first targets are the least recently scraped.
        for (const [key, entry] of this.targets) {
          if (this.size <= this.maxSeries) break;
          this.drop(key, entry);
        }
        return target.declared;
      },
    };
  }

  private drop(stateKey: string, target: TargetSeries): void {
    this.targets.delete(stateKey);
    this.size -= target.series.length;
  }
}

function detached(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

function detachedComment({ line, family, type, help }: ExposedComment): ExposedComment {
  return {
    line: detached(line),
    ...(family === undefined ? {} : { family: detached(family) }),
    ...(type === undefined ? {} : { type }),
    ...(help === undefined ? {} : { help: detached(help) }),
  };
}

function detachedMetadata(metadata: ReadonlyMap<string, MetricMetadata>): Map<string, MetricMetadata> {
  const copy = (text: string | undefined) => (text === undefined ? undefined : detached(text));
  return new Map([...metadata].map(([family, m]) => [detached(family), { type: m.type, help: copy(m.help), unit: copy(m.unit) }]));
}
