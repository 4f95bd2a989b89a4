import type { Labels } from "@boardwatch/exposition";

type Pair = readonly [name: string, value: string];

/** A scraped series after target labels were applied: the labels to store and their canonical key. */
export interface LabeledSeries {
  /** Sorted label pairs joined by a separator no label can contain: equal label sets, equal keys. */
  key: string;
  labels: Record<string, string>;
  /** Number of labels, `__name__` included, as `label_limit` counts them. */
  labelCount: number;
}

// A lone surrogate cannot occur in the strings the exposition parser returns (it rejects them), so it cannot
// occur inside a name or value either and the key splits back into the exact pairs.
const SEPARATOR = "\uD800";
const EXPORTED_PREFIX = "exported_";

/**
 * Applies a target's labels to scraped series the way Prometheus's mutateSampleLabels does: with
 * `honor_labels` the scraped value wins; without it the target value wins and a clashing non-empty scraped
 * label is kept as `exported_<name>` (more `exported_` prefixes while that name is taken). Empty values then
 * mean "no label", as everywhere in Prometheus.
 */
export class SeriesLabeler {
  private readonly targetPairs: readonly Pair[];
  /** Identifies how this labeler labels: equal strings, equal results for the same scraped series. */
  readonly labeling: string;

  constructor(
    targetLabels: Record<string, string>,
    private readonly honorLabels: boolean,
  ) {
    this.targetPairs = Object.entries(targetLabels);
    this.labeling = JSON.stringify([honorLabels, this.targetPairs]);
  }

  /** The final labels and key of one scraped series. */
  label(name: string, scraped: Labels): LabeledSeries {
    const pairs: Pair[] = [["__name__", name], ...scraped];
    if (this.honorLabels) {
      for (const pair of this.targetPairs) {
        if (indexOfName(pairs, pair[0]) === -1) pairs.push(pair);
      }
    } else {
      let conflicts: Pair[] | undefined;
      for (const pair of this.targetPairs) {
        const at = indexOfName(pairs, pair[0]);
        if (at === -1) {
          pairs.push(pair);
        } else {
          const clash = pairs[at] as Pair;
          if (clash[1] !== "") (conflicts ??= []).push(clash);
          pairs[at] = pair;
        }
      }
      if (conflicts !== undefined) this.exportConflicts(pairs, conflicts);
    }
    sortByName(pairs);
    let key = "";
    let labelCount = 0;
    const labels: Record<string, string> = {};
    for (const [labelName, value] of pairs) {
      if (value === "") continue;
      key += labelCount === 0 ? `${labelName}${SEPARATOR}${value}` : `${SEPARATOR}${labelName}${SEPARATOR}${value}`;
      labels[labelName] = value;
      labelCount++;
    }
    return { key, labels, labelCount };
  }

  // Prometheus 2.42's resolveConflictingExposedLabels: shortest names first, each takes the first
  // `exported_...` name without a non-empty value among the labels built so far.
  private exportConflicts(pairs: Pair[], conflicts: Pair[]): void {
    conflicts.sort((a, b) => a[0].length - b[0].length);
    for (const [labelName, value] of conflicts) {
      let exported = EXPORTED_PREFIX + labelName;
      let at = indexOfName(pairs, exported);
      while (at !== -1 && (pairs[at] as Pair)[1] !== "") {
        exported = EXPORTED_PREFIX + exported;
        at = indexOfName(pairs, exported);
      }
      if (at === -1) pairs.push([exported, value]);
      else pairs[at] = [exported, value];
    }
  }
}

/** The labels a series key was made from, to write a staleness marker for a series no longer scraped. */
export function labelsFromKey(key: string): Record<string, string> {
  const parts = key.split(SEPARATOR);
  const labels: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) labels[parts[i] as string] = parts[i + 1] as string;
  return labels;
}

function indexOfName(pairs: readonly Pair[], name: string): number {
  for (let i = 0; i < pairs.length; i++) if ((pairs[i] as Pair)[0] === name) return i;
  return -1;
}

// Insertion sort: label sets are short and usually sorted already, where Array#sort would allocate and call
// a comparator per element.
function sortByName(pairs: Pair[]): void {
  for (let i = 1; i < pairs.length; i++) {
    const pair = pairs[i] as Pair;
    let j = i - 1;
    while (j >= 0 && (pairs[j] as Pair)[0] > pair[0]) {
      pairs[j + 1] = pairs[j] as Pair;
      j--;
    }
    pairs[j + 1] = pair;
  }
}
