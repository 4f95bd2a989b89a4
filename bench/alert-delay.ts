// Alert delay benchmark: from a board's temperature crossing a threshold to the Slack message, over ALERTS
// alerts, for Boardwatch (ONE worker process: BullMQ schedules, scrape, store, rule evaluation, dispatcher,
// outbox, Slack) and, in the same run on the same targets with the same intervals, Debian's Prometheus 2.42
// with Alertmanager 0.25. Each side posts to its own fake Slack (a real HTTP server on loopback).
//
//   npx tsx bench/alert-delay.ts        (or `npm run bench -- alert-delay`)
//
// Env: ALERTS (20), INTERVAL_S (5; scrape and evaluation interval on both sides), PROMETHEUS_BIN
// (/usr/bin/prometheus), ALERTMANAGER_BIN (/usr/bin/prometheus-alertmanager), REDIS_URL, TEST_DATABASE_URL.
//
// Both sides: rule `node_hwmon_temp_celsius > 80` with `for: 0s`, routed with group_by [alertname, board],
// group_wait 0s, so each alert is its own message and nothing waits on purpose. Boards cross one at a time,
// at random phases of the interval. Figures per side: median, p90 and max of
// - crossing → Slack: what a user waits;
// - hot scrape → Slack: from the first scrape that saw the hot value (told apart by User-Agent), i.e. without
//   the wait for the next scrape, which is the same for any pull-based system.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeSlack, type FakeSlack } from "../packages/alerting/test/fake-slack";
import { createTestDatabase } from "@boardwatch/db/testing";
import { Redis } from "ioredis";
import { spawnWorker } from "../apps/worker/test/spawn-worker";
import { freePort } from "../packages/scrape/bench/prometheus-runner";

const ALERTS = Number(process.env.ALERTS ?? 20);
const INTERVAL_S = Number(process.env.INTERVAL_S ?? 5);
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";
const ALERTMANAGER = process.env.ALERTMANAGER_BIN ?? "/usr/bin/prometheus-alertmanager";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const boardName = (i: number) => `board-${String(i).padStart(2, "0")}`;

// ---- The boards: one HTTP server, one path per board ------------------------------------------------------
const hotSince: Array<number | undefined> = [];
const firstHotScrape = { boardwatch: [] as Array<number | undefined>, prometheus: [] as Array<number | undefined> };
const targets = createServer((req, res) => {
  const i = Number(/^\/boards\/(\d+)\/metrics/.exec(req.url ?? "")?.[1]);
  const hot = hotSince[i] !== undefined;
  if (hot) {
    const side = (req.headers["user-agent"] ?? "").startsWith("Prometheus/") ? "prometheus" : "boardwatch";
    firstHotScrape[side][i] ??= Date.now();
  }
  res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
  res.end(`# TYPE node_hwmon_temp_celsius gauge\nnode_hwmon_temp_celsius{chip="cpu_thermal",sensor="temp1"} ${hot ? 92 : 45}\n`);
});
targets.listen(0, "127.0.0.1");
await once(targets, "listening");
const targetPort = (targets.address() as { port: number }).port;
const targetUrl = (i: number) => `http://127.0.0.1:${targetPort}/boards/${i}/metrics`;

const RULE_GROUP = `name: temperature
interval: ${INTERVAL_S}s
rules:
- alert: BoardOverheating
  expr: node_hwmon_temp_celsius > 80
  for: 0s
  labels:
    severity: critical
  annotations:
    summary: "{{ $labels.board }} is at {{ $value }}°C"
`;
const route = (receiver: string) => `route:
  receiver: ${receiver}
  group_by: [alertname, board]
  group_wait: 0s
  group_interval: 1m
  repeat_interval: 4h
`;

// ---- Boardwatch --------------------------------------------------------------------------------------------
const database = await createTestDatabase("alertdelay");
const prefix = `bw-bench-alert-${randomBytes(4).toString("hex")}`;
Object.assign(process.env, { DATABASE_URL: database.url, BOARDWATCH_SECRET: "bench-secret-bench-secret-bench-secret-0123", QUEUE_PREFIX: prefix });
const api = await import("@boardwatch/api");
const { boards, getDb } = await import("@boardwatch/db");
const db = getDb(database.url);
const bwSlack = await startFakeSlack();
const pmSlack = await startFakeSlack();
const actor = { userId: null, label: "bench" };
const tenant = await api.createTenant({ db, actor }, { slug: "bench-alerts", name: "Bench", ownerUserId: null });
const scope = { db, actor, tenant, role: "OWNER" as const };
const { token } = await api.createEnrolmentToken(scope, { name: "bench", labels: {} }, "http://x");
for (let i = 0; i < ALERTS; i++) {
  const { boardId } = await api.enrollBoard({ db }, api.enrolmentRequest.parse({ token, hostname: boardName(i), scrapeUrl: targetUrl(i) }), "http://x");
  await boards.updateBoard(db, tenant.id, boardId, { scrapeIntervalSeconds: INTERVAL_S, scrapeTimeoutSeconds: Math.min(INTERVAL_S, 10) });
}
await api.setRuleGroup(scope, { namespace: "bench", yaml: RULE_GROUP });
await api.setAlertmanagerConfigYaml(scope, `alertmanager_config: |\n${`${route("slack")}receivers:\n- name: slack\n  slack_configs:\n  - api_url: "${bwSlack.url}"\n`.replace(/^/gm, "  ")}`);
const worker = await spawnWorker({ RECONCILE_INTERVAL_MS: "1000", HEARTBEAT_INTERVAL_MS: "60000" });

// ---- Prometheus + Alertmanager -----------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), "bench-alert-delay-"));
const [promPort, amPort, amClusterPort] = [await freePort(), await freePort(), await freePort()];
writeFileSync(join(dir, "rules.yml"), `groups:\n${RULE_GROUP.replace(/^/gm, "  ").replace(/^ {2}name/, "- name")}`);
writeFileSync(
  join(dir, "prometheus.yml"),
  `global:\n  scrape_interval: ${INTERVAL_S}s\n  evaluation_interval: ${INTERVAL_S}s\nrule_files: [rules.yml]\n` +
    `alerting:\n  alertmanagers:\n  - static_configs: [{ targets: ["127.0.0.1:${amPort}"] }]\n` +
    `scrape_configs:\n- job_name: node\n  static_configs:\n` +
    Array.from({ length: ALERTS }, (_, i) => `  - targets: ["127.0.0.1:${targetPort}"]\n    labels: { __metrics_path__: "/boards/${i}/metrics", board: "${boardName(i)}" }\n`).join(""),
);
writeFileSync(join(dir, "alertmanager.yml"), `${route("slack")}receivers:\n- name: slack\n  slack_configs:\n  - api_url: "${pmSlack.url}"\n`);
const children: ChildProcess[] = [
  spawn(ALERTMANAGER, [`--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "am")}`, `--web.listen-address=127.0.0.1:${amPort}`, `--cluster.listen-address=127.0.0.1:${amClusterPort}`], { stdio: "ignore" }),
  spawn(PROMETHEUS, [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${promPort}`], { cwd: dir, stdio: "ignore" }),
];

async function promQuery(q: string): Promise<number> {
  try {
    const res = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as { data?: { result: Array<{ value: [number, string] }> } };
    return Number(res.data?.result[0]?.value[1] ?? 0);
  } catch {
    return 0;
  }
}

async function promRulesEvaluated(): Promise<number> {
  try {
    const res = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/rules`)).json()) as { data: { groups: Array<{ lastEvaluation: string }> } };
    return res.data.groups.filter((g) => !g.lastEvaluation.startsWith("0001")).length;
  } catch {
    return 0;
  }
}

try {
  // Warm-up: every board scraped by both sides, and the rule evaluated by both, before anything crosses.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const scraped = await db.board.count({ where: { tenantId: tenant.id, lastScrapeAt: { not: null } } });
    const evaluated = await db.ruleGroupState.count();
    const promUp = await promQuery("count(up == 1)");
    const promEvaluated = await promRulesEvaluated();
    if (scraped === ALERTS && evaluated === 1 && promUp === ALERTS && promEvaluated >= 1) break;
    if (Date.now() > deadline) throw new Error(`warm-up timed out: boardwatch scraped ${scraped}, evaluated ${evaluated}; prometheus up ${promUp}, evaluated ${promEvaluated}`);
    await sleep(250);
  }
  // Boards cross one after another at random phases of the interval.
  for (let i = 0; i < ALERTS; i++) {
    await sleep(Math.random() * INTERVAL_S * 1000);
    hotSince[i] = Date.now();
  }
  const received = (slack: FakeSlack) => {
    const at: Array<number | undefined> = [];
    for (const r of slack.requests) {
      const i = Number(/board-(\d+)/.exec(JSON.stringify(r.body))?.[1]);
      if (!Number.isNaN(i)) at[i] ??= r.atMs;
    }
    return at;
  };
  const waitUntil = Date.now() + 20 * INTERVAL_S * 1000 + 60_000;
  while (Date.now() < waitUntil && (received(bwSlack).filter(Boolean).length < ALERTS || received(pmSlack).filter(Boolean).length < ALERTS)) await sleep(200);

  const quantile = (xs: number[], q: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]!;
  };
  const stats = (side: "boardwatch" | "prometheus", slack: FakeSlack) => {
    const at = received(slack);
    const fromCrossing: number[] = [];
    const fromScrape: number[] = [];
    for (let i = 0; i < ALERTS; i++) {
      const t = at[i];
      if (t === undefined) continue;
      fromCrossing.push(t - hotSince[i]!);
      const scraped = firstHotScrape[side][i];
      if (scraped !== undefined) fromScrape.push(t - scraped);
    }
    return { delivered: fromCrossing.length, fromCrossing, fromScrape };
  };
  const bw = stats("boardwatch", bwSlack);
  const pm = stats("prometheus", pmSlack);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  console.log(`\nalert delay: ${ALERTS} boards crossing 80 °C, scrape and evaluation every ${INTERVAL_S}s, for: 0s, group_wait: 0s\n`);
  console.log("figure                                   boardwatch   prometheus+alertmanager   ratio");
  const row = (label: string, a: number[], b: number[], q: number) =>
    console.log(`${label.padEnd(40)} ${s(quantile(a, q)).padStart(8)} s ${s(quantile(b, q)).padStart(12)} s ${" ".repeat(12)}${(quantile(a, q) / quantile(b, q)).toFixed(2)}`);
  row("crossing → Slack, median", bw.fromCrossing, pm.fromCrossing, 0.5);
  row("crossing → Slack, p90", bw.fromCrossing, pm.fromCrossing, 0.9);
  row("crossing → Slack, max", bw.fromCrossing, pm.fromCrossing, 1);
  row("hot scrape → Slack, median", bw.fromScrape, pm.fromScrape, 0.5);
  row("hot scrape → Slack, p90", bw.fromScrape, pm.fromScrape, 0.9);
  console.log(`messages delivered: boardwatch ${bw.delivered}/${ALERTS} (${bwSlack.requests.length} requests), prometheus+alertmanager ${pm.delivered}/${ALERTS} (${pmSlack.requests.length} requests)`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  for (const c of children) c.kill("SIGTERM");
  await worker.stop();
  await Promise.all([bwSlack.close(), pmSlack.close()]);
  targets.close();
  const redis = new Redis(REDIS_URL);
  for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
  redis.disconnect();
  await db.$disconnect();
  await database.drop();
  process.exit();
}
