/** Alertmanager's notification log: what was last sent per aggregation group and receiver integration. */

export interface NotificationLogEntry {
  groupKey: string;
  receiver: string;
  integration: number;
  firing: string[];
  resolved: string[];
  timestampMs: number;
  idempotencyKey: string;
}

/** Read and written by the dispatcher; a Redis or Postgres implementation gives workers a shared view. */
export interface NotificationLog {
  get(groupKey: string, receiver: string, integration: number): Promise<NotificationLogEntry | undefined>;
  record(entry: NotificationLogEntry): Promise<void>;
  /** Whether a notification with this key was already recorded (exactly-once delivery checks it before sending). */
  has(idempotencyKey: string): Promise<boolean>;
}

/** Entries are kept this long, as Alertmanager's --data.retention default. */
export const NOTIFICATION_LOG_RETENTION_MS = 120 * 3600_000;

/** An in-memory notification log with Alertmanager's retention. */
export class MemoryNotificationLog implements NotificationLog {
  private readonly entries = new Map<string, NotificationLogEntry>();
  private readonly keys = new Set<string>();

  async get(groupKey: string, receiver: string, integration: number): Promise<NotificationLogEntry | undefined> {
    return this.entries.get(JSON.stringify([groupKey, receiver, integration]));
  }

  async record(entry: NotificationLogEntry): Promise<void> {
    this.entries.set(JSON.stringify([entry.groupKey, entry.receiver, entry.integration]), entry);
    this.keys.add(entry.idempotencyKey);
  }

  async has(idempotencyKey: string): Promise<boolean> {
    return this.keys.has(idempotencyKey);
  }

  /** Drops entries older than the retention. */
  gc(nowMs: number): void {
    for (const [k, e] of this.entries) {
      if (nowMs - e.timestampMs > NOTIFICATION_LOG_RETENTION_MS) {
        this.entries.delete(k);
        this.keys.delete(e.idempotencyKey);
      }
    }
  }
}
