import { MemoryQuerier } from "@boardwatch/promql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../test/fake-slack";
import { MemoryAlertStateStore, type AlertStateStore } from "./alert-state";
import { parseAlertmanagerConfig } from "./alertmanager-config";
import { Dispatcher, flushDue } from "./dispatcher";
import { evaluateGroup, groupEvalOffset, groupEvalTime } from "./group";
import { MemoryNotificationLog } from "./notification-log";
import { engineQueryFunc } from "./query-func";
import { parseRuleGroup } from "./rule-file";
import { slackNotifier } from "./slack-notifier";

const S = 1000;
const MIN = 60 * S;
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

let slack: FakeSlack;
beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(async () => {
  await slack.close();
});

/** A board scraped every 15s whose temperature is `hot` between the given minutes and 45°C otherwise. */
function board(hotFromMin: number, hotUntilMin: number): MemoryQuerier {
  const q = new MemoryQuerier();
  const ts: number[] = [];
  const vs: number[] = [];
  for (let t = 0; t <= 60 * MIN; t += 15 * S) {
    ts.push(T0 + t);
    vs.push(t >= hotFromMin * MIN && t < hotUntilMin * MIN ? 92 : 45);
  }
  q.append({ __name__: "board_temperature_celsius", board: "pi-kitchen", job: "boards", sensor: "cpu" }, Float64Array.from(ts), Float64Array.from(vs));
  return q;
}

const group = parseRuleGroup(`
name: boards
interval: 1m
rules:
- alert: BoardOverheating
  expr: board_temperature_celsius > 80
  for: 3m
  labels: { severity: critical }
  annotations:
    summary: "{{ $labels.board }} is overheating"
    description: "{{ $labels.sensor }} at {{ $value }}°C"
`);

/** One process's view of the pipeline: what a worker holds in memory, rebuilt from the stores after a restart. */
function worker(querier: MemoryQuerier, stores: { state: AlertStateStore; log: MemoryNotificationLog; snapshot?: ReturnType<Dispatcher["snapshot"]> }) {
  const config = parseAlertmanagerConfig(`
route: { receiver: fleet, group_by: [alertname, board], group_wait: 30s, group_interval: 1m, repeat_interval: 4h }
receivers:
- name: fleet
  slack_configs: [{ api_url: "${slack.url}", channel: "#fleet", send_resolved: true }]
`);
  const dispatcher = new Dispatcher(config, stores.snapshot);
  const notify = slackNotifier({ linkBase: "https://bw.test/acme", sleep: async () => undefined });
  const deps = { query: engineQueryFunc(querier), state: stores.state, groupKey: "acme/boards.yaml/boards", externalURL: "https://bw.test" };
  const offset = groupEvalOffset(deps.groupKey, MIN);
  let lastEval = -Infinity;
  /** Advances the fake clock: evaluates the group when its aligned slot comes, then flushes due notifications. */
  const tick = async (now: number) => {
    const evalAt = groupEvalTime(MIN, now, offset);
    if (evalAt > lastEval) {
      lastEval = evalAt;
      const result = await evaluateGroup(group, evalAt, deps);
      dispatcher.receive(result.alerts, now);
    }
    await flushDue(dispatcher, now, { silences: [], log: stores.log, notify });
    return dispatcher.snapshot();
  };
  return { tick };
}

const texts = () => slack.requests.map((r) => r.body.text);

describe("end to end: temperature → rule → dispatcher → Slack", () => {
  it("posts exactly one firing message after `for` and exactly one resolved message", async () => {
    const { tick } = worker(board(5, 20), { state: new MemoryAlertStateStore(), log: new MemoryNotificationLog() });
    let firstFiringAt: number | undefined;
    for (let t = T0; t <= T0 + 40 * MIN; t += 5 * S) {
      await tick(t);
      if (firstFiringAt === undefined && slack.requests.length > 0) firstFiringAt = t - T0;
    }
    expect(texts()).toEqual(["[FIRING:1] BoardOverheating pi-kitchen (boards cpu critical)", "[RESOLVED] BoardOverheating pi-kitchen (boards cpu critical)"]);
    // Hot from minute 5; pending at the first evaluation after that, firing 3 minutes later, sent at once (it started before group_wait).
    expect(firstFiringAt).toBeGreaterThanOrEqual(8 * MIN);
    expect(firstFiringAt).toBeLessThan(10 * MIN);
    const firing = slack.requests[0]!.body;
    expect(firing.channel).toBe("#fleet");
    expect(JSON.stringify(firing)).toContain("cpu at 92°C");
    expect(slack.requests[1]!.body.attachments?.[0]?.color).toBe("#2EB67D");
  });

  it("restarting while pending keeps the pending timer and does not notify twice", async () => {
    const querier = board(5, 20);
    const state = new MemoryAlertStateStore();
    const log = new MemoryNotificationLog();
    let w = worker(querier, { state, log });
    let snapshot = await w.tick(T0);
    let t = T0;
    for (; t <= T0 + 7 * MIN; t += 5 * S) snapshot = await w.tick(t);
    expect(slack.requests).toHaveLength(0);
    const pending = Object.values((await state.load("acme/boards.yaml/boards"))!.rules)[0]!.active;
    const activeAt = Object.values(pending)[0]!.activeAtMs;
    expect(Object.values(pending)[0]!.state).toBe("pending");

    // Crash and restart: a new worker rebuilt from the persisted state, log and dispatcher snapshot.
    w = worker(querier, { state, log, snapshot });
    let firedAt: number | undefined;
    for (; t <= T0 + 14 * MIN; t += 5 * S) {
      snapshot = await w.tick(t);
      if (firedAt === undefined && slack.requests.length > 0) firedAt = t;
    }
    // The `for` clock kept running across the restart: firing 3 minutes after the original activeAt.
    expect(firedAt! - activeAt).toBeGreaterThanOrEqual(3 * MIN);
    expect(firedAt! - activeAt).toBeLessThan(4 * MIN);

    // Restart again while firing: nothing is re-sent.
    w = worker(querier, { state, log, snapshot });
    for (; t <= T0 + 18 * MIN; t += 5 * S) snapshot = await w.tick(t);
    expect(texts()).toEqual(["[FIRING:1] BoardOverheating pi-kitchen (boards cpu critical)"]);
    for (; t <= T0 + 30 * MIN; t += 5 * S) snapshot = await w.tick(t);
    expect(texts()).toEqual(["[FIRING:1] BoardOverheating pi-kitchen (boards cpu critical)", "[RESOLVED] BoardOverheating pi-kitchen (boards cpu critical)"]);
  });
});
