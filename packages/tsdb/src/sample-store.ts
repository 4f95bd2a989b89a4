import type pg from "pg";
import { appendSamples, emptyRows, type SampleRows } from "./binary-copy";
import { listedBlocks } from "./block-cache";
import { decodeFloat8Array, decodeInt8Array } from "./decode-arrays";
import { LATE_AFTER_MS, PARTITION_MS, ROLLUP_MS } from "./layout";
import { LruCache } from "./lru-cache";
import { MetadataStore } from "./metadata";
import { checkLabels, DEFAULT_LIMITS, LimitError, limitMessage, type LimitName, type TenantLimits } from "./limits";
import { maintenanceTick, tryWithMaintenanceLock, withMaintenanceLock, type MaintenanceReport } from "./maintenance";
import { ensurePartitions, listPartitionStarts, partitionStart } from "./partitions";
import { NO_PARTITION, sqlState } from "./pg-errors";
import { recordLateWrite } from "./plain-rollups";
import { TokenBucketLimiter, type RateLimiter } from "./rate-limiter";
import { blocksQuery, labelNamesQuery, labelValuesQuery, overTimeQuery, selectSamplesQuery, seriesQuery } from "./read-queries";
import { RollupReader } from "./rollup-reader";
import { inTimeOrder, mergeParts, type SamplePart } from "./sample-parts";
import { clip, nextSettled, outside, type RawSeries, settledBefore, type SettledRaw } from "./settled-samples";
import { applyRetention, type RetentionPolicy, type RetentionReport } from "./retention";
import { runQuery } from "./run-query";
import { SeriesCatalogue, type SeriesRef } from "./series-catalogue";
import { GroupCommit, insertSamples, isDuplicate, SampleCopy, storeSamples, type StoreResult, type WriteMode } from "./store-samples";
import type {
  Backend,
  LabelMatcher,
  Labels,
  MetricMetadata,
  OverTimeFunction,
  OverTimeSeries,
  Querier,
  RollupResolution,
  Rollups,
  SampleGrid,
  SeriesPoint,
  SeriesSamples,
  SeriesWrite,
  WriteResult,
} from "./types";
import { tenantUsage, type TenantUsage } from "./usage";

export interface SampleStoreOptions {
  log?: (msg: string) => void;
  /** Limits of a tenant (e.g. from its plan); defaults to Mimir's defaults for everyone. */
  limits?: (tenantId: string) => TenantLimits | Promise<TenantLimits>;
  /** Shared limiter for multi-process deployments; defaults to an in-process token bucket. */
  rateLimiter?: RateLimiter;
  /** Series ids cached per process. */
  seriesCacheSize?: number;
  /**
   * Samples of packed blocks (one series' closed partition each) kept decoded per process for reads, 16 bytes
   * each: 8M by default, 128 MB. Blocks only change when late samples are packed into them, so dashboards
   * re-reading a day read its packed part from memory (like Mimir's chunks cache).
   */
  blockCacheSamples?: number;
  /**
   * Settled raw samples (see settled-samples.ts) kept per process and selector for reads on the plain path, 16
   * bytes each: 4M by default, 64 MB. A dashboard refreshing a panel then reads from Postgres only the raw
   * samples of the last minutes, as Prometheus serves its head block from memory. 0 turns it off.
   */
  settledCacheSamples?: number;
  /** Rollup buckets of packed blocks kept decoded per process (plain path), 80 bytes each: 1M by default, 80 MB. */
  rollupCacheBuckets?: number;
  /** How far `series.last_seen` may trail the newest sample before a write moves it (bounds catalogue updates). */
  touchIntervalMs?: number;
  /** A series is active while it had a sample within this window. */
  activeWindowMs?: number;
  /** The clock (ms); tests inject one. */
  now?: () => number;
}

/** A packed block's key in the block cache. */
const blockKey = (id: string, lo: string): string => `${id}:${lo}`;

interface CachedBlock {
  version: string;
  timestamps: Float64Array;
  values: Float64Array;
}

interface SelectRow {
  /** The tenant's read generation, on every row. */
  generation: string;
  /** Null on the one row of a read that matched no series. */
  id: string | null;
  /** On a series' first row (the plain path's rows of samples and blocks after it carry none). */
  labels: Labels;
  /** A row of raw samples. */
  ts: string | null;
  vs: string | null;
  /** A row listing blocks: their partition starts and versions. */
  los: string[] | null;
  versions: string[] | null;
}

interface Prepared {
  refs: SeriesRef[];
  samples: SeriesWrite["samples"][];
  rejected: Map<LimitName, number>;
  rejectedSamples: number;
  total: number;
  minT: number;
  maxT: number;
  /** Plain path: starts of the partitions the samples fall in. */
  partitions: Set<number>;
}

/** Rows per statement on PGlite, keeping each protocol message well under its ~64 kB limit (24 B/row + headers). */
const PGLITE_MAX_ROWS = 1000;
/** Series looked up between two COPY chunks sent to the server. */
const STREAM_SERIES = 1024;
/** Writes up to this many samples go through group commit; larger ones stream their own COPY. */
const GROUP_WRITE_MAX_ROWS = 8192;
/** COPYs group commit runs at once (the server ingests one group while the next gathers), and rows per group. */
const GROUP_COPIES = 2;
const GROUP_MAX_ROWS = 65_536;
/** Series per catalogue statement elsewhere: bounds statement size and lock footprint. */
const MAX_SERIES_PER_STATEMENT = 5000;
/** Series per catalogue statement on PGlite (labels JSON dominates the message). */
const PGLITE_MAX_SERIES = 200;

/** Drops empty-valued labels, which Prometheus treats as absent (copying only when there is one). */
function cleanLabels(labels: Labels): Labels {
  let empty = false;
  for (const k in labels) if (labels[k] === "") empty = true;
  if (!empty) return labels;
  const out: Labels = {};
  for (const k in labels) if (labels[k] !== "") out[k] = labels[k] as string;
  return out;
}

/** The sample store: series catalogue, exactly-once batched writes, reads for the PromQL engine, upkeep. One per process. */
export class SampleStore {
  private readonly catalogue: SeriesCatalogue;
  private readonly log: (msg: string) => void;
  private readonly limitsOf: (tenantId: string) => TenantLimits | Promise<TenantLimits>;
  private readonly limiter: RateLimiter;
  private readonly now: () => number;
  private readonly touchMs: number;
  private readonly activeWindowMs: number;
  private partitions = new Set<number>();
  /** Shared COPYs for small writes (binary COPY mode only). */
  private readonly group: GroupCommit | undefined;
  private readonly metadataStore: MetadataStore;
  /** Decoded packed blocks by `series id:partition start`, with the version they were read at. */
  private readonly blocks: LruCache<string, CachedBlock>;
  /** Rollup buckets (5m or 1h) of a tenant's series, read as the engine reads them (RollupReader.read). */
  readonly rollups: RollupReader;
  /** Settled raw samples by tenant and selector. */
  private readonly settled: LruCache<string, SettledRaw> | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    /** Which storage path this database uses; reported on /metrics. */
    readonly backend: Backend,
    private readonly writeMode: WriteMode,
    /** Plain path: the width of this database's partitions. */
    private readonly partitionMs: number,
    opts: SampleStoreOptions,
  ) {
    this.log = opts.log ?? (() => undefined);
    this.limitsOf = opts.limits ?? (() => DEFAULT_LIMITS);
    this.limiter = opts.rateLimiter ?? new TokenBucketLimiter();
    this.now = opts.now ?? Date.now;
    this.touchMs = opts.touchIntervalMs ?? 10 * 60_000;
    this.activeWindowMs = opts.activeWindowMs ?? 3600_000;
    this.group = writeMode.kind === "copy" ? new GroupCommit(pool, GROUP_COPIES, GROUP_MAX_ROWS) : undefined;
    this.blocks = new LruCache(opts.blockCacheSamples ?? 8_000_000, (block) => block.timestamps.length);
    this.rollups = new RollupReader(pool, backend === "postgres", this.touchMs, opts.rollupCacheBuckets ?? 1_000_000);
    const settled = opts.settledCacheSamples ?? 4_000_000;
    this.settled = settled > 0 ? new LruCache(settled, (entry) => entry.samples + 1) : undefined;
    this.metadataStore = new MetadataStore(pool);
    this.catalogue = new SeriesCatalogue(
      pool,
      opts.seriesCacheSize ?? 1_000_000,
      this.touchMs,
      this.activeWindowMs,
      writeMode.kind === "insert" ? PGLITE_MAX_SERIES : MAX_SERIES_PER_STATEMENT,
    );
  }

  /** Opens the store on a migrated database, detecting (and logging) the TimescaleDB or plain PostgreSQL path. */
  static async open(pool: pg.Pool, opts: SampleStoreOptions = {}): Promise<SampleStore> {
    const { rows } = await pool
      .query<{ value: Backend }>("select value from tsdb.meta where key = 'backend'")
      .catch((err: unknown) => {
        throw new Error(`sample store not migrated (run migrateSampleStore / npm run db:migrate): ${(err as Error).message}`);
      });
    const backend = rows[0]?.value;
    if (!backend) throw new Error("sample store not migrated (run migrateSampleStore / npm run db:migrate)");
    // PGlite (WASM) behind pglite-socket has no COPY FROM STDIN and breaks on protocol messages over ~64 kB.
    const version = await pool.query<{ v: string }>("select version() as v");
    const pglite = /emscripten/i.test(version.rows[0]?.v ?? "");
    const writeMode: WriteMode = pglite ? { kind: "insert", maxRows: PGLITE_MAX_ROWS } : { kind: "copy" };
    const width = await pool.query<{ value: string }>("select value from tsdb.meta where key = 'partition_ms'");
    const store = new SampleStore(pool, backend, writeMode, Number(width.rows[0]?.value ?? PARTITION_MS), opts);
    // An idle pooled connection dies when Postgres restarts or an admin terminates it; pg then emits 'error'
    // on the pool, which would crash the process without a listener. The pool replaces the connection.
    pool.on("error", (error) => store.log(`tsdb: idle connection lost: ${error.message}`));
    if (backend === "postgres") store.partitions = await listPartitionStarts(pool);
    store.log(
      `tsdb: sample store on ${backend === "timescaledb" ? "TimescaleDB (hypertable, compression, continuous aggregates)" : "plain PostgreSQL (range partitions, rollup tables)"}, writes by ${pglite ? "batched insert (PGlite)" : "binary COPY"}`,
    );
    return store;
  }

  /**
   * Stores samples exactly once (a retried batch adds only what is missing); stale markers and NaN payloads
   * are kept bit-exact. Throws LimitError naming the limit: nothing is written for `ingestion_rate`; for the
   * other limits the offending series/samples are left out, the rest is stored and reported in `accepted`.
   * `batchId` only labels log lines; deduplication relies on the unique (series_id, t) key, not on it.
   */
  async write(tenantId: string, series: SeriesWrite[], opts: { batchId?: string } = {}): Promise<WriteResult> {
    const nowMs = this.now();
    const limits = await this.limitsOf(tenantId);
    const prep = this.prepare(series, limits, nowMs);
    if (prep.total && limits.ingestionRate > 0) {
      const ok = await this.limiter.tryTake(tenantId, prep.total, limits.ingestionRate, limits.ingestionBurstSize, nowMs);
      if (!ok) {
        throw new LimitError("ingestion_rate", limitMessage("ingestion_rate", limits, prep.total), prep.total + prep.rejectedSamples, {
          samples: 0,
          seriesCreated: 0,
        });
      }
    }
    if (this.backend === "postgres" && prep.total) await this.ensurePartitions(prep.partitions, false);
    try {
      return await this.storePrepared(tenantId, prep, limits, nowMs, opts.batchId);
    } finally {
      // Recorded once stored (even partly), by the clock of then: a write that took long to commit is late too.
      // Rollup refreshes and readers caching settled samples rely on seeing every late sample after its record.
      if (this.backend === "postgres" && prep.total && prep.minT < this.now() - LATE_AFTER_MS) {
        await recordLateWrite(this.pool, tenantId, prep.minT, prep.maxT);
      }
    }
  }

  private async storePrepared(tenantId: string, prep: Prepared, limits: TenantLimits, nowMs: number, batchId: string | undefined): Promise<WriteResult> {
    // Series already cached go straight to the server while the batch is still being looked up; new series
    // and series whose last_seen must move first (it has to, before their samples are visible) follow.
    const pending: number[] = [];
    const cached = await this.storeCached(tenantId, prep, pending);
    const resolved = await this.catalogue.resolve(
      tenantId,
      pending.map((i) => prep.refs[i] as SeriesRef),
      limits.maxActiveSeries,
      nowMs,
    );
    const rest = emptyRows(prep.total - cached.rows);
    pending.forEach((i, j) => {
      const id = resolved.ids[j];
      if (id !== undefined) appendSamples(rest, id, prep.samples[i] as SeriesWrite["samples"]);
    });
    if (resolved.refused) {
      prep.rejected.set("max_active_series", resolved.refused);
      prep.rejectedSamples += prep.total - cached.rows - rest.length;
    }
    const fresh = await this.store(rest, prep.partitions);
    const stored = cached.result.stored + fresh.stored;
    if (cached.result.deduplicated || fresh.deduplicated) {
      this.log(`tsdb: batch ${batchId ?? "(no id)"} of ${tenantId} was partly stored before; ${stored}/${cached.rows + rest.length} samples new`);
    }
    const accepted = { samples: stored, seriesCreated: resolved.created };
    const [first] = prep.rejected;
    if (first) throw new LimitError(first[0], limitMessage(first[0], limits, first[1]), prep.rejectedSamples, accepted);
    return accepted;
  }

  /**
   * Stores the samples of series found in the cache (a large write streams them into its own COPY as they are
   * looked up; a small one joins group commit); pushes the indexes of the other series onto `pending`.
   */
  private async storeCached(tenantId: string, prep: Prepared, pending: number[]): Promise<{ rows: number; result: StoreResult }> {
    const rows = emptyRows(prep.total);
    const streaming = this.writeMode.kind === "copy" && prep.total > GROUP_WRITE_MAX_ROWS;
    let copy: SampleCopy | undefined;
    let failure: unknown;
    for (let i = 0; i < prep.refs.length; i += STREAM_SERIES) {
      const end = Math.min(prep.refs.length, i + STREAM_SERIES);
      for (let k = i; k < end; k++) {
        const id = this.catalogue.cachedId(tenantId, prep.refs[k] as SeriesRef);
        if (id === undefined) pending.push(k);
        else appendSamples(rows, id, prep.samples[k] as SeriesWrite["samples"]);
      }
      if (!streaming || failure !== undefined || !rows.length) continue;
      try {
        copy ??= await SampleCopy.open(this.pool);
        await copy.send(rows);
      } catch (err) {
        copy?.abort();
        copy = undefined;
        failure = err;
      }
    }
    if (copy) {
      try {
        await copy.finish();
        return { rows: rows.length, result: { stored: rows.length, deduplicated: false } };
      } catch (err) {
        failure = err;
      }
    }
    if (failure === undefined) return { rows: rows.length, result: await this.store(rows, prep.partitions) };
    // A duplicate means a retry of stored samples: the deduplicating insert adds what is missing.
    if (isDuplicate(failure)) return { rows: rows.length, result: await insertSamples(this.pool, rows, rows.length) };
    if (sqlState(failure) === NO_PARTITION) return { rows: rows.length, result: await this.store(rows, prep.partitions) };
    throw failure;
  }

  private prepare(series: SeriesWrite[], limits: TenantLimits, nowMs: number): Prepared {
    const prep: Prepared = {
      refs: [],
      samples: [],
      rejected: new Map(),
      rejectedSamples: 0,
      total: 0,
      minT: Infinity,
      maxT: -Infinity,
      partitions: new Set(),
    };
    const reject = (limit: LimitName, count: number, samples: number): void => {
      prep.rejected.set(limit, (prep.rejected.get(limit) ?? 0) + count);
      prep.rejectedSamples += samples;
    };
    const latest = limits.creationGracePeriodMs > 0 ? nowMs + limits.creationGracePeriodMs : Infinity;
    const plain = this.backend === "postgres";
    let lastPartition = NaN;
    for (const s of series) {
      const labels = cleanLabels(s.labels);
      const bad = checkLabels(labels, limits);
      if (bad) {
        reject(bad, 1, s.samples.length);
        continue;
      }
      let minT = Infinity;
      let maxT = -Infinity;
      let future = 0;
      for (const sample of s.samples) {
        const t = sample.t;
        if (!Number.isSafeInteger(t)) throw new RangeError(`sample timestamp must be an integer of ms, got ${t}`);
        if (t > latest) {
          future++;
          continue;
        }
        if (t < minT) minT = t;
        if (t > maxT) maxT = t;
        if (plain) {
          const start = partitionStart(t, this.partitionMs);
          if (start !== lastPartition) prep.partitions.add((lastPartition = start));
        }
      }
      const kept = future ? s.samples.filter((x) => x.t <= latest) : s.samples;
      if (future) reject("too_far_in_future", future, future);
      if (!kept.length) continue;
      prep.refs.push({ labels, minT, maxT });
      prep.samples.push(kept);
      prep.total += kept.length;
      if (minT < prep.minT) prep.minT = minT;
      if (maxT > prep.maxT) prep.maxT = maxT;
    }
    return prep;
  }

  /** Stores rows in one go; on the plain path, recreates a partition another process's retention dropped. */
  private async store(rows: SampleRows, partitions: Set<number>): Promise<StoreResult> {
    try {
      return await (this.group ? this.group.store(rows) : storeSamples(this.pool, rows, this.writeMode));
    } catch (err) {
      if (this.backend !== "postgres" || sqlState(err) !== NO_PARTITION) throw err;
      await this.ensurePartitions(partitions, true);
      return storeSamples(this.pool, rows, this.writeMode);
    }
  }

  private async ensurePartitions(starts: Set<number>, reload: boolean): Promise<void> {
    if (reload) this.partitions = await listPartitionStarts(this.pool);
    const missing = [...starts].filter((s) => !this.partitions.has(s));
    if (!missing.length) return;
    const client = await this.pool.connect();
    try {
      await ensurePartitions(client, missing, this.partitionMs);
    } finally {
      client.release();
    }
    for (const s of missing) this.partitions.add(s);
  }

  /**
   * Samples with start <= t <= end of the tenant's series matching all matchers, ordered by time per series; with
   * `grid`, samples outside its windows may be left out (see SampleGrid).
   */
  async select(tenantId: string, matchers: LabelMatcher[], startMs: number, endMs: number, signal?: AbortSignal, grid?: SampleGrid): Promise<SeriesSamples[]> {
    const plain = this.backend === "postgres";
    // Plain path: the settled raw samples this selector read before, still valid if the generation holds.
    const cache = plain ? this.settled : undefined;
    const key = cache && `${tenantId}\u0000${JSON.stringify(matchers)}`;
    const settledAtStart = settledBefore(this.now());
    const entry = key === undefined ? undefined : cache?.get(key);
    const read = (cached?: SettledRaw) =>
      runQuery<SelectRow>(this.pool, selectSamplesQuery(tenantId, matchers, startMs, endMs, this.touchMs, plain, cached), signal);
    let rows = await read(entry);
    // Read without them in the first place, the settled samples would be the same unless the generation moved on.
    if (entry && (rows[0] as SelectRow).generation !== entry.generation) rows = await read();
    const generation = (rows[0] as SelectRow).generation;
    const valid = entry !== undefined && entry.generation === generation;
    const blocks = await listedBlocks(this.blocks, rows, blockKey, (missing) => this.loadBlocks(missing, signal));
    const out: SeriesSamples[] = [];
    const fromSql = new Map<string, RawSeries>();
    const seen = new Set<string>();
    for (let i = 0; i < rows.length; ) {
      const { id, labels } = rows[i] as SelectRow;
      if (id === null) break; // no series
      seen.add(id);
      const parts: SamplePart[] = [];
      let raw: SamplePart | undefined;
      for (; i < rows.length && (rows[i] as SelectRow).id === id; i++) {
        const r = rows[i] as SelectRow;
        if (r.ts !== null) raw = inTimeOrder({ lo: null, timestamps: decodeInt8Array(r.ts), values: decodeFloat8Array(r.vs as string) });
        else if (r.los !== null) {
          for (const lo of r.los) {
            const block = blocks.get(blockKey(id, lo)); // absent: deleted by retention since it was listed
            if (block) parts.push({ lo: Number(lo), timestamps: block.timestamps, values: block.values, sorted: true });
          }
        }
      }
      if (raw) fromSql.set(id, { labels, timestamps: raw.timestamps, values: raw.values });
      const settled = valid ? entry.series.get(id) : undefined;
      if (valid && settled) parts.push(...this.withSettled(raw, settled, entry, parts, startMs, endMs));
      else if (raw) parts.push(raw);
      const merged = mergeParts(parts, startMs, endMs, grid);
      if (merged.timestamps.length) out.push({ labels, ...merged });
    }
    if (valid) {
      // Series with nothing in range but their settled samples: no row came for them.
      for (const [id, settled] of entry.series) {
        if (seen.has(id)) continue;
        const only = clip(settled, startMs, endMs);
        if (only.timestamps.length) out.push({ labels: settled.labels, timestamps: only.timestamps, values: only.values });
      }
    }
    if (cache && key !== undefined) {
      const next = nextSettled(entry, generation, fromSql, startMs, endMs, settledAtStart);
      if (next === undefined) cache.delete(key);
      else if (next !== entry) cache.set(key, next);
    }
    return out;
  }

  /**
   * A series' raw parts when it has settled samples: those read from Postgres before and after them, and the
   * settled ones in range, less what its packed blocks hold (they were packed since; the same samples).
   */
  private withSettled(raw: SamplePart | undefined, settled: RawSeries, entry: SettledRaw, blocks: SamplePart[], startMs: number, endMs: number): SamplePart[] {
    const packed = blocks.map((b): [number, number] => [b.lo as number, (b.lo as number) + this.partitionMs]).sort((a, b) => a[0] - b[0]);
    const middle = outside(clip(settled, Math.max(startMs, entry.from), Math.min(endMs, entry.to)), packed);
    if (!raw) return middle;
    return [clip(raw, startMs, entry.from - 1), ...middle, clip(raw, entry.to + 1, endMs)];
  }

  /** Reads blocks (at their current version) by key. */
  private async loadBlocks(listed: Array<{ id: string; lo: string }>, signal?: AbortSignal): Promise<Array<[string, CachedBlock]>> {
    const q = blocksQuery(
      listed.map((r) => Number(r.id)),
      listed.map((r) => Number(r.lo)),
    );
    const rows = await runQuery<{ series_id: string; lo: string; version: string; ts: string; vs: string }>(this.pool, q, signal);
    return rows.map((b) => [blockKey(b.series_id, b.lo), { version: b.version, timestamps: decodeInt8Array(b.ts), values: decodeFloat8Array(b.vs) }]);
  }

  /** The read side bound to one tenant, as the PromQL engine's `Querier`. */
  querier(tenantId: string): Querier {
    return {
      select: (matchers, startMs, endMs, signal, grid) => this.select(tenantId, matchers, startMs, endMs, signal, grid),
      overTime: (fn, matchers, rangeMs, times, signal) => this.overTime(tenantId, fn, matchers, rangeMs, times, signal),
      // TimescaleDB's continuous aggregates do not say which buckets late samples left stale: raw reads there.
      ...(this.backend === "postgres" && { rollups: this.rollupsFor(tenantId) }),
    };
  }

  private rollupsFor(tenantId: string): Rollups {
    const resolutions = new Map(Object.entries(ROLLUP_MS).map(([res, width]) => [width as number, res as RollupResolution]));
    return {
      widths: [...resolutions.keys()].sort((a, b) => b - a),
      read: async (matchers, widthMs, fromMs, toMs, signal, grid) => {
        const { series, complete } = await this.rollups.read(tenantId, matchers, resolutions.get(widthMs) as RollupResolution, fromMs, toMs, signal, grid);
        return { series, complete: complete ?? -Infinity };
      },
      completeHint: (widthMs) => this.rollups.lastComplete.get(resolutions.get(widthMs) as RollupResolution),
    };
  }

  /**
   * `fn(selector[rangeMs])` at each eval time, in SQL: the samples stay in Postgres. Eval times are the engine's,
   * a regular grid, or all one time when `@` pins them (evaluated once, then repeated).
   */
  async overTime(
    tenantId: string,
    fn: OverTimeFunction,
    matchers: LabelMatcher[],
    rangeMs: number,
    times: Float64Array,
    signal?: AbortSignal,
  ): Promise<{ series: OverTimeSeries[]; samples: number }> {
    const n = times.length;
    const first = times[0] as number;
    const pinned = times.every((t) => t === first);
    const interval = n > 1 && !pinned ? (times[1] as number) - first : 0;
    if (!pinned && times.some((t, i) => t !== first + i * interval)) throw new RangeError("overTime: eval times must be one time or a regular grid");
    const grid = { first, interval, count: pinned ? 1 : n };
    const rows = await runQuery<{ labels: Labels; steps: number[]; vals: number[]; n: number }>(
      this.pool,
      overTimeQuery(tenantId, matchers, fn, rangeMs, grid, this.touchMs, this.backend === "postgres"),
      signal,
    );
    let samples = 0;
    const series = rows.map((r) => {
      const values = new Float64Array(n);
      const present = new Uint8Array(n);
      r.steps.forEach((i, k) => {
        values[i] = r.vals[k] as number;
        present[i] = 1;
      });
      if (pinned) {
        values.fill(values[0] as number);
        present.fill(present[0] as number);
      }
      samples += r.n * (pinned ? n : 1);
      return { labels: r.labels, values, present };
    });
    return { series, samples };
  }

  /** Per matching series, the latest sample in (at - lookback, at] (an instant-vector selector's input; stale markers included). */
  async lastSampleAtOrBefore(tenantId: string, matchers: LabelMatcher[], atMs: number, lookbackMs: number, signal?: AbortSignal): Promise<SeriesPoint[]> {
    const series = await this.select(tenantId, matchers, atMs - lookbackMs + 1, atMs, signal);
    return series.map((s) => {
      const last = s.timestamps.length - 1;
      return { labels: s.labels, t: s.timestamps[last] as number, v: s.values[last] as number };
    });
  }

  /** Label sets of the matching series with samples in [start, end] (the /api/v1/series answer). */
  async series(tenantId: string, matchers: LabelMatcher[], startMs: number, endMs: number, signal?: AbortSignal): Promise<Labels[]> {
    const q = seriesQuery(tenantId, matchers, startMs, endMs, this.touchMs, this.backend === "postgres");
    const rows = await runQuery<{ labels: Labels }>(this.pool, q, signal);
    return rows.map((r) => r.labels);
  }

  /** Stores the HELP/TYPE/UNIT that metric families declared (only what changed since this process last stored it). */
  writeMetadata(tenantId: string, entries: MetricMetadata[]): Promise<void> {
    return this.metadataStore.write(tenantId, entries);
  }

  /** The tenant's metric metadata by metric name (of `metric` only, when given), at most `limit` metrics. */
  metadata(tenantId: string, opts: { metric?: string; limit?: number } = {}): Promise<MetricMetadata[]> {
    return this.metadataStore.read(tenantId, opts);
  }

  /** Sorted label names of the tenant's series (of the matching ones when matchers are given). */
  async labelNames(tenantId: string, matchers: LabelMatcher[] = [], signal?: AbortSignal): Promise<string[]> {
    return (await runQuery<{ v: string }>(this.pool, labelNamesQuery(tenantId, matchers), signal)).map((r) => r.v);
  }

  /** Sorted values of label `name` (over the matching series when matchers are given). */
  async labelValues(tenantId: string, name: string, matchers: LabelMatcher[] = [], signal?: AbortSignal): Promise<string[]> {
    return (await runQuery<{ v: string }>(this.pool, labelValuesQuery(tenantId, name, matchers), signal)).map((r) => r.v);
  }

  /** Active series, recent ingestion rate and an on-disk size estimate of one tenant. */
  usage(tenantId: string): Promise<TenantUsage> {
    return tenantUsage(this.pool, this.backend, tenantId, this.now(), this.activeWindowMs, this.touchMs);
  }

  /** Deletes data past each tenant's retention (whole partitions/chunks where possible); waits for a running tick. */
  async applyRetention(policy: RetentionPolicy): Promise<RetentionReport> {
    const report = await withMaintenanceLock(this.pool, (client) => applyRetention(client, this.backend, policy, this.now(), this.touchMs));
    await this.afterRetention(report);
    return report;
  }

  /**
   * One upkeep tick for the worker to call periodically (single-flight across processes): partitions ahead,
   * rollup refresh, clustering or compression, and retention when a policy is given.
   */
  async maintenance(opts: { retention?: RetentionPolicy } = {}): Promise<MaintenanceReport> {
    const nowMs = this.now();
    const report = await tryWithMaintenanceLock(this.pool, async (client) => {
      const tick = await maintenanceTick(client, this.backend, nowMs, this.partitionMs);
      const retention = opts.retention ? await applyRetention(client, this.backend, opts.retention, nowMs, this.touchMs) : undefined;
      return { ran: true, ...tick, ...(retention ? { retention } : {}) };
    });
    if (!report) return { ran: false, packed: [], jobsRun: 0 };
    if (report.retention) await this.afterRetention(report.retention);
    if (this.backend === "postgres") this.partitions = await listPartitionStarts(this.pool);
    return report;
  }

  private async afterRetention(report: RetentionReport): Promise<void> {
    if (report.droppedPartitions && this.backend === "postgres") this.partitions = await listPartitionStarts(this.pool);
    if (report.deletedSeries) {
      this.catalogue.clear();
      this.metadataStore.clear();
    }
  }
}
