import { describe, expect, it } from "vitest";
import { AlertmanagerConfigError, parseAlertmanagerConfig, renderAlertmanagerConfig } from "./alertmanager-config";
import { Dispatcher, flushDue, type Notification } from "./dispatcher";
import type { NotifyAlert } from "./group";
import { parseMatchers } from "./matchers";
import { MemoryNotificationLog } from "./notification-log";
import { validateSilence, type Silence } from "./silences";

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;

const configYaml = `
global: { slack_api_url: "https://hooks.slack.com/services/T0/B0/globalsecret" }
route:
  receiver: default
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
  - matchers: ['severity="critical"']
    receiver: oncall
    continue: true
  - matchers: ['board=~"lab-.*"']
    receiver: lab
    group_by: ['...']
    group_wait: 10s
receivers:
- name: default
  slack_configs: [{ channel: "#alerts", send_resolved: true }]
- name: oncall
  slack_configs: [{ api_url: "https://hooks.slack.com/services/T1/B1/oncallsecret", channel: "#oncall" }]
- name: lab
  slack_configs: [{ channel: "#lab", send_resolved: true }]
inhibit_rules:
- source_matchers: [alertname="BoardDown"]
  target_matchers: [severity="warning"]
  equal: [board]
`;

/** A firing alert as rule evaluation sends it (valid for an hour here), or one resolved at `resolvedAt`. */
function alert(name: string, labels: Record<string, string>, at: number, resolvedAt?: number): NotifyAlert {
  return {
    labels: { alertname: name, ...labels },
    annotations: { summary: `${name} on ${labels.board}` },
    startsAtMs: at,
    endsAtMs: resolvedAt ?? at + HOUR,
    generatorURL: "https://bw.example/graph",
    value: 1,
  };
}

const brief = (ns: Notification[]) => ns.map((n) => `${n.receiver} ${n.status} ${n.firing.length}f/${n.resolved.length}r ${JSON.stringify(n.groupLabels)}`);

function setup() {
  const config = parseAlertmanagerConfig(configYaml);
  const dispatcher = new Dispatcher(config);
  const log = new MemoryNotificationLog();
  const silences: Silence[] = [];
  const due = async (t: number) => {
    const ns = await dispatcher.due(t, { silences, log });
    for (const n of ns) await dispatcher.markSent(n, log);
    return brief(ns);
  };
  return { config, dispatcher, log, silences, due };
}

describe("Alertmanager config", () => {
  it("parses routes, receivers and inhibit rules with inherited defaults", () => {
    const c = parseAlertmanagerConfig(configYaml);
    expect(c.route).toMatchObject({ receiver: "default", groupBy: ["alertname"], groupWaitMs: 30 * S, groupIntervalMs: 5 * MIN, repeatIntervalMs: 4 * HOUR });
    expect(c.route.routes[0]).toMatchObject({ receiver: "oncall", continue: true, groupBy: ["alertname"], groupWaitMs: 30 * S, matchers: [{ name: "severity", type: "=", value: "critical" }] });
    expect(c.route.routes[1]).toMatchObject({ receiver: "lab", groupBy: undefined, groupWaitMs: 10 * S, matchers: [{ name: "board", type: "=~", value: "lab-.*" }] });
    expect(c.receivers.map((r) => [r.name, r.slackConfigs[0]?.apiURL, r.slackConfigs[0]?.sendResolved])).toEqual([
      ["default", "https://hooks.slack.com/services/T0/B0/globalsecret", true],
      ["oncall", "https://hooks.slack.com/services/T1/B1/oncallsecret", false],
      ["lab", "https://hooks.slack.com/services/T0/B0/globalsecret", true],
    ]);
    expect(c.inhibitRules).toEqual([{ sourceMatchers: [{ name: "alertname", type: "=", value: "BoardDown" }], targetMatchers: [{ name: "severity", type: "=", value: "warning" }], equal: ["board"] }]);
  });

  it("inherits group_by ... and durations into child routes", () => {
    const c = parseAlertmanagerConfig(`route: { receiver: a, group_by: ['...'], repeat_interval: 1h, routes: [{ receiver: a, group_wait: 1s }] }\nreceivers: [{ name: a }]\n`);
    expect(c.route.routes[0]).toMatchObject({ groupBy: undefined, groupWaitMs: 1000, repeatIntervalMs: 3600_000 });
  });

  it("renders the config back with secrets redacted and parses its own output", () => {
    const text = renderAlertmanagerConfig(parseAlertmanagerConfig(configYaml));
    expect(text).not.toMatch(/secret(?!>)/);
    expect(text).toContain("api_url: <secret>");
    expect(text).toContain("group_by:\n        - ...");
    const reparsed = parseAlertmanagerConfig(text.replaceAll("<secret>", "https://hooks.slack.com/x"));
    expect(reparsed.route.routes[1]?.groupBy).toBeUndefined();
    expect(reparsed.inhibitRules).toEqual(parseAlertmanagerConfig(configYaml).inhibitRules);
  });

  it("keeps secrets when asked, so an edited config round-trips exactly", () => {
    const config = parseAlertmanagerConfig(configYaml);
    expect(parseAlertmanagerConfig(renderAlertmanagerConfig(config, { secrets: true }))).toEqual(config);
  });

  it("reports every problem with its position", () => {
    const bad = `route:
  receiver: nobody
  group_wait: soon
  routes:
  - matchers: ['board=~"(unclosed"']
receivers:
- name: x
  slack_configs: [{ channel: "#x", colour: red, title: "{{ .Status | nosuch }}" }]
`;
    let messages: string[] = [];
    try {
      parseAlertmanagerConfig(bad);
    } catch (e) {
      expect(e).toBeInstanceOf(AlertmanagerConfigError);
      messages = (e as AlertmanagerConfigError).messages;
    }
    expect(messages).toEqual([
      '3:15: not a valid duration string: "soon"',
      expect.stringMatching(/^5:16: invalid regular expression "\(unclosed" in matcher board=~"\(unclosed": /),
      "8:36: field colour not found in slack_config",
      "8:19: no global Slack API URL set either inline or in a file",
      '8:56: template: slack.title:1: function "nosuch" not defined',
      '2:3: undefined receiver "nobody" used in route',
    ]);
  });

  it("parses matchers in every form Alertmanager accepts", () => {
    expect(parseMatchers('{a="1", b!~"x,y", c=~z}')).toEqual([
      { name: "a", type: "=", value: "1" },
      { name: "b", type: "!~", value: "x,y" },
      { name: "c", type: "=~", value: "z" },
    ]);
    expect(parseMatchers("severity!=info")).toEqual([{ name: "severity", type: "!=", value: "info" }]);
    expect(() => parseMatchers("{a=")).toThrow("bad matcher format");
  });
});

describe("dispatcher", () => {
  it("waits group_wait, batches the group, then sends changes after group_interval only", async () => {
    const { dispatcher, due } = setup();
    dispatcher.receive([alert("BoardHot", { board: "b1", severity: "warning" }, 0)], 0);
    dispatcher.receive([alert("BoardHot", { board: "b2", severity: "warning" }, 10 * S)], 10 * S);
    expect(await due(29 * S)).toEqual([]);
    expect(await due(30 * S)).toEqual(['default firing 2f/0r {"alertname":"BoardHot"}']);
    dispatcher.receive([alert("BoardHot", { board: "b3", severity: "warning" }, MIN)], MIN);
    expect(await due(5 * MIN)).toEqual([]);
    expect(dispatcher.nextFlushMs()).toBe(30 * S + 5 * MIN);
    expect(await due(30 * S + 5 * MIN)).toEqual(['default firing 3f/0r {"alertname":"BoardHot"}']);
  });

  it("repeats an unchanged group only after repeat_interval", async () => {
    const { dispatcher, due } = setup();
    let sends = 0;
    for (let t = 0; t <= 5 * HOUR; t += 30 * S) {
      // Rule evaluation keeps re-sending the firing alert, extending its validity.
      dispatcher.receive([alert("BoardHot", { board: "b1", severity: "warning" }, 0)], t);
      dispatcher.receive([{ ...alert("BoardHot", { board: "b1", severity: "warning" }, 0), endsAtMs: t + 4 * MIN }], t);
      sends += (await due(t)).length;
    }
    // First at 30s, repeated at the first flush at least 4h later (30s + 4h05m, on the 5m group_interval grid).
    expect(sends).toBe(2);
  });

  it("routes by matchers with continue, regex and group_by ...", async () => {
    const { dispatcher, due } = setup();
    dispatcher.receive([alert("BoardDown", { board: "lab-1", severity: "critical" }, 0), alert("BoardDown", { board: "b9", severity: "critical" }, 0)], 0);
    expect(await due(10 * S)).toEqual(['lab firing 1f/0r {"alertname":"BoardDown","board":"lab-1","severity":"critical"}']);
    expect(await due(30 * S)).toEqual(['oncall firing 2f/0r {"alertname":"BoardDown"}']);
  });

  it("sends resolved notifications only to receivers with send_resolved, logging them for all", async () => {
    const { dispatcher, due, log } = setup();
    dispatcher.receive([alert("BoardDown", { board: "b1", severity: "critical" }, 0), alert("BoardHot", { board: "b1", severity: "major" }, 0)], 0);
    expect((await due(30 * S)).sort()).toEqual(['default firing 1f/0r {"alertname":"BoardHot"}', 'oncall firing 1f/0r {"alertname":"BoardDown"}']);
    dispatcher.receive([alert("BoardDown", { board: "b1", severity: "critical" }, 0, 2 * MIN), alert("BoardHot", { board: "b1", severity: "major" }, 0, 2 * MIN)], 2 * MIN);
    expect(await due(30 * S + 5 * MIN)).toEqual(['default resolved 0f/1r {"alertname":"BoardHot"}']);
    expect(await log.get('{}/{severity="critical"}/0:{alertname="BoardDown"}', "oncall", 0)).toMatchObject({ firing: [], resolved: [expect.any(String)] });
    expect(dispatcher.aggregationGroups()).toEqual([]);
    expect(await due(HOUR)).toEqual([]);
  });

  it("does not notify about alerts that fired and resolved before the receiver heard of them", async () => {
    const { dispatcher, due } = setup();
    dispatcher.receive([alert("BoardHot", { board: "b2", severity: "major" }, 0, 20 * S)], 0);
    expect(await due(30 * S)).toEqual([]);
    expect(dispatcher.aggregationGroups()).toEqual([]);
  });

  it("with send_resolved, reports a newly resolved alert alongside still-firing ones", async () => {
    const { dispatcher, due } = setup();
    dispatcher.receive([alert("BoardHot", { board: "b1", severity: "major" }, 0)], 0);
    expect(await due(30 * S)).toHaveLength(1);
    dispatcher.receive([alert("BoardHot", { board: "b2", severity: "major" }, MIN, 2 * MIN)], MIN);
    expect(await due(30 * S + 5 * MIN)).toEqual(['default firing 1f/1r {"alertname":"BoardHot"}']);
    expect(await due(30 * S + 10 * MIN)).toEqual([]);
  });

  it("skips group_wait for alerts that started long before they arrived", async () => {
    const { dispatcher, due } = setup();
    dispatcher.receive([alert("BoardHot", { board: "b1", severity: "major" }, 0)], 10 * MIN);
    expect(await due(10 * MIN)).toEqual(['default firing 1f/0r {"alertname":"BoardHot"}']);
  });

  it("mutes alerts matched by active silences only", async () => {
    const { dispatcher, due, silences } = setup();
    const silence: Silence = { id: "s1", matchers: parseMatchers('board="b1"'), startsAtMs: 0, endsAtMs: 10 * MIN, createdBy: "ana", comment: "maintenance" };
    expect(validateSilence(silence)).toEqual([]);
    silences.push(silence);
    dispatcher.receive([alert("BoardHot", { board: "b1", severity: "major" }, 0)], 0);
    expect(await due(30 * S)).toEqual([]);
    expect(await due(30 * S + 5 * MIN)).toEqual([]);
    dispatcher.receive([alert("BoardHot", { board: "b1", severity: "major" }, 0)], 10 * MIN);
    expect(await due(30 * S + 10 * MIN)).toEqual(['default firing 1f/0r {"alertname":"BoardHot"}']);
  });

  it("validates silences like Alertmanager", async () => {
    expect(validateSilence({ id: "x", matchers: parseMatchers('a=~".*"'), startsAtMs: 5, endsAtMs: 1, createdBy: " ", comment: "" })).toEqual([
      "at least one matcher must not match the empty string",
      "end time must not be before start time",
      "creator information missing",
      "comment missing",
    ]);
  });

  it("inhibits targets that share the equal labels with a firing source", async () => {
    const { dispatcher } = setup();
    dispatcher.receive([alert("BoardDown", { board: "b1", severity: "critical" }, 0), alert("DiskFull", { board: "b1", severity: "warning" }, 0), alert("DiskFull", { board: "b2", severity: "warning" }, 0)], 0);
    const sent = await dispatcher.due(30 * S, { silences: [], log: new MemoryNotificationLog() });
    expect(sent.filter((n) => n.receiver === "default").flatMap((n) => n.firing.map((a) => a.labels.board))).toEqual(["b2"]);
  });

  it("survives a restart through its snapshot", async () => {
    const { config, dispatcher, log } = setup();
    dispatcher.receive([alert("BoardHot", { board: "b1", severity: "major" }, 0)], 0);
    const restarted = new Dispatcher(config, JSON.parse(JSON.stringify(dispatcher.snapshot())));
    expect(await restarted.due(29 * S, { silences: [], log })).toEqual([]);
    expect(brief(await restarted.due(30 * S, { silences: [], log }))).toEqual(['default firing 1f/0r {"alertname":"BoardHot"}']);
  });

  it("regroups held alerts under a changed configuration, as a reload does, keeping their timers", async () => {
    const { dispatcher, log } = setup();
    dispatcher.receive([alert("BoardHot", { board: "b1", severity: "major" }, 0), alert("BoardHot", { board: "b2", severity: "major" }, 0)], 0);
    const byBoard = parseAlertmanagerConfig(configYaml.replace("group_by: [alertname]", "group_by: [alertname, board]"));
    const reloaded = new Dispatcher(byBoard, JSON.parse(JSON.stringify(dispatcher.snapshot())));
    expect(reloaded.aggregationGroups().map((g) => g.labels)).toEqual([{ alertname: "BoardHot", board: "b1" }, { alertname: "BoardHot", board: "b2" }]);
    expect(await reloaded.due(29 * S, { silences: [], log })).toEqual([]);
    expect(brief(await reloaded.due(30 * S, { silences: [], log }))).toEqual(['default firing 1f/0r {"alertname":"BoardHot","board":"b1"}', 'default firing 1f/0r {"alertname":"BoardHot","board":"b2"}']);
  });

  it("flushDue logs only delivered notifications and retries failures at the next group_interval", async () => {
    const { dispatcher, log } = setup();
    dispatcher.receive([alert("BoardHot", { board: "b1", severity: "major" }, 0)], 0);
    const failing = await flushDue(dispatcher, 30 * S, { silences: [], log, notify: () => Promise.reject(new Error("slack down")) });
    expect(failing.failed.map((f) => f.error.message)).toEqual(["slack down"]);
    const delivered: Notification[] = [];
    dispatcher.receive([alert("BoardHot", { board: "b1", severity: "major" }, 0)], 5 * MIN);
    const ok = await flushDue(dispatcher, 30 * S + 5 * MIN, { silences: [], log, notify: async (n) => void delivered.push(n) });
    expect(ok.sent).toHaveLength(1);
    expect(await log.has(ok.sent[0]!.idempotencyKey)).toBe(true);
    expect(ok.sent[0]!.idempotencyKey).not.toBe(failing.failed[0]!.notification.idempotencyKey);
  });
});
