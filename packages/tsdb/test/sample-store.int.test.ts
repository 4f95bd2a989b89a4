import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, LimitError, migrateSampleStore, SampleStore, STALE_NAN, type SeriesWrite, type TenantLimits } from "../src/index";
import { BACKENDS, openTestDatabase, type TestDatabase } from "./backends";

const HOUR = 3600_000;
const bits = (v: number): bigint => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  return dv.getBigUint64(0);
};
const fromBits = (b: bigint): number => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, b);
  return dv.getFloat64(0);
};
/** Timestamps on a 15 s grid, aligned to the hour, so buckets are predictable. */
const hourStart = (offsetHours: number): number => Math.floor(Date.now() / HOUR) * HOUR + offsetHours * HOUR;
const grid = (from: number, n: number, step = 15_000): number[] => Array.from({ length: n }, (_, i) => from + i * step);
const uid = (): string => `tenant_${Math.random().toString(36).slice(2, 10)}`;

describe.each(BACKENDS)("SampleStore on %s", (backend) => {
  let db: TestDatabase;
  let store: SampleStore;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await migrateSampleStore(db.pool);
    store = await SampleStore.open(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("migrates idempotently and reports its backend", async () => {
    expect(await migrateSampleStore(db.pool)).toEqual({ timescale: backend === "timescaledb" });
    const { rows } = await db.pool.query("select version from tsdb.schema_migrations order by version");
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(store.backend).toBe(backend);
  });

  it("round-trips samples ordered per series with inclusive bounds", async () => {
    const tenant = uid();
    const ts = grid(hourStart(-1), 40);
    const res = await store.write(tenant, [
      { labels: { __name__: "up", job: "node", instance: "a" }, samples: ts.map((t, i) => ({ t, v: i })) },
      { labels: { __name__: "up", job: "node", instance: "b" }, samples: ts.map((t, i) => ({ t, v: i * 2 })) },
    ]);
    expect(res).toEqual({ samples: 80, seriesCreated: 2 });
    const got = await store.select(tenant, [{ type: "=", name: "__name__", value: "up" }], ts[5] as number, ts[9] as number);
    expect(got.map((s) => s.labels.instance)).toEqual(["a", "b"]);
    expect(Array.from(got[0]?.timestamps ?? [])).toEqual(ts.slice(5, 10));
    expect(Array.from(got[1]?.values ?? [])).toEqual([10, 12, 14, 16, 18]);
    expect(got[0]?.labels).toEqual({ __name__: "up", job: "node", instance: "a" });
  });

  it("merges a series listed twice in one batch (labels in any order) into one series", async () => {
    const tenant = uid();
    const t = hourStart(-1);
    const res = await store.write(tenant, [
      { labels: { __name__: "twice", a: "1", b: "2" }, samples: [{ t, v: 1 }] },
      { labels: { b: "2", a: "1", __name__: "twice" }, samples: [{ t: t + 15_000, v: 2 }] },
    ]);
    expect(res).toEqual({ samples: 2, seriesCreated: 1 });
    const got = await store.select(tenant, [{ type: "=", name: "__name__", value: "twice" }], t, t + 15_000);
    expect(got.map((s) => Array.from(s.values))).toEqual([[1, 2]]);
  });

  it("applies all four matcher types with Prometheus semantics for missing labels and anchored regexes", async () => {
    const tenant = uid();
    const t = hourStart(-1);
    const mk = (labels: Record<string, string>): SeriesWrite => ({ labels, samples: [{ t, v: 1 }] });
    await store.write(tenant, [
      mk({ __name__: "cpu", mode: "idle", host: "x" }),
      mk({ __name__: "cpu", mode: "user", host: "y" }),
      mk({ __name__: "cpu", host: "z" }),
      mk({ __name__: "cpu_total", mode: "IDLE" }),
    ]);
    const hosts = async (...m: Parameters<SampleStore["select"]>[1]): Promise<string[]> =>
      (await store.select(tenant, m, t, t)).map((s) => s.labels.host ?? s.labels.__name__ ?? "").sort();
    const cpu = { type: "=", name: "__name__", value: "cpu" } as const;
    expect(await hosts(cpu, { type: "=", name: "mode", value: "idle" })).toEqual(["x"]);
    expect(await hosts(cpu, { type: "!=", name: "mode", value: "idle" })).toEqual(["y", "z"]);
    expect(await hosts(cpu, { type: "=", name: "mode", value: "" })).toEqual(["z"]);
    expect(await hosts(cpu, { type: "=~", name: "mode", value: "id.*|us" })).toEqual(["x"]);
    expect(await hosts(cpu, { type: "=~", name: "mode", value: "idle|" })).toEqual(["x", "z"]);
    expect(await hosts(cpu, { type: "!~", name: "mode", value: "i.*" })).toEqual(["y", "z"]);
    expect(await hosts({ type: "=~", name: "__name__", value: "cpu.*" }, { type: "=~", name: "mode", value: "(?i)idle" })).toEqual([
      "cpu_total",
      "x",
    ]);
    expect(await hosts({ type: "=~", name: "mode", value: "u.+" })).toEqual(["y"]);
    expect(await hosts({ type: "!=", name: "__name__", value: "cpu" })).toEqual(["cpu_total"]);
  });

  it("keeps stale markers bit-exact and NaN/±Inf values", async () => {
    const tenant = uid();
    const ts = grid(hourStart(-1), 5);
    // Plain JS arrays of doubles quiet signalling NaNs in V8 (the stale marker is one): keep the bits, build numbers late.
    const expected = [0x7ff0000000000002n, bits(Number.NaN), bits(Infinity), bits(-Infinity), 0x7ff8000000000123n];
    await store.write(tenant, [{ labels: { __name__: "weird" }, samples: ts.map((t, i) => ({ t, v: fromBits(expected[i] as bigint) })) }]);
    const [got] = await store.select(tenant, [{ type: "=", name: "__name__", value: "weird" }], ts[0] as number, ts[4] as number);
    expect(Array.from(got?.values ?? [], bits)).toEqual(expected);
    expect(bits(got?.values[0] as number)).toBe(0x7ff0000000000002n);
    const [last] = await store.lastSampleAtOrBefore(tenant, [{ type: "=", name: "__name__", value: "weird" }], ts[0] as number, 300_000);
    expect(bits(last?.v as number)).toBe(0x7ff0000000000002n);
  });

  it("accepts out-of-order and late samples across partitions", async () => {
    const tenant = uid();
    const labels = { __name__: "late_metric" };
    const recent = hourStart(-1);
    const old = hourStart(-30); // more than a day back, other chunks/partitions
    await store.write(tenant, [{ labels, samples: [{ t: recent + 30_000, v: 3 }, { t: recent, v: 1 }] }]);
    await store.write(tenant, [{ labels, samples: [{ t: recent + 15_000, v: 2 }] }]);
    await store.write(tenant, [{ labels, samples: [{ t: old, v: 0 }] }]);
    const [got] = await store.select(tenant, [{ type: "=", name: "__name__", value: "late_metric" }], old, recent + HOUR);
    expect(Array.from(got?.timestamps ?? [])).toEqual([old, recent, recent + 15_000, recent + 30_000]);
    expect(Array.from(got?.values ?? [])).toEqual([0, 1, 2, 3]);
  });

  it("stores a retried batch exactly once (full and partial retries)", async () => {
    const tenant = uid();
    const ts = grid(hourStart(-2), 100);
    const batch: SeriesWrite[] = [
      { labels: { __name__: "retry", i: "1" }, samples: ts.map((t) => ({ t, v: 1 })) },
      { labels: { __name__: "retry", i: "2" }, samples: ts.map((t) => ({ t, v: 2 })) },
    ];
    await store.write(tenant, [{ labels: batch[0]!.labels, samples: batch[0]!.samples.slice(0, 30) }]);
    expect(await store.write(tenant, batch, { batchId: "b1" })).toEqual({ samples: 170, seriesCreated: 1 });
    expect(await store.write(tenant, batch, { batchId: "b1" })).toEqual({ samples: 0, seriesCreated: 0 });
    const { rows } = await db.pool.query(
      "select count(*)::int as n from tsdb.samples s join tsdb.series r on r.id = s.series_id where r.tenant_id = $1",
      [tenant],
    );
    expect(rows[0].n).toBe(200);
  });

  it("stores concurrent small writes (grouped into shared COPYs) exactly once, retries among them included", async () => {
    const tenant = uid();
    const t = hourStart(-1);
    const scrape = (target: number, round: number): SeriesWrite[] =>
      Array.from({ length: 50 }, (_, i) => ({ labels: { __name__: "grouped", target: String(target), i: String(i) }, samples: [{ t: t + round * 15_000, v: round }] }));
    await Promise.all(Array.from({ length: 10 }, (_, k) => store.write(tenant, scrape(k, 0))));
    // Ten targets scrape again at once, and three first scrapes are retried among them (already stored).
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, k) => store.write(tenant, scrape(k, 1))),
      ...[0, 4, 9].map((k) => store.write(tenant, scrape(k, 0))),
    ]);
    expect(results.map((r) => r.samples)).toEqual([...Array<number>(10).fill(50), 0, 0, 0]);
    const { rows } = await db.pool.query(
      "select count(*)::int as n, count(distinct (s.series_id, s.t))::int as d from tsdb.samples s join tsdb.series r on r.id = s.series_id where r.tenant_id = $1",
      [tenant],
    );
    expect(rows[0]).toEqual({ n: 1000, d: 1000 });
  });

  it("loses and duplicates nothing when the connection dies mid-COPY and the batch is retried", async () => {
    const tenant = uid();
    const ts = grid(hourStart(-2), 400);
    const batch: SeriesWrite[] = Array.from({ length: 50 }, (_, i) => ({
      labels: { __name__: "killed", i: String(i) },
      samples: ts.map((t, j) => ({ t, v: i * 1000 + j })),
    }));
    // Series exist and are cached, so what goes on the wire next is the samples themselves.
    await store.write(tenant, batch.map((s) => ({ labels: s.labels, samples: [{ t: (ts[0] as number) - 15_000, v: -1 }] })));
    // ~760 kB of COPY data on PostgreSQL (cut inside it); 20 insert statements on PGlite (cut between two).
    for (const s of db.sockets) s.tripAfter(200_000, backend === "postgres");
    await expect(store.write(tenant, batch, { batchId: "k1" })).rejects.toThrow();
    for (const s of db.sockets) s.restore();
    const before = await db.pool.query("select count(*)::int as n from tsdb.samples s join tsdb.series r on r.id = s.series_id where r.tenant_id = $1", [tenant]);
    const retried = await store.write(tenant, batch, { batchId: "k1" });
    expect(retried.samples).toBe(50 * 400 - (before.rows[0].n - 50));
    const got = await store.select(tenant, [{ type: "=", name: "__name__", value: "killed" }], ts[0] as number, ts.at(-1) as number);
    expect(got).toHaveLength(50);
    for (const s of got) {
      const i = Number(s.labels.i);
      expect(Array.from(s.timestamps)).toEqual(ts);
      expect(Array.from(s.values)).toEqual(ts.map((_, j) => i * 1000 + j));
    }
  });

  // Needs a second connection to kill the first: PGlite serves one connection at a time, so PostgreSQL only.
  const withSecondConnection = backend === "postgres" ? it : undefined;
  withSecondConnection?.("loses and duplicates nothing when the writer's backend is terminated during COPY", async () => {
    const tenant = uid();
    const ts = grid(hourStart(-2), 200);
    const batch: SeriesWrite[] = Array.from({ length: 20 }, (_, i) => ({
      labels: { __name__: "terminated", i: String(i) },
      samples: ts.map((t, j) => ({ t, v: j })),
    }));
    await store.write(tenant, batch.map((s) => ({ labels: s.labels, samples: [{ t: (ts[0] as number) - 15_000, v: -1 }] })));
    // Hold the table so the COPY is certainly in flight (waiting for its lock) when its backend is killed.
    const admin = await db.pool.connect();
    try {
      await admin.query("begin");
      await admin.query("lock table tsdb.samples in access exclusive mode");
      const writing = store.write(tenant, batch, { batchId: "t1" });
      writing.catch(() => undefined);
      let pid: number | undefined;
      while (pid === undefined) {
        await admin.query("select pg_stat_clear_snapshot()"); // activity is otherwise frozen for the transaction
        const { rows } = await admin.query(
          "select pid from pg_stat_activity where query like 'copy tsdb.samples%' and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
        );
        pid = rows[0]?.pid;
      }
      await admin.query("select pg_terminate_backend($1)", [pid]);
      await expect(writing).rejects.toThrow(/terminat/);
    } finally {
      await admin.query("commit");
      admin.release();
    }
    expect((await store.write(tenant, batch, { batchId: "t1" })).samples).toBe(20 * 200);
    const { rows } = await db.pool.query(
      "select count(*)::int as n, count(distinct (s.series_id, s.t))::int as d from tsdb.samples s join tsdb.series r on r.id = s.series_id where r.tenant_id = $1",
      [tenant],
    );
    expect(rows[0]).toEqual({ n: 20 * 201, d: 20 * 201 });
  });

  withSecondConnection?.("cancels the server-side statement of an aborted read", async () => {
    const admin = await db.pool.connect();
    const ctl = new AbortController();
    try {
      await admin.query("begin");
      await admin.query("lock table tsdb.samples in access exclusive mode");
      const reading = store.select(uid(), [{ type: "=", name: "__name__", value: "x" }], 0, Date.now(), ctl.signal);
      reading.catch(() => undefined);
      const waiting = async (): Promise<number> => {
        await admin.query("select pg_stat_clear_snapshot()");
        const { rows } = await admin.query(
          "select count(*)::int as n from pg_stat_activity where query like 'with g as (%' and state = 'active' and pid <> pg_backend_pid()",
        );
        return rows[0].n;
      };
      while ((await waiting()) === 0);
      ctl.abort(new Error("dashboard closed"));
      await expect(reading).rejects.toThrow("dashboard closed");
      while ((await waiting()) > 0); // cancelled while still blocked on the lock, before the lock is released
    } finally {
      await admin.query("commit");
      admin.release();
    }
  });

  const plainOnly = backend === "postgres" ? it : undefined; // TimescaleDB creates chunks itself
  plainOnly?.("creates partitions ahead in maintenance and on demand for late samples", async () => {
    await store.maintenance();
    const starts = async (): Promise<number[]> =>
      (await db.pool.query("select lo from tsdb.partitions order by lo")).rows.map((r) => Number(r.lo));
    const width = HOUR; // new databases: 1 h partitions (older ones keep 4 h, as tsdb.meta says)
    const current = Math.floor(Date.now() / width) * width;
    expect(await starts()).toEqual(expect.arrayContaining([current, current + width, current + 2 * width, current + 3 * width]));
    const ancient = current - 20 * width;
    expect(await starts()).not.toContain(ancient);
    await store.write(uid(), [{ labels: { __name__: "ancient" }, samples: [{ t: ancient + 1, v: 1 }] }]);
    expect(await starts()).toContain(ancient);
  });

  plainOnly?.("keeps the partition width a database was created with (4 h before 1 h partitions)", async () => {
    const legacy = await openTestDatabase("postgres");
    try {
      await migrateSampleStore(legacy.pool);
      await legacy.pool.query("update tsdb.meta set value = $1 where key = 'partition_ms'", [String(4 * HOUR)]);
      const old = await SampleStore.open(legacy.pool);
      const t = hourStart(-30) + 5 * 60_000;
      await old.write(uid(), [{ labels: { __name__: "legacy" }, samples: [{ t, v: 1 }] }]);
      const { rows } = await legacy.pool.query("select lo, hi from tsdb.partitions where lo <= $1 and hi > $1", [t]);
      expect(rows.map((r) => Number(r.hi) - Number(r.lo))).toEqual([4 * HOUR]);
    } finally {
      await legacy.close();
    }
  });

  it("finds backfilled series in recent reads (last_seen moves forward with new samples)", async () => {
    const tenant = uid();
    const labels = { __name__: "backfilled" };
    await store.write(tenant, [{ labels, samples: [{ t: hourStart(-48), v: 1 }] }]);
    const now = Date.now();
    await store.write(tenant, [{ labels, samples: [{ t: now - 1000, v: 2 }] }]);
    const got = await store.select(tenant, [{ type: "=", name: "__name__", value: "backfilled" }], now - 60_000, now);
    expect(got.map((s) => Array.from(s.values))).toEqual([[2]]);
  });

  it("creates one series row when concurrent writers create the same new series", async () => {
    const tenant = uid();
    const stores = await Promise.all(Array.from({ length: 4 }, () => SampleStore.open(db.pool)));
    const t0 = hourStart(-1);
    const series = (k: number): SeriesWrite[] =>
      Array.from({ length: 30 }, (_, i) => ({ labels: { __name__: "race", i: String(i) }, samples: [{ t: t0 + k * 1000, v: k }] }));
    const results = await Promise.all(stores.map((s, k) => s.write(tenant, series(k))));
    expect(results.reduce((n, r) => n + r.seriesCreated, 0)).toBe(30);
    const { rows } = await db.pool.query("select count(*)::int as n from tsdb.series where tenant_id = $1", [tenant]);
    expect(rows[0].n).toBe(30);
    const got = await store.select(tenant, [{ type: "=", name: "__name__", value: "race" }], t0, t0 + HOUR);
    expect(got.map((s) => s.timestamps.length)).toEqual(Array(30).fill(4));
  });

  it("keeps tenants apart", async () => {
    const a = uid();
    const b = uid();
    const t = hourStart(-1);
    await store.write(a, [{ labels: { __name__: "shared", who: "a" }, samples: [{ t, v: 1 }] }]);
    await store.write(b, [{ labels: { __name__: "shared", who: "b" }, samples: [{ t, v: 2 }] }]);
    const got = await store.querier(a).select([{ type: "=", name: "__name__", value: "shared" }], t, t);
    expect(got.map((s) => s.labels.who)).toEqual(["a"]);
    expect(await store.labelValues(b, "who")).toEqual(["b"]);
  });

  it("keeps tenants apart when callers reuse one label object (as the scrape cache does)", async () => {
    const a = uid();
    const b = uid();
    const t = hourStart(-1);
    const labels = { __name__: "reused", job: "node" };
    await store.write(a, [{ labels, samples: [{ t, v: 1 }] }]);
    await store.write(b, [{ labels, samples: [{ t, v: 2 }] }]);
    await store.write(a, [{ labels, samples: [{ t: t + 15_000, v: 3 }] }]);
    const read = async (tenant: string): Promise<number[]> =>
      Array.from((await store.select(tenant, [{ type: "=", name: "__name__", value: "reused" }], t, t + 15_000))[0]?.values ?? []);
    expect(await read(a)).toEqual([1, 3]);
    expect(await read(b)).toEqual([2]);
  });

  it("reads some series of many series groups, another tenant's series interleaved, exactly (raw, over_time, series)", async () => {
    // Three writes of 150 series alternating between two tenants: ids interleave within and across the groups of
    // SERIES_GROUP_BITS, and every 7th series of tenant `a` is read, some of its groups' ids in between not.
    const a = uid();
    const b = uid();
    const t = hourStart(-1);
    const write = (tenant: string, round: number) =>
      store.write(
        tenant,
        Array.from({ length: 150 }, (_, i) => ({ labels: { __name__: "grouped", i: String(round * 150 + i) }, samples: grid(t, 4).map((ts, k) => ({ t: ts, v: i + k / 10 })) })),
      );
    for (let round = 0; round < 3; round++) {
      await write(a, round);
      await write(b, round);
    }
    const wanted = Array.from({ length: 450 }, (_, i) => i).filter((i) => i % 7 === 0);
    const matchers = [
      { type: "=" as const, name: "__name__", value: "grouped" },
      { type: "=~" as const, name: "i", value: wanted.join("|") },
    ];
    const got = await store.select(a, matchers, t, t + 45_000);
    expect(got.map((s) => Number(s.labels.i)).sort((x, y) => x - y)).toEqual(wanted);
    for (const s of got) {
      const i = Number(s.labels.i) % 150;
      expect(Array.from(s.values)).toEqual([i, i + 0.1, i + 0.2, i + 0.3]);
      expect(Array.from(s.timestamps)).toEqual(grid(t, 4));
    }
    const maxima = await store.overTime(a, "max_over_time", matchers, 60_000, new Float64Array([t + 45_000]));
    expect(maxima.series.map((s) => [Number(s.labels.i), s.values[0]]).sort((x, y) => (x[0] as number) - (y[0] as number))).toEqual(
      wanted.map((i) => [i, (i % 150) + 0.3]),
    );
    expect((await store.series(a, matchers, t, t + 45_000)).length).toBe(wanted.length);
    expect(await store.series(b, matchers, t, t + 45_000)).toHaveLength(wanted.length);
  });

  it("answers label names, label values, series and last-sample lookups", async () => {
    const tenant = uid();
    const t = hourStart(-1);
    await store.write(tenant, [
      { labels: { __name__: "node_temp", chip: "cpu", zone: "1" }, samples: [{ t, v: 40 }, { t: t + 60_000, v: 41 }] },
      { labels: { __name__: "node_temp", chip: "gpu" }, samples: [{ t, v: 50 }] },
      { labels: { __name__: "up", job: "node" }, samples: [{ t, v: 1 }] },
    ]);
    expect(await store.labelNames(tenant)).toEqual(["__name__", "chip", "job", "zone"]);
    expect(await store.labelNames(tenant, [{ type: "=", name: "__name__", value: "up" }])).toEqual(["__name__", "job"]);
    expect(await store.labelValues(tenant, "__name__")).toEqual(["node_temp", "up"]);
    await store.write(tenant, [{ labels: { __name__: "Up", job: "Zeta" }, samples: [{ t, v: 1 }] }]);
    expect(await store.labelValues(tenant, "job")).toEqual(["Zeta", "node"]); // bytewise, as Prometheus sorts
    expect(await store.labelValues(tenant, "job", [{ type: "=~", name: "__name__", value: "(?i)up" }])).toEqual(["Zeta", "node"]);
    expect(await store.labelValues(tenant, "chip", [{ type: "=", name: "zone", value: "1" }])).toEqual(["cpu"]);
    const series = await store.series(tenant, [{ type: "=", name: "__name__", value: "node_temp" }], t + 30_000, t + HOUR);
    expect(series).toEqual([{ __name__: "node_temp", chip: "cpu", zone: "1" }]);
    const last = await store.lastSampleAtOrBefore(tenant, [{ type: "=", name: "__name__", value: "node_temp" }], t + 90_000, 300_000);
    expect(last.map((p) => [p.labels.chip, p.t, p.v])).toEqual([
      ["cpu", t + 60_000, 41],
      ["gpu", t, 50],
    ]);
  });

  it("aborts a read when its signal fires", async () => {
    const ctl = new AbortController();
    ctl.abort(new Error("client went away"));
    await expect(store.select(uid(), [], 0, 1, ctl.signal)).rejects.toThrow("client went away");
  });

  describe("limits", () => {
    const limited = (overrides: Partial<TenantLimits>, now?: () => number): Promise<SampleStore> =>
      SampleStore.open(db.pool, { limits: () => ({ ...DEFAULT_LIMITS, ...overrides }), ...(now ? { now } : {}) });

    it("rejects a batch over the ingestion rate with 429 and writes nothing, then refills", async () => {
      let clock = Date.now();
      const s = await limited({ ingestionRate: 10, ingestionBurstSize: 20 }, () => clock);
      const tenant = uid();
      const t = hourStart(-1);
      const batch = (n: number, from: number): SeriesWrite[] => [
        { labels: { __name__: "rated" }, samples: grid(from, n, 1000).map((x) => ({ t: x, v: 1 })) },
      ];
      expect((await s.write(tenant, batch(15, t))).samples).toBe(15);
      const err = await s.write(tenant, batch(10, t + 100_000)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LimitError);
      expect(err).toMatchObject({ limit: "ingestion_rate", status: 429, accepted: { samples: 0 } });
      expect((await s.select(tenant, [], t + 100_000, t + 200_000)).length).toBe(0);
      clock += 1000; // 5 left + 10 refilled
      expect((await s.write(tenant, batch(10, t + 100_000))).samples).toBe(10);
    });

    it("drops series breaking label limits or past the active series limit, stores the rest, and says so (400)", async () => {
      const s = await limited({ maxLabelNamesPerSeries: 3, maxLabelValueLength: 8, maxActiveSeries: 3 });
      const tenant = uid();
      const t = hourStart(-1);
      const one = (labels: Record<string, string>): SeriesWrite => ({ labels: { __name__: "lim", ...labels }, samples: [{ t, v: 1 }] });
      const err = await s
        .write(tenant, [one({ a: "1" }), one({ a: "1", b: "2", c: "3" }), one({ a: "waytoolongvalue" })])
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ limit: "max_label_names_per_series", status: 400, accepted: { samples: 1, seriesCreated: 1 } });
      expect((err as LimitError).message).toContain("3 label names");
      const next = (labels: Record<string, string>): SeriesWrite => ({ labels: { __name__: "lim", ...labels }, samples: [{ t: t + 1000, v: 1 }] });
      const err2 = await s.write(tenant, [next({ a: "1" }), next({ a: "2" }), next({ a: "3" }), next({ a: "4" })]).catch((e: unknown) => e);
      expect(err2).toMatchObject({ limit: "max_active_series", status: 400, accepted: { samples: 3, seriesCreated: 2 } });
      const { rows } = await db.pool.query("select count(*)::int as n from tsdb.series where tenant_id = $1", [tenant]);
      expect(rows[0].n).toBe(3);
    });

    it("rejects samples too far in the future and missing metric names", async () => {
      const s = await limited({});
      const tenant = uid();
      const now = Date.now();
      const err = await s
        .write(tenant, [
          { labels: { __name__: "fut" }, samples: [{ t: now, v: 1 }, { t: now + HOUR, v: 2 }] },
          { labels: { job: "x" }, samples: [{ t: now, v: 1 }] },
        ])
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ limit: "too_far_in_future", status: 400, rejectedSamples: 2, accepted: { samples: 1 } });
    });
  });

  it("computes 5m and 1h rollups that agree with the raw samples, counter resets included", async () => {
    const tenant = uid();
    const from = hourStart(-4);
    const ts = grid(from, 4 * 240); // 4 h at 15 s
    let v = 0;
    const values = ts.map((_, i) => {
      v = i % 97 === 50 ? 3 : v + (i % 7); // resets now and then
      return v;
    });
    await store.write(tenant, [
      { labels: { __name__: "requests_total" }, samples: ts.map((t, i) => ({ t, v: values[i] as number })) },
      { labels: { __name__: "gone" }, samples: [{ t: from, v: 1 }, { t: from + 15_000, v: STALE_NAN }] },
    ]);
    const report = await store.maintenance();
    expect(report.ran).toBe(true);
    for (const [res, width] of [["5m", 300_000], ["1h", HOUR]] as const) {
      const [r] = (await store.rollups.read(tenant, [{ type: "=", name: "__name__", value: "requests_total" }], res, from, from + 2 * HOUR)).series;
      expect(r).toBeDefined();
      expect(Array.from(r!.ends)).toEqual(Array.from({ length: (2 * HOUR) / width }, (_, k) => from + (k + 1) * width));
      r!.ends.forEach((end, k) => {
        // Left-open buckets, as PromQL's windows.
        const idx = ts.map((t, i) => (t > end - width && t <= end ? i : -1)).filter((i) => i >= 0);
        const vs = idx.map((i) => values[i] as number);
        let inc = 0;
        for (let j = 1; j < vs.length; j++) inc += (vs[j] as number) >= (vs[j - 1] as number) ? (vs[j] as number) - (vs[j - 1] as number) : (vs[j] as number);
        expect([r!.count[k], r!.firstT[k], r!.lastT[k], r!.sum[k], r!.min[k], r!.max[k], r!.first[k], r!.last[k], r!.increase[k]]).toEqual([
          vs.length,
          ts[idx[0] as number],
          ts[idx.at(-1) as number],
          vs.reduce((a, x) => a + x, 0),
          Math.min(...vs),
          Math.max(...vs),
          vs[0],
          vs.at(-1),
          inc,
        ]);
      });
    }
    const [gone] = (await store.rollups.read(tenant, [{ type: "=", name: "__name__", value: "gone" }], "5m", from - 1, from + 300_000)).series;
    // The staleness marker is not a sample: its bucket counts none, and keeps its time for instant selectors.
    expect([Array.from(gone?.count ?? []), gone?.lastT[0], gone?.staleT[1]]).toEqual([[1, 0], from, from + 15_000]);

    // A late sample into buckets already rolled up is reflected after the next maintenance tick.
    const m = [{ type: "=", name: "__name__", value: "requests_total" }] as const;
    const [hourBefore] = (await store.rollups.read(tenant, [...m], "1h", from + HOUR, from + 2 * HOUR)).series;
    await store.write(tenant, [{ labels: { __name__: "requests_total" }, samples: [{ t: from + HOUR + 7_500, v: 1e6 }] }]);
    await store.maintenance();
    const [hourAfter] = (await store.rollups.read(tenant, [...m], "1h", from + HOUR, from + 2 * HOUR)).series;
    expect([hourAfter?.count[0], hourAfter?.max[0]]).toEqual([(hourBefore?.count[0] as number) + 1, 1e6]);
  });

  it("reorganises closed time ranges by series (plain: per-series blocks, TimescaleDB: compression) without changing reads", async () => {
    const tenant = uid();
    const from = hourStart(-10);
    const ts = grid(from, 40);
    const m = [{ type: "=", name: "__name__", value: "organised" }] as const;
    const a = { __name__: "organised", i: "a" };
    await store.write(tenant, [
      { labels: a, samples: ts.map((t, k) => ({ t, v: k === 3 ? STALE_NAN : k })) },
      { labels: { __name__: "organised", i: "b" }, samples: ts.map((t, k) => ({ t, v: -k })) },
    ]);
    const before = await store.select(tenant, [...m], from, from + HOUR);
    const settle = async (): Promise<void> => {
      while ((await store.maintenance()).packed.length > 0); // the plain path packs a bounded number per tick
    };
    await settle();
    const organised =
      backend === "postgres"
        ? await db.pool.query("select packed_at is not null as ok from tsdb.partitions where lo <= $1 and hi > $1", [from])
        : await db.pool.query(
            `select is_compressed as ok from timescaledb_information.chunks
             where hypertable_name = 'samples' and range_start_integer <= $1 and range_end_integer > $1`,
            [from],
          );
    expect(organised.rows).toEqual([{ ok: true }]);
    const packedRows = async (): Promise<unknown[]> =>
      backend === "postgres"
        ? (
            await db.pool.query(
              `select cardinality(b.ts) as n, (select count(*)::int from tsdb.samples s where s.series_id = b.series_id) as raw
               from tsdb.sample_blocks b join tsdb.series r on r.id = b.series_id where r.tenant_id = $1 order by r.labels->>'i'`,
              [tenant],
            )
          ).rows
        : [];
    if (backend === "postgres") expect(await packedRows()).toEqual([{ n: 40, raw: 0 }, { n: 40, raw: 0 }]);
    const after = await store.select(tenant, [...m], from, from + HOUR);
    expect(after).toEqual(before);
    // A block cache smaller than one read still answers all of it.
    expect(await (await SampleStore.open(db.pool, { blockCacheSamples: 1 })).select(tenant, [...m], from, from + HOUR)).toEqual(before);
    expect(bits(after[0]?.values[3] as number)).toBe(bits(STALE_NAN)); // packed bit-exact
    expect(await store.series(tenant, [...m], from, from)).toHaveLength(2);
    expect((await store.lastSampleAtOrBefore(tenant, [...m], from + 20_000, 300_000)).map((p) => [p.t, p.v])).toEqual([
      [from + 15_000, 1],
      [from + 15_000, -1],
    ]);

    // Late samples into the packed range, one of them retried: read merged at once, packed on the next tick.
    const late: SeriesWrite[] = [{ labels: a, samples: [{ t: from + 7_500, v: 0.5 }] }];
    expect((await store.write(tenant, late)).samples).toBe(1);
    expect((await store.write(tenant, late)).samples).toBe(0);
    const read = async (): Promise<number[]> =>
      Array.from((await store.select(tenant, [...m, { type: "=", name: "i", value: "a" }], from, from + 15_000))[0]?.values ?? []);
    expect(await read()).toEqual([0, 0.5, 1]);
    await settle();
    if (backend === "postgres") expect(await packedRows()).toEqual([{ n: 41, raw: 0 }, { n: 40, raw: 0 }]);
    expect(await read()).toEqual([0, 0.5, 1]);
    // Retried once more after packing, with another value: the first stored value stays, nothing doubles.
    await store.write(tenant, [{ labels: a, samples: [{ t: from + 7_500, v: 99 }] }]);
    expect(await read()).toEqual([0, 0.5, 1]);
    await settle();
    expect(await read()).toEqual([0, 0.5, 1]);
    if (backend === "postgres") expect(await packedRows()).toEqual([{ n: 41, raw: 0 }, { n: 40, raw: 0 }]);
    const [bucket] = (await store.rollups.read(tenant, [...m, { type: "=", name: "i", value: "a" }], "5m", from + 299_999, from + 300_000)).series;
    expect([bucket?.count[0], bucket?.sum[0]]).toEqual([20, 0.5 + (210 - 3)]); // 0.5 and 1..20 without the stale marker (3)
  });

  it("keeps the latest metadata per metric and tenant, and drops it with the metric's last series", async () => {
    const a = uid();
    const b = uid();
    const up = { metric: "up", type: "gauge", help: "1 if the target is up.", unit: "" };
    await store.writeMetadata(a, [up, { metric: "http_requests", type: "counter", help: "Requests.", unit: "" }]);
    await store.writeMetadata(b, [{ ...up, help: "b's own help" }]);
    await store.writeMetadata(a, [{ metric: "http_requests", type: "counter", help: "Requests served.", unit: "requests" }, up]);
    expect(await store.metadata(a)).toEqual([
      { metric: "http_requests", type: "counter", help: "Requests served.", unit: "requests" },
      up,
    ]);
    expect(await store.metadata(a, { metric: "up" })).toEqual([up]);
    expect(await store.metadata(a, { limit: 1 })).toHaveLength(1);
    expect(await store.metadata(b)).toEqual([{ ...up, help: "b's own help" }]);

    await store.write(a, [{ labels: { __name__: "up", job: "x" }, samples: [{ t: hourStart(-24 * 10), v: 1 }] }]);
    await store.write(b, [{ labels: { __name__: "up", job: "x" }, samples: [{ t: hourStart(-1), v: 1 }] }]);
    await store.applyRetention({ defaultMs: 7 * 24 * HOUR });
    expect((await store.metadata(a)).map((m) => m.metric)).toEqual([]); // no series of either metric left
    expect(await store.metadata(b)).toEqual([{ ...up, help: "b's own help" }]); // b's up has a live series
  });

  it("skips a metadata array handed in again unchanged, and compares it again once the tenant's metadata changed", async () => {
    const tenant = uid();
    const declared = [{ metric: "m", type: "gauge", help: "First.", unit: "" }];
    await store.writeMetadata(tenant, declared);
    // Gone behind the store's back: the same array is not even compared, so nothing is written.
    await db.pool.query("delete from tsdb.metric_metadata where tenant_id = $1", [tenant]);
    await store.writeMetadata(tenant, declared);
    expect(await store.metadata(tenant)).toEqual([]);
    await store.writeMetadata(tenant, [{ metric: "m", type: "gauge", help: "Second.", unit: "" }]);
    await store.writeMetadata(tenant, declared);
    expect(await store.metadata(tenant)).toEqual(declared);
  });

  it("answers every read the same from packed blocks as from raw rows (random data, gaps, stale markers, random ranges)", async () => {
    const tenant = uid();
    let seed = 20261125;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const from = hourStart(-8);
    const writes: SeriesWrite[] = Array.from({ length: 6 }, (_, i) => {
      const ts = grid(from + Math.floor(rand() * 40) * 1000, 6 * 240).filter(() => rand() > 0.1);
      return { labels: { __name__: "packed_vs_raw", i: String(i) }, samples: ts.map((t) => ({ t, v: rand() < 0.02 ? STALE_NAN : Math.round(rand() * 1e6) / 100 })) };
    });
    await store.write(tenant, writes);
    const m = [{ type: "=", name: "__name__", value: "packed_vs_raw" }] as const;
    const ranges = Array.from({ length: 25 }, () => {
      const a = from - HOUR + Math.floor(rand() * 8 * HOUR);
      return [a, a + Math.floor(rand() * 4 * HOUR)] as const;
    });
    const asBits = (xs: Array<{ labels: object; timestamps: Float64Array; values: Float64Array }>) =>
      xs.map((x) => ({ labels: x.labels, ts: Array.from(x.timestamps), bits: Array.from(new BigUint64Array(x.values.buffer, x.values.byteOffset, x.values.length)) }));
    const reads = async () =>
      Promise.all(
        ranges.map(async ([a, b]) => ({
          samples: asBits(await store.select(tenant, [...m], a, b)),
          series: await store.series(tenant, [...m], a, b),
          last: await store.lastSampleAtOrBefore(tenant, [...m], b, 300_000),
        })),
      );
    const raw = await reads();
    while ((await store.maintenance()).packed.length > 0);
    if (backend === "postgres") {
      const { rows } = await db.pool.query("select count(*)::int as n from tsdb.sample_blocks b join tsdb.series r on r.id = b.series_id where r.tenant_id = $1", [tenant]);
      expect(rows[0].n).toBeGreaterThanOrEqual(6 * 6); // six series over six closed hours at least
    }
    const packed = await reads();
    // A grid of disjoint windows leaves out exactly the samples between them.
    for (const [k, [a, b]] of ranges.entries()) {
      const grid = { first: a + 7 * 60_000, step: 23 * 60_000, count: Math.floor((b - a) / (23 * 60_000)), width: 5 * 60_000 };
      const inWindow = (t: number): boolean => {
        const i = Math.ceil((t - grid.first) / grid.step);
        return i >= 0 && i < grid.count && grid.first + i * grid.step - grid.width <= t;
      };
      const all = await store.select(tenant, [...m], a, b);
      const filtered = all
        .map((x) => {
          const keep = Array.from(x.timestamps.keys()).filter((i) => inWindow(x.timestamps[i] as number));
          return { labels: x.labels, timestamps: Float64Array.from(keep, (i) => x.timestamps[i] as number), values: Float64Array.from(keep, (i) => x.values[i] as number) };
        })
        .filter((x) => x.timestamps.length);
      const gridded = (await store.select(tenant, [...m], a, b, undefined, grid)).filter((x) => x.timestamps.length);
      expect(asBits(gridded), `range ${k}`).toEqual(asBits(filtered));
    }
    packed.forEach((p, k) => {
      expect(p.samples, `range ${k}`).toEqual(raw[k]?.samples);
      // A block overlapping the range counts for /series even without a sample inside it (as Prometheus's chunks do).
      expect(p.series.length, `range ${k}`).toBeGreaterThanOrEqual(raw[k]?.series.length ?? 0);
      expect(p.last.map((x) => [x.labels, x.t]), `range ${k}`).toEqual(raw[k]?.last.map((x) => [x.labels, x.t]));
    });
  });

  it("keeps settled raw samples in memory and reads them again after a late write or retention deleted some", async () => {
    const tenant = uid();
    const now = Date.now();
    const labels = { __name__: "settled", i: "1" };
    const m = [{ type: "=", name: "__name__", value: "settled" }] as const;
    const ts = grid(now - 40 * 60_000, 160); // the last 40 minutes: the first 29 are settled (see settled-samples.ts)
    await store.write(tenant, [{ labels, samples: ts.map((t, i) => ({ t, v: i })) }]);
    const reader = await SampleStore.open(db.pool); // another process's
    const read = async (from: number): Promise<number[]> => (await reader.select(tenant, [...m], from, now)).flatMap((x) => Array.from(x.values));
    expect(await read(ts[0]!)).toEqual(ts.map((_, i) => i));
    // Changed behind the writers' back (never happens: settled samples only change by late writes), a settled
    // sample shows whether it came from memory; a recent one is read again.
    await db.pool.query("update tsdb.samples set v = -1 where t = any($1::bigint[]) and series_id = (select id from tsdb.series where tenant_id = $2)", [
      [ts[10], ts[150]],
      tenant,
    ]);
    const second = await read(ts[0]!);
    expect(second[10]).toBe(backend === "postgres" ? 10 : -1);
    expect(second[150]).toBe(-1);
    // A late write moves the tenant's generation on: all of it is read again, the late sample included.
    await store.write(tenant, [{ labels, samples: [{ t: ts[0]! - 15_000, v: 99 }] }]);
    const third = await read(ts[0]! - 15_000);
    expect([third[0], third[11], third.length]).toEqual([99, -1, 161]);
    // Retention deleting raw samples moves every tenant's generation on.
    await store.applyRetention({ defaultMs: 365 * 24 * HOUR, tenants: { [tenant]: 30 * 60_000 } });
    const kept = ts.filter((t) => t >= Date.now() - 30 * 60_000).length;
    expect((await read(ts[0]! - 15_000)).length).toBeLessThanOrEqual(kept);
  });

  it("answers reads through its settled samples as a reader without them does (moving clock, late writes, packing)", async () => {
    const tenant = uid();
    let clock = hourStart(-7);
    const now = (): number => clock;
    const writer = await SampleStore.open(db.pool, { now });
    const reader = await SampleStore.open(db.pool, { now });
    const uncached = await SampleStore.open(db.pool, { now, settledCacheSamples: 0 });
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const m = [{ type: "=~", name: "__name__", value: "moving_.*" }] as const;
    const asBits = (xs: Array<{ labels: object; timestamps: Float64Array; values: Float64Array }>) =>
      xs
        .map((x) => ({ labels: JSON.stringify(x.labels), ts: Array.from(x.timestamps), bits: Array.from(new BigUint64Array(x.values.buffer, x.values.byteOffset, x.values.length)) }))
        .sort((a, b) => a.labels.localeCompare(b.labels));
    for (let step = 0; step < 60; step++) {
      const writes: SeriesWrite[] = [];
      for (let i = 0; i < 4; i++) {
        const samples = grid(clock - 5 * 60_000 + 15_000, 20).map((t) => ({ t, v: rand() < 0.03 ? STALE_NAN : Math.round(rand() * 1e4) }));
        writes.push({ labels: { __name__: `moving_${i % 2}`, i: String(i) }, samples });
      }
      if (step % 7 === 3) writes.push({ labels: { __name__: "moving_late", i: "0" }, samples: [{ t: clock - (20 + step) * 60_000 - 7_000, v: step }] });
      await writer.write(tenant, writes);
      if (step % 12 === 11) while ((await writer.maintenance()).packed.length > 0);
      // Windows ending now, and one hours back (apart from what the others read).
      for (const [hours, back] of [[1, 0], [3, 0], [0.25, 0], [0.5, 4]] as const) {
        const end = clock - back * HOUR - Math.floor(rand() * 3) * 60_000;
        const start = end - hours * HOUR;
        expect(asBits(await reader.select(tenant, [...m], start, end)), `step ${step}, ${hours} h`).toEqual(asBits(await uncached.select(tenant, [...m], start, end)));
      }
      clock += 5 * 60_000;
    }
  });

  it("reports usage per tenant", async () => {
    const tenant = uid();
    const now = Date.now();
    await store.write(tenant, [{ labels: { __name__: "u", i: "1" }, samples: grid(now - 290_000, 20).map((t) => ({ t, v: 1 })) }]);
    // Another tenant's series, its id between two of this tenant's (in the same series group): not counted.
    await store.write(uid(), [{ labels: { __name__: "u", i: "1" }, samples: grid(now - 290_000, 20).map((t) => ({ t, v: 1 })) }]);
    await store.write(tenant, [
      { labels: { __name__: "u", i: "2" }, samples: [{ t: now - 2 * HOUR, v: 1 }] },
      { labels: { __name__: "u", i: "3" }, samples: grid(now - 290_000, 10).map((t) => ({ t, v: 1 })) },
    ]);
    await store.maintenance(); // the size estimate apportions by the 1h rollups' sample counts
    const u = await store.usage(tenant);
    expect(u.activeSeries).toBe(2);
    expect(u.samplesPerSecond).toBeCloseTo(30 / 300, 6);
    expect(u.bytesEstimate).toBeGreaterThan(0);
    expect((await store.usage(uid())).bytesEstimate).toBe(0);
  });

  it("applies retention: whole partitions, shorter per-tenant retention, and dead series", async () => {
    const keep = uid();
    const short = uid();
    const old = hourStart(-24 * 10);
    const mid = hourStart(-24 * 3);
    const recent = hourStart(-1);
    const oldLabels = { __name__: "ret", age: "old" };
    for (const tenant of [keep, short]) {
      await store.write(tenant, [
        { labels: oldLabels, samples: [{ t: old, v: 1 }] },
        { labels: { __name__: "ret", age: "mixed" }, samples: [{ t: mid, v: 2 }, { t: recent, v: 3 }] },
      ]);
    }
    const policy = { defaultMs: 7 * 24 * HOUR, tenants: { [short]: 2 * 24 * HOUR } };
    const { retention } = await store.maintenance({ retention: policy });
    expect(retention?.droppedPartitions).toBeGreaterThan(0);
    expect(retention?.deletedSamples).toBeGreaterThan(0);
    expect(await store.applyRetention(policy)).toEqual({ droppedPartitions: 0, deletedSamples: 0, deletedSeries: 0 });
    const left = async (tenant: string): Promise<number[]> =>
      (await store.select(tenant, [{ type: "=", name: "__name__", value: "ret" }], 0, Date.now())).flatMap((s) => Array.from(s.timestamps));
    expect(await left(keep)).toEqual([mid, recent]);
    expect(await left(short)).toEqual([recent]);
    expect(await store.labelValues(keep, "age")).toEqual(["mixed"]);
    // A writer whose cache still holds a deleted series (also by its label object) recreates it.
    const again = await store.write(keep, [{ labels: oldLabels, samples: [{ t: recent, v: 9 }] }]);
    expect(again).toEqual({ samples: 1, seriesCreated: 1 });
  });
});
