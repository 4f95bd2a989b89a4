/** Alert state as Prometheus keeps it per alerting rule, and the store that makes it survive restarts. */
import type { Labels } from "@boardwatch/promql";

export type AlertState = "pending" | "firing" | "inactive";

/** One active (or recently resolved) alert of a rule; all times are ms since the epoch. */
export interface ActiveAlert {
  labels: Labels;
  annotations: Labels;
  state: AlertState;
  value: number;
  activeAtMs: number;
  firedAtMs?: number;
  resolvedAtMs?: number;
  lastSentAtMs?: number;
  validUntilMs?: number;
  keepFiringSinceMs?: number;
}

/** What one rule remembers between evaluations. */
export interface RuleState {
  /** Active alerts keyed by label fingerprint (alerting rules only). */
  active: Record<string, ActiveAlert>;
  /** Series written by the previous evaluation, so vanished ones get staleness markers. */
  previousSeries: Labels[];
}

/** A group's state, keyed by rule identity (name, labels and occurrence). */
export interface GroupState {
  rules: Record<string, RuleState>;
}

/** Persistence for rule state; the worker backs it with Redis or Postgres, tests with memory. */
export interface AlertStateStore {
  load(groupKey: string): Promise<GroupState | undefined>;
  save(groupKey: string, state: GroupState): Promise<void>;
}

/** An AlertStateStore in memory that round-trips through JSON, so tests see exactly what a real store would keep. */
export class MemoryAlertStateStore implements AlertStateStore {
  private readonly data = new Map<string, string>();

  async load(groupKey: string): Promise<GroupState | undefined> {
    const s = this.data.get(groupKey);
    return s === undefined ? undefined : (JSON.parse(s) as GroupState);
  }

  async save(groupKey: string, state: GroupState): Promise<void> {
    this.data.set(groupKey, JSON.stringify(state));
  }
}
