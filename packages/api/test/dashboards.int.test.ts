import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { createAgentServer, nodeCollectors } from "@boardwatch/agent";
import {
  allDataPanels,
  builtinDashboards,
  DASHBOARD_FORMAT,
  emptyDashboard,
  interpolate,
  panelStep,
  rateInterval,
  resolveVariables,
  type Dashboard,
  type VariableSource,
} from "@boardwatch/dashboards";
import { MemoryStalenessState, scrape } from "@boardwatch/scrape";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, getSampleStore, importDashboardWithToken, runInstantQuery, runRangeQuery } from "../src";
import { listLabelNames, listLabelValues } from "../src/services/prometheus/query";
import { db, tenantWithPeople } from "./fixtures";

type People = Awaited<ReturnType<typeof tenantWithPeople>>;

const MIXIN = fileURLToPath(new URL("../../dashboards/testdata/node-mixin/dashboards", import.meta.url));
const RPI = fileURLToPath(new URL("../../agent/testdata/rpi4", import.meta.url));

const stat = (title: string, expr: string) => ({
  id: 2, type: "stat" as const, title, gridPos: { x: 0, y: 1, w: 6, h: 4 }, queries: [{ refId: "A", expr, legend: "", instant: false, hide: false }],
});

function withPanel(d: Dashboard, title: string): Dashboard {
  return { ...d, panels: [...d.panels, stat(title, "up") as never] };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "OK",
    (e: unknown) => (e instanceof TRPCError || e instanceof AppError ? e.code : Promise.reject(e)),
  );
}

let people: People;
beforeAll(async () => {
  people = await tenantWithPeople();
});

describe("dashboards", () => {
  it("creates, saves versions, refuses a stale save, restores an old version as a new one, and deletes", async () => {
    const { owner, slug } = people;
    const c = owner.caller.dashboard;
    const created = await c.create({ tenant: slug, dashboard: { ...emptyDashboard("Lab boards"), tags: ["lab"] } });
    expect(created).toMatchObject({ title: "Lab boards", version: 1, canEdit: true, builtIn: false, url: `/t/${slug}/dashboards/${created.uid}` });
    const v2 = await c.save({ tenant: slug, uid: created.uid, version: 1, dashboard: withPanel(created.dashboard, "Up"), message: "add up" });
    expect(v2.version).toBe(2);
    // Someone still on version 1 cannot overwrite version 2.
    expect(await codeOf(c.save({ tenant: slug, uid: created.uid, version: 1, dashboard: emptyDashboard("Stale") }))).toBe("CONFLICT");
    expect((await c.get({ tenant: slug, uid: created.uid })).title).toBe("Lab boards");

    const restored = await c.restore({ tenant: slug, uid: created.uid, version: 1 });
    expect(restored.version).toBe(3);
    expect(restored.dashboard.panels).toEqual([]);
    expect((await c.versions({ tenant: slug, uid: created.uid })).map((v) => [v.version, v.message])).toEqual([
      [3, "restored version 1"], [2, "add up"], [1, "created"],
    ]);
    expect(await codeOf(c.restore({ tenant: slug, uid: created.uid, version: 9 }))).toBe("NOT_FOUND");

    const list = await c.list({ tenant: slug, search: "LAB" });
    expect(list.map((d) => d.title)).toEqual(["Lab boards"]);
    expect((await c.list({ tenant: slug, search: "lab" })).map((d) => d.uid)).toContain(created.uid);
    expect((await c.list({ tenant: slug })).filter((d) => d.builtIn).map((d) => d.title)).toEqual(["Board overview", "Fleet overview"]);

    const copy = await c.duplicate({ tenant: slug, uid: created.uid });
    expect(copy).toMatchObject({ title: "Lab boards (copy)", version: 1 });
    await c.delete({ tenant: slug, uid: created.uid });
    expect(await codeOf(c.get({ tenant: slug, uid: created.uid }))).toBe("NOT_FOUND");
    expect(await db.dashboardVersion.count({ where: { dashboard: { uid: created.uid } } })).toBe(0);

    const actions = (await owner.caller.audit.list({ tenant: slug })).map((e) => e.action);
    for (const a of ["dashboard.create", "dashboard.restore", "dashboard.delete"]) expect(actions).toContain(a);
  });

  it("serves built-ins read-only; duplicating one gives an editable copy", async () => {
    const { owner, slug } = people;
    const board = await owner.caller.dashboard.get({ tenant: slug, uid: "bw-board-overview" });
    expect(board).toMatchObject({ builtIn: true, canEdit: false, title: "Board overview" });
    expect(await codeOf(owner.caller.dashboard.save({ tenant: slug, uid: "bw-board-overview", version: 1, dashboard: board.dashboard }))).toBe("FORBIDDEN");
    expect(await codeOf(owner.caller.dashboard.delete({ tenant: slug, uid: "bw-fleet-overview" }))).toBe("FORBIDDEN");
    const copy = await owner.caller.dashboard.duplicate({ tenant: slug, uid: "bw-board-overview", title: "My board" });
    expect(copy).toMatchObject({ title: "My board", builtIn: false, canEdit: true });
    expect(copy.dashboard.tags).toEqual(["board"]);
  });

  it("lets a viewer read but not change dashboards", async () => {
    const { owner, viewer, slug } = people;
    const d = await owner.caller.dashboard.create({ tenant: slug, dashboard: emptyDashboard("Viewer test") });
    expect(await viewer.caller.dashboard.get({ tenant: slug, uid: d.uid })).toMatchObject({ canEdit: false });
    expect(await codeOf(viewer.caller.dashboard.save({ tenant: slug, uid: d.uid, version: 1, dashboard: emptyDashboard("x") }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.caller.dashboard.restore({ tenant: slug, uid: d.uid, version: 1 }))).toBe("FORBIDDEN");
  });

  it("imports Grafana JSON and its own exports, replacing an existing uid only with overwrite", async () => {
    const { owner, slug } = people;
    const grafana = JSON.parse(readFileSync(`${MIXIN}/nodes.json`, "utf8"));
    const first = await owner.caller.dashboard.import({ tenant: slug, dashboard: grafana });
    expect(first).toMatchObject({ uid: grafana.uid, version: 1, title: "Node Exporter / Nodes", url: `/t/${slug}/dashboards/${grafana.uid}` });
    expect(first.warnings.length).toBeGreaterThan(0);
    expect(await codeOf(owner.caller.dashboard.import({ tenant: slug, dashboard: grafana }))).toBe("CONFLICT");
    const again = await owner.caller.dashboard.import({ tenant: slug, dashboard: { dashboard: grafana, overwrite: true, folderUid: "ignored" } });
    expect(again).toMatchObject({ uid: grafana.uid, version: 2 });

    const exported = { uid: "exported-1", ...(await owner.caller.dashboard.get({ tenant: slug, uid: grafana.uid })).dashboard };
    expect(exported.format).toBe(DASHBOARD_FORMAT);
    const own = await owner.caller.dashboard.import({ tenant: slug, dashboard: exported });
    expect(own).toMatchObject({ uid: "exported-1", warnings: [] });
    expect((await owner.caller.dashboard.get({ tenant: slug, uid: "exported-1" })).dashboard).toEqual((await owner.caller.dashboard.get({ tenant: slug, uid: grafana.uid })).dashboard);
  });

  it("imports with a write-scoped API token; read-only and unknown tokens are refused", async () => {
    const { owner, slug } = people;
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug } });
    const write = await owner.caller.apiToken.create({ tenant: slug, name: "ci", scopes: ["WRITE"] });
    const read = await owner.caller.apiToken.create({ tenant: slug, name: "ro", scopes: ["READ"] });
    const json = { title: "As code", panels: [{ type: "stat", id: 1, gridPos: { x: 0, y: 0, w: 6, h: 4 }, targets: [{ refId: "A", expr: "up" }] }] };
    const out = await importDashboardWithToken({ db }, write.token, { json });
    expect(out).toMatchObject({ title: "As code", version: 1, warnings: [] });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, action: "dashboard.import" }, orderBy: { createdAt: "desc" } });
    expect(audit.actor).toMatch(/^token:bwt_/);
    expect(await codeOf(importDashboardWithToken({ db }, read.token, { json }))).toBe("FORBIDDEN");
    expect(await codeOf(importDashboardWithToken({ db }, "bwt_nope", { json }))).toBe("UNAUTHORIZED");
  });
});

describe("real dashboards against the agent's metrics", () => {
  let tenantId = "";
  let instance = "";
  let close = async () => {};

  beforeAll(async () => {
    const { slug } = await tenantWithPeople();
    tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug } })).id;
    // The agent's collectors over a Raspberry Pi 4 tree, served and scraped exactly as in production.
    const collectors = nodeCollectors({ root: RPI });
    const server = createAgentServer({ credential: "bwb_test", collect: async () => (await Promise.all(collectors.map((c) => c.collect()))).flat() });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    instance = new URL(url).host;
    const state = new MemoryStalenessState();
    const store = await getSampleStore();
    const now = Date.now();
    for (let i = 8; i >= 0; i--) {
      const outcome = await scrape(
        {
          url, job: "node", instance, targetLabels: { board: "pi-lab", site: "lab" }, honorLabels: false, timeoutMs: 5000, intervalMs: 15_000,
          sampleLimit: 50_000, labelLimit: 64, labelNameLengthLimit: 256, labelValueLengthLimit: 2048, bodySizeLimitBytes: 1 << 25, bearerToken: "bwb_test",
        },
        state,
        { now: () => now - i * 15_000 },
      );
      expect(outcome.up).toBe(1);
      await store.write(tenantId, outcome.writes);
    }
  });
  afterAll(() => close());

  const source = (): VariableSource => ({
    async labelValues(label, match) {
      const params = new URLSearchParams(match ? [["match[]", match]] : []);
      return (await listLabelValues(tenantId, label, params)).data as string[];
    },
    async labelNames(match) {
      return (await listLabelNames(tenantId, new URLSearchParams(match ? [["match[]", match]] : []))).data as string[];
    },
    async queryResult(expr) {
      const r = (await runInstantQuery(tenantId, new URLSearchParams({ query: expr }))).data as { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      return r.result.map((s) => `${JSON.stringify(s.metric)} ${s.value[1]} ${s.value[0]}`);
    },
  });

  /** Runs every query of every panel as the dashboard view would, over the last hour at 800 px. */
  async function runAll(dashboard: Dashboard) {
    const endMs = Date.now();
    const rangeSeconds = 3600;
    const step = panelStep({ rangeSeconds, maxDataPoints: 800 });
    const builtins = { intervalSeconds: step, rateIntervalSeconds: rateInterval(step), rangeSeconds, fromMs: endMs - rangeSeconds * 1000, toMs: endMs };
    const resolved = await resolveVariables(dashboard.variables, source(), {}, builtins);
    // Dashboards made for other systems (Darwin, AIX) find no instance of their own: show them our board.
    const variables = Object.fromEntries(resolved.map((v) => [v.name, v.name === "instance" && v.value.values.length === 0 ? { ...v.value, values: [instance] } : v.value]));
    const outcomes: Array<{ panel: string; expr: string; series: number; error?: string }> = [];
    for (const panel of allDataPanels(dashboard)) {
      for (const q of panel.queries) {
        const expr = interpolate(q.expr, { variables, builtins });
        const params = q.instant
          ? new URLSearchParams({ query: expr, time: String(endMs / 1000) })
          : new URLSearchParams({ query: expr, start: String(endMs / 1000 - rangeSeconds), end: String(endMs / 1000), step: String(step) });
        try {
          const out = (await (q.instant ? runInstantQuery(tenantId, params) : runRangeQuery(tenantId, params))).data as { result: unknown[] };
          outcomes.push({ panel: panel.title, expr, series: out.result.length });
        } catch (e) {
          outcomes.push({ panel: panel.title, expr, series: 0, error: (e as Error).message });
        }
      }
    }
    return { outcomes, resolved };
  }

  it.each(readdirSync(MIXIN).filter((f) => f.endsWith(".json")))("the node mixin's %s imports and every query runs without error", async (file) => {
    const { owner, slug } = people;
    const imported = await owner.caller.dashboard.import({ tenant: slug, dashboard: JSON.parse(readFileSync(`${MIXIN}/${file}`, "utf8")), overwrite: true });
    const { dashboard } = await owner.caller.dashboard.get({ tenant: slug, uid: imported.uid });
    const { outcomes, resolved } = await runAll(dashboard);
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(resolved.every((v) => v.error === null)).toBe(true);
    console.log(`[mixin] ${file}: ${allDataPanels(dashboard).length} panels, ${outcomes.length} queries, ${outcomes.filter((o) => o.series > 0).length} with data, ${imported.warnings.length} unmapped items`);
  });

  it("the node mixin's Nodes dashboard shows the agent's data", async () => {
    const { dashboard } = (await importDashboardJsonFile("nodes.json"))!;
    const { outcomes, resolved } = await runAll(dashboard);
    expect(resolved.find((v) => v.name === "instance")!.options).toEqual([instance]);
    const withData = new Set(outcomes.filter((o) => o.series > 0).map((o) => o.panel));
    for (const title of ["CPU Usage", "Load Average", "Memory Usage", "Disk I/O", "Disk Space Usage", "Network Received", "Network Transmitted"]) expect(withData).toContain(title);
  });

  it.each(builtinDashboards().map((b) => [b.dashboard.title, b.dashboard] as const))("built-in %s: every query runs and every panel has data", async (_title, dashboard) => {
    const { outcomes, resolved } = await runAll(dashboard);
    expect(resolved[0]!.options).toEqual(["pi-lab"]);
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    // The fixture board has thermal zones but no hwmon chip: that one query of the temperature panel is empty.
    const empty = outcomes.filter((o) => o.series === 0).map((o) => o.expr);
    expect(empty.filter((e) => !e.includes("node_hwmon_temp_celsius") && !e.includes("Read_only"))).toEqual([]);
  });
});

async function importDashboardJsonFile(file: string) {
  const { importDashboardJson } = await import("@boardwatch/dashboards");
  const out = importDashboardJson(JSON.parse(readFileSync(`${MIXIN}/${file}`, "utf8")));
  return out.ok ? out.value : undefined;
}
