/**
 * Width of a TimescaleDB chunk (small enough to compress soon after it closes), and the widest plain-PostgreSQL
 * partition: databases created before 1 h partitions have 4 h ones.
 */
export const PARTITION_MS = 4 * 3600_000;
/**
 * Width of the plain-path partitions of databases created now (kept in `tsdb.meta`). A partition is read row by
 * row until it is packed, ten minutes after it closes: narrow ones keep that raw tail of every query short.
 */
export const PLAIN_PARTITION_MS = 3600_000;
/**
 * Plain path: raw samples are keyed by (series group, t, series id), a group being the ids with the same
 * `id >> SERIES_GROUP_BITS`. Ids are handed out together for the series a scrape creates, so one scrape's rows
 * go to the end of one or two groups' ranges of the index. Keyed by (series id, t), every series had its own
 * insertion point: once a partition's index outgrew shared_buffers, each row cost a page read and a page write
 * (`npm run bench -- scrape-e2e` after 10 minutes: 25 CPU-s per million samples, Postgres saturated). Readers
 * scan a group's range once for all the series they want of it (read-queries.ts).
 */
export const SERIES_GROUP_BITS = 7;
/** Chunks older than this are compressed (segment by series, order by time). */
export const COMPRESS_AFTER_MS = 6 * 3600_000;
/** Rollup bucket widths. */
export const ROLLUP_MS = { "5m": 300_000, "1h": 3600_000 } as const;
/**
 * Plain path: final rollup buckets are packed into one row per series and block: 5m buckets by the hour, whole days
 * of those merged into one block; 1h buckets by the day. A week of a series is then about a dozen rows.
 */
export const ROLLUP_BLOCK_MS = { "5m": [3600_000, 86_400_000], "1h": [86_400_000] } as const;
/** A rollup bucket's columns after `series_id` and `bucket`, as the rollup tables and their blocks hold them. */
export const ROLLUP_COLUMNS = ["count", "first_t", "last_t", "sum", "min", "max", "first", "last", "increase", "stale_t"] as const;
/** The widest rollup block. */
export const MAX_ROLLUP_BLOCK_MS = 86_400_000;
/** Bit pattern of the staleness marker as a bytea literal; stale markers are not samples and stay out of rollups. */
export const STALE_BYTEA_SQL = `'\\x7ff0000000000002'::bytea`;
/** A closed plain-path partition is packed into per-series blocks once it has been closed this long (late samples mostly arrived). */
export const PACK_AFTER_CLOSE_MS = 10 * 60_000;
/**
 * Writes with samples older than this are "late": the writer records them, so the next rollup refresh recomputes
 * their buckets and readers drop the settled samples they cached.
 */
export const LATE_AFTER_MS = 10 * 60_000;
