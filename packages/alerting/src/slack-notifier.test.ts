import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../test/fake-slack";
import { parseAlertmanagerConfig } from "./alertmanager-config";
import { Dispatcher, flushDue } from "./dispatcher";
import { fingerprint } from "./fingerprint";
import type { NotifyAlert } from "./group";
import { MemoryNotificationLog } from "./notification-log";
import { SlackDeliveryError, sendSlack, slackNotifier } from "./slack-notifier";

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const linkBase = "https://app.boardwatch.test/acme";

let slack: FakeSlack;
beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(async () => {
  await slack.close();
});

function hot(board: string, value: number, severity: string, resolvedAt?: number): NotifyAlert {
  return {
    labels: { alertname: "BoardHot", board, job: "boards", severity },
    annotations: { summary: `${board} is hot`, description: `${board} reached ${value}°C` },
    startsAtMs: T0,
    endsAtMs: resolvedAt ?? T0 + HOUR,
    generatorURL: "https://bw.test/graph?g0.expr=board_temperature_celsius+%3E+80&g0.tab=1",
    value,
  };
}

function setup(slackConfig = "") {
  const config = parseAlertmanagerConfig(`
route: { receiver: team, group_by: [alertname], group_wait: 30s, group_interval: 5m, repeat_interval: 4h }
receivers:
- name: team
  slack_configs:
  - api_url: "${slack.url}"
    channel: "#boards"
    send_resolved: true
${slackConfig}`);
  const dispatcher = new Dispatcher(config);
  const log = new MemoryNotificationLog();
  const sleeps: number[] = [];
  const notify = slackNotifier({ linkBase, sleep: async (ms) => void sleeps.push(ms) });
  const flush = async (t: number) => (await flushDue(dispatcher, t, { silences: [], log, notify })).sent.length;
  return { dispatcher, flush, sleeps };
}

/** The Block Kit shapes the notifier emits: text blocks, contexts with mrkdwn elements, actions with buttons. */
interface Block {
  type: string;
  text: { type: string; text: string };
  fields: unknown;
  elements: Array<{ type: string; text: string & { text: string }; url: string }>;
}
const blocksOf = (i: number): Block[] => (slack.requests[i]?.body.attachments?.[0]?.blocks ?? []) as unknown as Block[];

describe("Slack notifier against a fake Slack", () => {
  it("posts one Block Kit message per group with severity colour, annotations, value, since and links", async () => {
    const { dispatcher, flush } = setup();
    dispatcher.receive([hot("b1", 85, "warning"), hot("b2", 95.5, "critical")], T0);
    expect(await flush(T0 + 30 * S)).toBe(1);
    expect(slack.requests).toHaveLength(1);
    const body = slack.requests[0]!.body;
    expect(body.text).toBe("[FIRING:2] BoardHot (boards)");
    expect(body.channel).toBe("#boards");
    expect(body.attachments?.[0]?.color).toBe("#E01E5A");
    const blocks = blocksOf(0);
    expect(blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "[FIRING:2] BoardHot (boards)" } });
    expect(blocks[1]).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "alertname=BoardHot, job=boards" }] });
    const sections = blocks.filter((b) => b.type === "section");
    expect(sections.map((s) => s.text.text)).toEqual(["*Firing: b1 is hot*\nb1 reached 85°C", "*Firing: b2 is hot*\nb2 reached 95.5°C"]);
    expect(sections[1]?.fields).toEqual([
      { type: "mrkdwn", text: "*Value*\n95.5" },
      { type: "mrkdwn", text: `*Firing since*\n<!date^${T0 / 1000}^{date_short_pretty} {time}|2026-11-24T12:00:00.000Z>` },
    ]);
    expect(blocks.filter((b) => b.type === "context").map((c) => c.elements[0]?.text)).toEqual(["alertname=BoardHot, job=boards", "board=b1, severity=warning", "board=b2, severity=critical"]);
    const actions = blocks.filter((b) => b.type === "actions");
    expect(actions[0]?.elements.map((e) => [e.text.text, e.url])).toEqual([
      ["View alert", `${linkBase}/alerts/${fingerprint(hot("b1", 0, "warning").labels)}`],
      ["Board", `${linkBase}/boards/b1`],
      ["Graph", `${linkBase}/explore?expr=board_temperature_celsius%20%3E%2080`],
    ]);
  });

  it("stays quiet while nothing changes, repeats after repeat_interval and posts a green resolved message", async () => {
    const { dispatcher, flush } = setup();
    dispatcher.receive([hot("b1", 85, "warning")], T0);
    expect(await flush(T0 + 30 * S)).toBe(1);
    expect(await flush(T0 + 30 * S + 5 * MIN)).toBe(0);
    dispatcher.receive([{ ...hot("b1", 85, "warning"), endsAtMs: T0 + 5 * HOUR }], T0 + HOUR);
    let t = T0 + 30 * S;
    // The first flush strictly more than repeat_interval after the last send.
    while (t <= T0 + 30 * S + 4 * HOUR) t += 5 * MIN;
    expect(await flush(t)).toBe(1);
    expect(slack.requests[1]?.body.text).toBe("[FIRING:1] BoardHot (b1 boards warning)");
    dispatcher.receive([hot("b1", 60, "warning", t + MIN)], t + MIN);
    expect(await flush(t + 5 * MIN)).toBe(1);
    expect(slack.requests).toHaveLength(3);
    const resolved = slack.requests[2]!.body;
    expect(resolved.text).toBe("[RESOLVED] BoardHot (b1 boards warning)");
    expect(resolved.attachments?.[0]?.color).toBe("#2EB67D");
    expect(blocksOf(2).find((b) => b.type === "section")?.text.text).toBe("*Resolved: b1 is hot*\nb1 reached 60°C");
    expect(await flush(t + 10 * MIN)).toBe(0);
  });

  it("renders title and text templates from the receiver config", async () => {
    const { dispatcher, flush } = setup(`    title: '{{ .Status | toUpper }} {{ .CommonLabels.alertname }} on {{ len .Alerts }} board(s)'
    text: '{{ range .Alerts }}{{ .Labels.board }}={{ .Value | humanize }} {{ end }}'`);
    dispatcher.receive([hot("b1", 85, "warning"), hot("b2", 1234567, "warning")], T0);
    await flush(T0 + 30 * S);
    expect(slack.requests[0]?.body.text).toBe("FIRING BoardHot on 2 board(s)");
    expect(blocksOf(0)[1]).toEqual({ type: "section", text: { type: "mrkdwn", text: "b1=85 b2=1.235M " } });
    expect(slack.requests[0]?.body.attachments?.[0]?.color).toBe("#ECB22E");
  });

  it("lists at most ten alerts and cuts texts to Slack's limits so the message is never rejected", async () => {
    const { dispatcher, flush } = setup();
    const many = Array.from({ length: 12 }, (_, i) => hot(`b${String(i).padStart(2, "0")}`, 85, "warning"));
    many[0]!.annotations.description = "x".repeat(5000);
    dispatcher.receive(many, T0);
    await flush(T0 + 30 * S);
    const blocks = blocksOf(0);
    expect(blocks.filter((b) => b.type === "section")).toHaveLength(10);
    expect(blocks.find((b) => b.type === "section")?.text.text).toHaveLength(3000);
    expect(blocks[blocks.length - 1]).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "…and 2 more" }] });
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it("retries 429 after Retry-After and 5xx with exponential backoff, sending the same payload", async () => {
    slack.script({ status: 429, retryAfter: "3" }, { status: 500 }, { status: 503 }, { status: 200 });
    const sleeps: number[] = [];
    const attempts = await sendSlack(slack.url, { text: "hello" }, { sleep: async (ms) => void sleeps.push(ms) });
    expect(attempts).toBe(4);
    expect(sleeps).toEqual([3000, 2000, 4000]);
    expect(slack.requests.map((r) => r.body)).toEqual(Array(4).fill({ text: "hello" }));
  });

  it("gives up at once on other 4xx answers", async () => {
    slack.script({ status: 400 });
    const sleeps: number[] = [];
    const err = await sendSlack(slack.url, { text: "x" }, { sleep: async (ms) => void sleeps.push(ms) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackDeliveryError);
    expect(err).toMatchObject({ status: 400, attempts: 1 });
    expect(sleeps).toEqual([]);
    expect(slack.requests).toHaveLength(1);
  });

  it("retries a request that times out, and stops after maxAttempts", async () => {
    slack.script({ hang: true }, { status: 200 });
    const sleeps: number[] = [];
    expect(await sendSlack(slack.url, { text: "x" }, { timeoutMs: 200, sleep: async (ms) => void sleeps.push(ms) })).toBe(2);
    expect(sleeps).toEqual([1000]);

    slack.script({ status: 500 }, { status: 500 }, { status: 500 });
    const err = await sendSlack(slack.url, { text: "y" }, { maxAttempts: 3, sleep: async (ms) => void sleeps.push(ms) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "SlackDeliveryError", status: 500, attempts: 3 });
    expect(sleeps).toEqual([1000, 1000, 2000]);
  });

  it("leaves a failed notification unlogged so the next group_interval retries it exactly once", async () => {
    const { dispatcher, flush } = setup();
    slack.script({ status: 404 });
    dispatcher.receive([hot("b1", 85, "warning")], T0);
    expect(await flush(T0 + 30 * S)).toBe(0);
    expect(await flush(T0 + 30 * S + 5 * MIN)).toBe(1);
    expect(await flush(T0 + 30 * S + 10 * MIN)).toBe(0);
    expect(slack.requests).toHaveLength(2);
  });
});
