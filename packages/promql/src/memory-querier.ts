import { compileAnchoredRegex } from "./go-compat";
import { compareLabels, labelsKey, type Labels } from "./labels";
import type { LabelMatcher, Querier, SeriesSamples } from "./querier";

/** Whether a label set satisfies a matcher (absent labels match as the empty string). */
export function matchLabel(m: LabelMatcher, labels: Labels): boolean {
  const v = labels[m.name] ?? "";
  switch (m.type) {
    case "=":
      return v === m.value;
    case "!=":
      return v !== m.value;
    case "=~":
      return compileAnchoredRegex(m.value).test(v);
    case "!~":
      return !compileAnchoredRegex(m.value).test(v);
    default: {
      const _x: never = m.type;
      return _x;
    }
  }
}

interface StoredSeries {
  labels: Labels;
  timestamps: Float64Array;
  values: Float64Array;
}

/** An in-memory Querier for tests and tools; series are returned sorted by labels, like Prometheus's storage. */
export class MemoryQuerier implements Querier {
  private readonly series = new Map<string, { labels: Labels; chunks: SeriesSamples[] }>();
  private sorted: StoredSeries[] | undefined;

  /** Appends samples to a series (creating it when new); values keep their NaN bit patterns. */
  append(labels: Labels, timestamps: Float64Array, values: Float64Array): void {
    const key = labelsKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels: { ...labels }, chunks: [] };
      this.series.set(key, s);
    }
    s.chunks.push({ labels: s.labels, timestamps: timestamps.slice(), values: values.slice() });
    this.sorted = undefined;
  }

  /** Drops all series. */
  clear(): void {
    this.series.clear();
    this.sorted = undefined;
  }

  /** Series matching all matchers with their samples in [startMs, endMs]. */
  async select(matchers: LabelMatcher[], startMs: number, endMs: number): Promise<SeriesSamples[]> {
    const out: SeriesSamples[] = [];
    for (const s of this.all()) {
      if (!matchers.every((m) => matchLabel(m, s.labels))) continue;
      const ts = s.timestamps;
      let lo = 0;
      while (lo < ts.length && (ts[lo] as number) < startMs) lo++;
      let hi = lo;
      while (hi < ts.length && (ts[hi] as number) <= endMs) hi++;
      if (hi === lo) continue;
      out.push({ labels: s.labels, timestamps: ts.slice(lo, hi), values: s.values.slice(lo, hi) });
    }
    return out;
  }

  private all(): StoredSeries[] {
    if (!this.sorted) {
      this.sorted = [...this.series.values()].map((s) => mergeChunks(s.labels, s.chunks)).sort((a, b) => compareLabels(a.labels, b.labels));
    }
    return this.sorted;
  }
}

/** Concatenates chunks ordered by time; for equal timestamps the later append wins. Copies raw bits so stale markers survive. */
function mergeChunks(labels: Labels, chunks: SeriesSamples[]): StoredSeries {
  const n = chunks.reduce((a, c) => a + c.timestamps.length, 0);
  const t = new Float64Array(n);
  const bits = new BigUint64Array(n);
  let k = 0;
  for (const c of chunks) {
    t.set(c.timestamps, k);
    bits.set(new BigUint64Array(c.values.buffer, c.values.byteOffset, c.values.length), k);
    k += c.timestamps.length;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (t[a] as number) - (t[b] as number) || a - b);
  const outT: number[] = [];
  const outBits: bigint[] = [];
  for (const i of order) {
    if (outT.length > 0 && outT[outT.length - 1] === t[i]) {
      outBits[outBits.length - 1] = bits[i] as bigint;
      continue;
    }
    outT.push(t[i] as number);
    outBits.push(bits[i] as bigint);
  }
  const values = new Float64Array(BigUint64Array.from(outBits).buffer);
  return { labels, timestamps: Float64Array.from(outT), values };
}
