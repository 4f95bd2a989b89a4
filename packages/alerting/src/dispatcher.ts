/** Alertmanager's dispatcher as a pure state machine: alerts in, due notifications out, driven by an injected clock. */
import { createHash } from "node:crypto";
import type { Labels } from "@boardwatch/promql";
import type { AlertmanagerConfig, Route, SlackConfig } from "./alertmanager-config";
import { fingerprint, formatLabels } from "./fingerprint";
import type { NotifyAlert } from "./group";
import { isInhibited } from "./inhibit";
import { formatMatchers, matchesAll } from "./matchers";
import type { NotificationLog, NotificationLogEntry } from "./notification-log";
import { silencedBy, type Silence } from "./silences";

/** An aggregation group: the alerts one route collects for one set of group_by values. */
export interface AggregationGroup {
  key: string;
  /** Child indexes from the root route, so a snapshot survives a restart. */
  routePath: number[];
  labels: Labels;
  alerts: Record<string, NotifyAlert>;
  nextFlushMs: number;
  hasFlushed: boolean;
}

/** Serialisable dispatcher state, for a store shared by workers. */
export interface DispatcherSnapshot {
  groups: AggregationGroup[];
}

/** A message due to one receiver integration; record it with `markSent` once delivered. */
export interface Notification {
  idempotencyKey: string;
  groupKey: string;
  receiver: string;
  integration: number;
  slack: SlackConfig;
  status: "firing" | "resolved";
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  firing: NotifyAlert[];
  resolved: NotifyAlert[];
  timestampMs: number;
  /** Fingerprints Alertmanager logs: every resolved alert, even when send_resolved hides them. */
  loggedResolved: string[];
}

export interface DueOptions {
  silences: Silence[];
  log: NotificationLog;
}

/** Delivers one notification; throwing leaves it unlogged so the next flush retries it. */
export type NotifyFunc = (n: Notification) => Promise<void>;

function isResolved(a: NotifyAlert, nowMs: number): boolean {
  return a.endsAtMs <= nowMs;
}

function common(maps: Labels[]): Labels {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

/** Alertmanager's alert order in notifications: by job, then instance, then the whole label set. */
function compareAlerts(a: NotifyAlert, b: NotifyAlert): number {
  for (const k of ["job", "instance"]) {
    const x = a.labels[k];
    const y = b.labels[k];
    if (x !== y) return x === undefined ? 1 : y === undefined ? -1 : x < y ? -1 : 1;
  }
  const x = formatLabels(a.labels);
  const y = formatLabels(b.labels);
  return x < y ? -1 : x > y ? 1 : 0;
}

function routeKey(path: Route[]): string {
  return path.map((r) => formatMatchers(r.matchers)).join("/");
}

/** Alertmanager's Route.Match: the deepest matching routes, continuing past a match only with `continue`. */
function matchRoutes(route: Route, labels: Labels, path: number[]): number[][] {
  if (!matchesAll(route.matchers, labels)) return [];
  const out: number[][] = [];
  for (const [i, child] of route.routes.entries()) {
    const m = matchRoutes(child, labels, [...path, i]);
    out.push(...m);
    if (m.length > 0 && !child.continue) break;
  }
  return out.length > 0 ? out : [path];
}

/** Alertmanager's DedupStage.needsUpdate. */
function needsUpdate(entry: NotificationLogEntry | undefined, firing: Set<string>, resolved: Set<string>, sendResolved: boolean, repeatMs: number, nowMs: number): boolean {
  if (!entry) return firing.size > 0;
  const logged = new Set(entry.firing);
  if (![...firing].every((f) => logged.has(f))) return true;
  // All resolved: notify (even without send_resolved) so the log forgets the firing alerts, unless the receiver never heard of them.
  if (firing.size === 0) return entry.firing.length > 0;
  const loggedResolved = new Set(entry.resolved);
  if (sendResolved && ![...resolved].every((r) => loggedResolved.has(r))) return true;
  return entry.timestampMs < nowMs - repeatMs;
}

/** A deterministic key per notification content and flush time: a job id that makes retries and duplicate workers harmless. */
export function idempotencyKey(groupKey: string, receiver: string, integration: number, firing: string[], resolved: string[], timestampMs: number): string {
  const h = createHash("sha256").update(JSON.stringify([groupKey, receiver, integration, [...firing].sort(), [...resolved].sort(), timestampMs]));
  return `notify:${h.digest("hex").slice(0, 32)}`;
}

/** Routes, groups, silences, inhibits and deduplicates alerts the way Alertmanager does, without timers of its own. */
export class Dispatcher {
  private readonly groups = new Map<string, AggregationGroup>();

  constructor(
    private readonly config: AlertmanagerConfig,
    snapshot?: DispatcherSnapshot,
  ) {
    for (const g of snapshot?.groups ?? []) {
      // Alerts are routed again under the current configuration, as Alertmanager does on a reload: a changed
      // route or group_by regroups them. A group that keeps its key keeps its timers.
      for (const [fp, alert] of Object.entries(g.alerts)) {
        for (const path of matchRoutes(this.config.route, alert.labels, [])) {
          const { key, labels } = this.groupOf(path, alert.labels);
          const target = this.groups.get(key) ?? { key, routePath: path, labels, alerts: {}, nextFlushMs: g.nextFlushMs, hasFlushed: g.hasFlushed };
          target.alerts[fp] = structuredClone(alert);
          this.groups.set(key, target);
        }
      }
    }
  }

  /** The aggregation group an alert routed to `path` belongs to: its key and its group_by labels. */
  private groupOf(path: number[], labels: Labels): { key: string; labels: Labels } {
    const chain = this.routeAt(path) as Route[];
    const route = chain[chain.length - 1] as Route;
    const groupLabels = route.groupBy === undefined ? { ...labels } : Object.fromEntries(route.groupBy.filter((n) => n in labels).map((n) => [n, labels[n] as string]));
    return { key: `${routeKey(chain)}/${path.join(".")}:${formatLabels(groupLabels)}`, labels: groupLabels };
  }

  /** The state to persist between runs. */
  snapshot(): DispatcherSnapshot {
    return { groups: structuredClone([...this.groups.values()]) };
  }

  private routeAt(path: number[]): Route[] | undefined {
    const chain = [this.config.route];
    for (const i of path) {
      const next = chain[chain.length - 1]?.routes[i];
      if (!next) return undefined;
      chain.push(next);
    }
    return chain;
  }

  /** Adds or updates alerts (from rule evaluation) at `nowMs`. */
  receive(alerts: NotifyAlert[], nowMs: number): void {
    for (const alert of alerts) {
      const fp = fingerprint(alert.labels);
      for (const path of matchRoutes(this.config.route, alert.labels, [])) {
        const route = this.routeAt(path)?.at(-1) as Route;
        const { key, labels: groupLabels } = this.groupOf(path, alert.labels);
        let g = this.groups.get(key);
        if (!g) {
          g = { key, routePath: path, labels: groupLabels, alerts: {}, nextFlushMs: nowMs + route.groupWaitMs, hasFlushed: false };
          this.groups.set(key, g);
        }
        const existing = g.alerts[fp];
        // Like Alertmanager's merge: an alert that is still active keeps its original start.
        const startsAtMs = existing && !isResolved(existing, nowMs) ? Math.min(existing.startsAtMs, alert.startsAtMs) : alert.startsAtMs;
        g.alerts[fp] = { ...alert, startsAtMs };
        // Alerts that started long ago need not wait for group_wait before the first notification.
        if (!g.hasFlushed && alert.startsAtMs + route.groupWaitMs < nowMs) g.nextFlushMs = Math.min(g.nextFlushMs, nowMs);
      }
    }
  }

  /** The earliest time a group is due, to schedule the next `due` call; undefined when there are no groups. */
  nextFlushMs(): number | undefined {
    const times = [...this.groups.values()].map((g) => g.nextFlushMs);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** Flushes every group whose timer expired: returns what must be sent now and advances timers by group_interval. */
  async due(nowMs: number, o: DueOptions): Promise<Notification[]> {
    const out: Notification[] = [];
    const firingLabels = [...this.groups.values()].flatMap((g) => Object.values(g.alerts).filter((a) => !isResolved(a, nowMs)).map((a) => a.labels));
    for (const g of this.groups.values()) {
      if (g.nextFlushMs > nowMs) continue;
      const chain = this.routeAt(g.routePath) as Route[];
      const route = chain[chain.length - 1] as Route;
      g.nextFlushMs = nowMs + route.groupIntervalMs;
      g.hasFlushed = true;
      const visible = Object.entries(g.alerts)
        .filter(([, a]) => silencedBy(a.labels, o.silences, nowMs).length === 0 && !isInhibited(a.labels, firingLabels, this.config.inhibitRules))
        .sort(([, x], [, y]) => compareAlerts(x, y));
      const firing = visible.filter(([, a]) => !isResolved(a, nowMs));
      const resolved = visible.filter(([, a]) => isResolved(a, nowMs));
      const firingFps = new Set(firing.map(([fp]) => fp));
      const resolvedFps = new Set(resolved.map(([fp]) => fp));
      const receiver = this.config.receivers.find((r) => r.name === route.receiver);
      let pending = 0;
      for (const [integration, slack] of (receiver?.slackConfigs ?? []).entries()) {
        const entry = await o.log.get(g.key, route.receiver, integration);
        if (visible.length === 0 || !needsUpdate(entry, firingFps, resolvedFps, slack.sendResolved, route.repeatIntervalMs, nowMs)) continue;
        const sent = slack.sendResolved ? visible : firing;
        const n: Notification = {
          idempotencyKey: idempotencyKey(g.key, route.receiver, integration, [...firingFps], [...resolvedFps], nowMs),
          groupKey: g.key,
          receiver: route.receiver,
          integration,
          slack,
          status: firing.length > 0 ? "firing" : "resolved",
          groupLabels: g.labels,
          commonLabels: common(sent.map(([, a]) => a.labels)),
          commonAnnotations: common(sent.map(([, a]) => a.annotations)),
          firing: firing.map(([, a]) => a),
          resolved: slack.sendResolved ? resolved.map(([, a]) => a) : [],
          timestampMs: nowMs,
          loggedResolved: [...resolvedFps],
        };
        // Nothing to show (all resolved, send_resolved off): Alertmanager logs it without sending.
        if (sent.length === 0) await this.markSent(n, o.log);
        else {
          out.push(n);
          pending++;
        }
      }
      if (pending === 0) this.dropResolved(g, resolved.map(([fp, a]) => [fp, a.endsAtMs]), nowMs);
    }
    return out;
  }

  /** Records a delivered notification in the log and forgets the resolved alerts it reported. */
  async markSent(n: Notification, log: NotificationLog): Promise<void> {
    await log.record({
      groupKey: n.groupKey,
      receiver: n.receiver,
      integration: n.integration,
      firing: n.firing.map((a) => fingerprint(a.labels)),
      resolved: n.loggedResolved,
      timestampMs: n.timestampMs,
      idempotencyKey: n.idempotencyKey,
    });
    const g = this.groups.get(n.groupKey);
    if (g) this.dropResolved(g, n.resolved.map((a) => [fingerprint(a.labels), a.endsAtMs]), n.timestampMs);
  }

  /** Alertmanager's DeleteIfNotModified: resolved alerts leave the group unless they changed since. */
  private dropResolved(g: AggregationGroup, resolved: Array<[string, number]>, nowMs: number): void {
    for (const [fp, endsAtMs] of resolved) {
      const a = g.alerts[fp];
      if (a && a.endsAtMs === endsAtMs && isResolved(a, nowMs)) delete g.alerts[fp];
    }
    if (Object.keys(g.alerts).length === 0) this.groups.delete(g.key);
  }

  /** The groups currently held (for the UI and tests). */
  aggregationGroups(): AggregationGroup[] {
    return [...this.groups.values()];
  }
}

/** Sends every due notification once: skips ones already logged (a crashed worker's retry), logs each after a successful send. */
export async function flushDue(dispatcher: Dispatcher, nowMs: number, o: DueOptions & { notify: NotifyFunc }): Promise<{ sent: Notification[]; failed: Array<{ notification: Notification; error: Error }> }> {
  const sent: Notification[] = [];
  const failed: Array<{ notification: Notification; error: Error }> = [];
  for (const n of await dispatcher.due(nowMs, o)) {
    if (await o.log.has(n.idempotencyKey)) continue;
    try {
      await o.notify(n);
      await dispatcher.markSent(n, o.log);
      sent.push(n);
    } catch (e) {
      failed.push({ notification: n, error: e as Error });
    }
  }
  return { sent, failed };
}
