import { LATE_AFTER_MS } from "./layout";
import { concatSlices, lowerBound, type SamplePart } from "./sample-parts";
import type { Labels } from "./types";

/*
 * Settled raw samples, cached by readers on the plain path (what Prometheus keeps in its in-memory head block).
 *
 * A write holding samples older than LATE_AFTER_MS (by the writer's clock, checked after it was stored) is late,
 * and every late write moves its tenant's read generation on; retention moves every tenant's on when it deletes
 * raw samples. So the raw samples of a range that ended more than LATE_AFTER_MS ago (plus a margin for clocks of
 * different hosts) can only change along with the generation: a reader that saw them at one generation may keep
 * them for as long as the generation holds, and read from Postgres only the rest of each query's range.
 */

/** Allowed difference between the clocks of a reader and of the writers. */
export const CLOCK_MARGIN_MS = 60_000;
/** The end of the settled raw samples at `nowMs`, on whole minutes: cache entries grow once a minute at most. */
export const settledBefore = (nowMs: number): number => Math.floor((nowMs - LATE_AFTER_MS - CLOCK_MARGIN_MS) / 60_000) * 60_000;
/** How much a cache entry keeps before its end: raw samples older than this are packed by then and read as blocks. */
const KEEP_MS = 2 * 3600_000;

/** The generation of every tenant at once (retention). */
export const ALL_TENANTS = "";
/** Moves a tenant's read generation on (`$1`: tenant id, or ALL_TENANTS). */
export const BUMP_GENERATION_SQL = `insert into tsdb.read_generation (tenant_id, generation) values ($1, 1)
  on conflict (tenant_id) do update set generation = tsdb.read_generation.generation + 1`;

export interface RawSeries {
  labels: Labels;
  timestamps: Float64Array;
  values: Float64Array;
}

/** The raw samples in [from, to] of every series one selector matched (series without any are left out), read at `generation`. */
export interface SettledRaw {
  generation: string;
  from: number;
  to: number;
  series: Map<string, RawSeries>;
  samples: number;
}

/** The samples with lo <= t <= hi of a part in time order, as views. */
export function clip(part: { timestamps: Float64Array; values: Float64Array }, lo: number, hi: number): SamplePart {
  const from = lowerBound(part.timestamps, lo);
  const to = lowerBound(part.timestamps, hi + 1);
  return { lo: null, timestamps: part.timestamps.subarray(from, to), values: part.values.subarray(from, to), sorted: true };
}

/** The samples of a part in time order outside the given ranges [lo, hi) (sorted, not overlapping), as views. */
export function outside(part: SamplePart, ranges: Array<[number, number]>): SamplePart[] {
  const pieces: SamplePart[] = [];
  let from = 0;
  for (const [lo, hi] of ranges) {
    const a = lowerBound(part.timestamps, lo);
    if (a > from) pieces.push({ lo: null, timestamps: part.timestamps.subarray(from, a), values: part.values.subarray(from, a), sorted: true });
    from = Math.max(from, lowerBound(part.timestamps, hi));
  }
  if (from < part.timestamps.length) pieces.push({ lo: null, timestamps: part.timestamps.subarray(from), values: part.values.subarray(from), sorted: true });
  return pieces;
}

/**
 * The entry after a read of [start, end] at `generation` whose raw samples from Postgres (`read`, by series id,
 * in time order) are the range outside the entry's [from, to] when `entry` is of the same generation, all of it
 * otherwise.
 * Undefined when nothing is settled in the range.
 */
export function nextSettled(
  entry: SettledRaw | undefined,
  generation: string,
  read: Map<string, RawSeries>,
  start: number,
  end: number,
  settled: number,
): SettledRaw | undefined {
  // Coverage must stay one interval: a read apart from the entry (all of it from Postgres) starts a new one.
  const valid = entry !== undefined && entry.generation === generation && start <= entry.to + 1 && end >= entry.from - 1;
  const to = valid ? Math.max(entry.to, Math.min(settled, end)) : Math.min(settled, end);
  const from = Math.max(valid ? Math.min(entry.from, start) : start, to - KEEP_MS);
  if (to < from) return undefined;
  if (valid && to === entry.to && from === entry.from) return entry;
  const series = new Map<string, RawSeries>();
  let samples = 0;
  const keep = (id: string, labels: Labels, parts: SamplePart[]): void => {
    const joined = parts.length === 1 ? (parts[0] as SamplePart) : concatSlices(parts.map((p) => ({ p, from: 0, to: p.timestamps.length })));
    if (!joined.timestamps.length) return;
    series.set(id, { labels, timestamps: joined.timestamps, values: joined.values });
    samples += joined.timestamps.length;
  };
  if (valid) {
    for (const [id, cached] of entry.series) {
      const fresh = read.get(id);
      const before = fresh ? [clip(fresh, from, Math.min(to, entry.from - 1))] : [];
      const after = fresh ? [clip(fresh, Math.max(from, entry.to + 1), to)] : [];
      keep(id, cached.labels, [...before, clip(cached, from, to), ...after]);
    }
    for (const [id, fresh] of read) if (!entry.series.has(id)) keep(id, fresh.labels, [clip(fresh, from, to)]);
  } else {
    for (const [id, fresh] of read) keep(id, fresh.labels, [clip(fresh, from, to)]);
  }
  return { generation, from, to, series, samples };
}
