import type pg from "pg";
import type { MetricMetadata } from "./types";

/**
 * Metric metadata per tenant: the latest HELP, TYPE and UNIT each metric family declared. Scrapes repeat the
 * same metadata every time, so each process remembers what it stored and writes only changes.
 */
export class MetadataStore {
  /** What this process stored, per tenant and metric: compared field by field, nothing built per entry. */
  private readonly stored = new Map<string, Map<string, MetricMetadata>>();
  private remembered = 0;
  /**
   * Arrays found stored as they are, with the tenant and its generation then: a scraper hands in the same array
   * while a target declares the same, so it is skipped without comparing. Any change for the tenant moves its
   * generation on, so an array is compared again once some other write changed what is stored.
   */
  private checked = new WeakMap<MetricMetadata[], { tenantId: string; generation: number }>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxRemembered = 1_000_000,
  ) {}

  /** Stores what changed in `entries` (the last entry of a metric wins). Treat `entries` as read-only after. */
  async write(tenantId: string, entries: MetricMetadata[]): Promise<void> {
    const generation = this.generations.get(tenantId) ?? 0;
    const checked = this.checked.get(entries);
    if (checked?.tenantId === tenantId && checked.generation === generation) return;
    const known = this.stored.get(tenantId);
    const changed = new Map<string, MetricMetadata>();
    for (const m of entries) {
      const k = known?.get(m.metric);
      if (k?.type !== m.type || k.help !== m.help || k.unit !== m.unit) changed.set(m.metric, m);
    }
    if (!changed.size) {
      this.checked.set(entries, { tenantId, generation });
      return;
    }
    const rows = [...changed.values()];
    await this.pool.query(
      `insert into tsdb.metric_metadata (tenant_id, metric, type, help, unit)
       select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[])
       on conflict (tenant_id, metric) do update set type = excluded.type, help = excluded.help, unit = excluded.unit
       where (tsdb.metric_metadata.type, tsdb.metric_metadata.help, tsdb.metric_metadata.unit)
             is distinct from (excluded.type, excluded.help, excluded.unit)`,
      [tenantId, rows.map((m) => m.metric), rows.map((m) => m.type), rows.map((m) => m.help), rows.map((m) => m.unit)],
    );
    if (this.remembered + rows.length > this.maxRemembered) this.clear();
    let mine = this.stored.get(tenantId);
    if (!mine) this.stored.set(tenantId, (mine = new Map()));
    for (const m of rows) {
      if (!mine.has(m.metric)) this.remembered++;
      mine.set(m.metric, m);
    }
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
  }

  /** The tenant's metadata, by metric name; only `metric` when given; at most `limit` metrics (0: all). */
  async read(tenantId: string, opts: { metric?: string; limit?: number } = {}): Promise<MetricMetadata[]> {
    const { rows } = await this.pool.query<MetricMetadata>(
      `select metric, type, help, unit from tsdb.metric_metadata
       where tenant_id = $1 and ($2::text is null or metric = $2) order by metric limit $3`,
      [tenantId, opts.metric ?? null, opts.limit && opts.limit > 0 ? opts.limit : null],
    );
    return rows;
  }

  /** Forgets what was stored (after retention deleted rows). */
  clear(): void {
    this.stored.clear();
    this.remembered = 0;
    this.checked = new WeakMap();
  }
}
