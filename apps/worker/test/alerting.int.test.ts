import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { startFakeSlack, type FakeSlack } from "@boardwatch/alerting/testing";
import { createEnrolmentToken, createTenant, enrollBoard, enrolmentRequest, env, setAlertmanagerConfigYaml, setRuleGroup, type TenantContext } from "@boardwatch/api";
import { boards, getDb } from "@boardwatch/db";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnWorker } from "./spawn-worker";

const db = getDb(env.DATABASE_URL);
const prefix = `bwtest-alert-${randomBytes(4).toString("hex")}`;
const workerEnv = { QUEUE_PREFIX: prefix, RECONCILE_INTERVAL_MS: "300", HEARTBEAT_INTERVAL_MS: "60000" };

afterAll(async () => {
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
  redis.disconnect();
});

/** Resolves once `check` holds, polling as the worker scrapes and evaluates every second. */
async function until(check: () => Promise<boolean> | boolean) {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** A board whose CPU temperature the test sets, scraped by the workers every second. */
async function hotBoard(name: string) {
  const board = { temperature: 45, server: undefined as Server | undefined, scope: undefined as TenantContext | undefined };
  board.server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(`# TYPE node_hwmon_temp_celsius gauge\nnode_hwmon_temp_celsius{chip="cpu_thermal",sensor="temp1"} ${board.temperature}\n`);
  });
  board.server.listen(0, "127.0.0.1");
  await once(board.server, "listening");
  const actor = { userId: null, label: "test" };
  const tenant = await createTenant({ db, actor }, { slug: `alert-${randomBytes(3).toString("hex")}`, name: "Alerting", ownerUserId: null });
  const scope: TenantContext = { db, actor, tenant, role: "OWNER" };
  const { token } = await createEnrolmentToken(scope, { name: "t", labels: {} }, "http://x");
  const port = (board.server.address() as { port: number }).port;
  const { boardId } = await enrollBoard({ db }, enrolmentRequest.parse({ token, hostname: name, scrapeUrl: `http://127.0.0.1:${port}/metrics` }), "http://x");
  await boards.updateBoard(db, tenant.id, boardId, { scrapeIntervalSeconds: 1, scrapeTimeoutSeconds: 1 });
  board.scope = scope;
  return board as { temperature: number; server: Server; scope: TenantContext };
}

async function configure(scope: TenantContext, slack: FakeSlack, forSeconds: number) {
  await setRuleGroup(scope, {
    namespace: "boards",
    yaml: `name: temperature
interval: 1s
rules:
- alert: BoardOverheating
  expr: node_hwmon_temp_celsius > 80
  for: ${forSeconds}s
  labels:
    severity: critical
  annotations:
    summary: "{{ $labels.board }} is overheating"
    description: "{{ $labels.sensor }} at {{ $value }}°C"
`,
  });
  await setAlertmanagerConfigYaml(
    scope,
    `alertmanager_config: |
  route:
    receiver: fleet
    group_by: [alertname, board]
    group_wait: 1s
    group_interval: 1s
    repeat_interval: 1h
  receivers:
  - name: fleet
    slack_configs:
    - api_url: "${slack.url}"
      channel: "#fleet"
      send_resolved: true
`,
  );
}

async function groupState(tenantId: string) {
  const group = await db.ruleGroup.findFirst({ where: { tenantId }, include: { state: true } });
  const rules = (group?.state?.rules ?? []) as Array<{ alerts: Array<{ state: string; activeAtMs: number }> }>;
  return { lastEvalMs: Number(group?.state?.lastEvalMs ?? 0), alerts: rules.flatMap((r) => r.alerts) };
}

/** Waits until the tenant's group evaluated `n` more times and its dispatcher holds no aggregation group: nothing more is on its way. */
async function settled(tenantId: string, n: number) {
  const from = (await groupState(tenantId)).lastEvalMs;
  await until(async () => {
    const state = await db.alertmanagerState.findUnique({ where: { tenantId } });
    const groups = (state?.snapshot as { groups?: unknown[] } | undefined)?.groups ?? [];
    return groups.length === 0 && (await groupState(tenantId)).lastEvalMs >= from + n * 1000;
  });
}

const titles = (slack: FakeSlack) => slack.requests.map((r) => r.body.text);

let slack: FakeSlack;
let board: Awaited<ReturnType<typeof hotBoard>> | undefined;
beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(async () => {
  board?.server.close();
  await slack.close();
  // The workers of later test files reconcile every board in this database: leave none behind.
  if (board) await db.tenant.delete({ where: { id: board.scope.tenant.id } });
  board = undefined;
});

describe("alerting end to end: board → scrape → rule → dispatcher → Slack", () => {
  it("sends one firing message after `for`, then one resolved message, and nothing else", async () => {
    board = await hotBoard("pi-kitchen");
    await configure(board.scope, slack, 3);
    const worker = await spawnWorker(workerEnv);
    try {
      await until(async () => (await groupState(board!.scope.tenant.id)).lastEvalMs > 0);
      board.temperature = 92;
      await until(async () => (await groupState(board!.scope.tenant.id)).alerts.some((a) => a.state === "pending"));
      expect(slack.requests).toHaveLength(0);
      await until(() => slack.requests.length >= 1);
      const [firing] = slack.requests;
      expect(firing!.body.text).toMatch(/^\[FIRING:1\] BoardOverheating pi-kitchen \(cpu_thermal 127.0.0.1:\d+ node temp1 critical\)$/);
      expect(firing!.body.channel).toBe("#fleet");
      expect(firing!.body.attachments?.[0]?.color).toBe("#E01E5A");
      expect(JSON.stringify(firing!.body.attachments)).toContain("pi-kitchen is overheating");
      expect(JSON.stringify(firing!.body.attachments)).toContain("temp1 at 92°C");
      board.temperature = 40;
      await until(() => slack.requests.length >= 2);
      await settled(board.scope.tenant.id, 3);
      expect(titles(slack)).toEqual([firing!.body.text, expect.stringMatching(/^\[RESOLVED\] BoardOverheating pi-kitchen/)]);
      expect(slack.requests[1]!.body.attachments?.[0]?.color).toBe("#2EB67D");
      const history = await db.alertEvent.findMany({ where: { tenantId: board.scope.tenant.id }, orderBy: { at: "asc" } });
      expect(history.map((e) => e.state)).toEqual(["pending", "firing", "resolved"]);
      const alertsSeries = await db.notification.findMany({ where: { tenantId: board.scope.tenant.id } });
      expect(alertsSeries.every((n) => n.sentAt !== null)).toBe(true);
    } finally {
      await worker.stop();
    }
  });

  it("resumes a pending alert's timer after the worker is killed, and notifies once", async () => {
    board = await hotBoard("pi-garage");
    await configure(board.scope, slack, 4);
    board.temperature = 95;
    const first = await spawnWorker(workerEnv);
    let activeAtMs = 0;
    try {
      await until(async () => {
        const pending = (await groupState(board!.scope.tenant.id)).alerts.find((a) => a.state === "pending");
        activeAtMs = pending?.activeAtMs ?? 0;
        return pending !== undefined;
      });
    } finally {
      first.child.kill("SIGKILL");
      await once(first.child, "exit");
    }
    expect(slack.requests).toHaveLength(0);
    const second = await spawnWorker(workerEnv);
    try {
      await until(() => slack.requests.length >= 1);
      const { alerts } = await groupState(board.scope.tenant.id);
      // The alert kept the start it had before the kill: its `for` counted from then, not from the restart.
      expect(alerts).toEqual([expect.objectContaining({ state: "firing", activeAtMs })]);
      board.temperature = 40;
      await until(() => slack.requests.length >= 2);
      await settled(board.scope.tenant.id, 3);
      expect(titles(slack).map((t) => t?.split(" ")[0])).toEqual(["[FIRING:1]", "[RESOLVED]"]);
    } finally {
      await second.stop();
    }
  });

  it("delivers a notification whose sender was killed mid-send exactly once, and nothing else twice", async () => {
    board = await hotBoard("pi-attic");
    await configure(board.scope, slack, 1);
    // Slack holds the first request without answering; the worker sending it is killed meanwhile.
    slack.script({ hang: true });
    board.temperature = 97;
    const first = await spawnWorker(workerEnv);
    try {
      await until(() => slack.requests.length >= 1);
    } finally {
      first.child.kill("SIGKILL");
      await once(first.child, "exit");
    }
    const [outboxEntry] = await db.notification.findMany({ where: { tenantId: board.scope.tenant.id } });
    expect(outboxEntry?.sentAt).toBeNull();
    const second = await spawnWorker(workerEnv);
    try {
      await until(async () => (await db.notification.findUnique({ where: { id: outboxEntry!.id } }))?.sentAt != null);
      const sent = await db.notification.findMany({ where: { tenantId: board.scope.tenant.id } });
      expect(sent.map((n) => n.id)).toEqual([outboxEntry!.id]);
      // The unanswered request is retried with identical content; Slack accepted the message once.
      expect(slack.requests).toHaveLength(2);
      expect(slack.requests[1]!.body).toEqual(slack.requests[0]!.body);
      expect(slack.accepted).toHaveLength(1);
      board.temperature = 40;
      await until(() => slack.accepted.length >= 2);
      await settled(board.scope.tenant.id, 3);
      expect(slack.accepted.map((r) => r.body.text?.split(" ")[0])).toEqual(["[FIRING:1]", "[RESOLVED]"]);
    } finally {
      await second.stop();
    }
  });
});
