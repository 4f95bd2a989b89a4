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
