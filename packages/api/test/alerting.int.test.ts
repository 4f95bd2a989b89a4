import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { formatText, nodeCollectors, Registry } from "@boardwatch/agent";
import { parsePrometheusText } from "@boardwatch/exposition";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateRuleGroupOnce, getSampleStore } from "../src";
import { db, tenantWithPeople } from "./fixtures";

const testdata = (name: string) => fileURLToPath(new URL(`../../alerting/testdata/${name}`, import.meta.url));
// A Raspberry Pi 4's /proc and /sys: the agent's collectors read them as on a real board.
const RPI = fileURLToPath(new URL("../../agent/testdata/rpi4", import.meta.url));

const NOW = Date.now();
let people: Awaited<ReturnType<typeof tenantWithPeople>>;
let tenantId: string;

/** Twenty minutes of the agent's metrics at a 15 s interval, counters growing, as if scraped by a worker. */
async function writeAgentHistory() {
  const { samples } = parsePrometheusText(formatText(await new Registry(nodeCollectors({ root: RPI })).collect()));
  const store = await getSampleStore();
  const steps = 80;
  await store.write(
    tenantId,
    samples.map((s) => ({
      labels: { ...Object.fromEntries(s.labels), __name__: s.name, job: "node", instance: "pi-kitchen:9100", board: "pi-kitchen" },
      samples: Array.from({ length: steps }, (_, i) => ({ t: NOW - (steps - 1 - i) * 15_000, v: s.name.endsWith("_total") ? s.value + i * 7 : s.value })),
    })),
  );
}

beforeAll(async () => {
  people = await tenantWithPeople();
  tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: people.slug } })).id;
  await writeAgentHistory();
});

describe("the node_exporter mixin's rules against the agent's metrics", () => {
  it.each(["node_rules.yaml", "node_alerts.yaml"])("%s imports unchanged and every rule evaluates without error", async (file) => {
    const { caller } = people.owner;
    const imported = await caller.alerting.importRuleFile({ tenant: people.slug, namespace: file, yaml: await readFile(testdata(file), "utf8") });
    expect(imported.groups.length).toBeGreaterThan(0);
    const groups = (await caller.alerting.ruleGroups({ tenant: people.slug })).filter((g) => g.namespace === file);
    for (const g of groups) {
      const outcome = await evaluateRuleGroupOnce(db, g.id, NOW, { queryTimeoutMs: 30_000 });
      expect(outcome).toMatchObject({ errors: 0 });
    }
    const evaluated = (await caller.alerting.ruleGroups({ tenant: people.slug })).filter((g) => g.namespace === file).flatMap((g) => g.rules);
    expect(evaluated.length).toBe(imported.groups.reduce((n, g) => n + g.rules, 0));
    expect(evaluated.filter((r) => r.health !== "ok").map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
  });

  it("recording rules write their results as series the engine can read back", async () => {
    const store = await getSampleStore();
    const [cpus] = await store.select(tenantId, [{ type: "=", name: "__name__", value: "instance:node_num_cpu:sum" }], NOW - 120_000, NOW + 120_000);
    expect(cpus?.labels).toMatchObject({ instance: "pi-kitchen:9100", job: "node" });
    expect([...cpus!.values]).toEqual([4]);
  });

  it("a failing rule shows its error and the rest of its group still runs; ALERTS series record what fires", async () => {
    const { caller } = people.owner;
    await caller.alerting.setRuleGroup({
      tenant: people.slug,
      namespace: "mixed",
      yaml: `name: mixed
rules:
- alert: Ambiguous
  expr: node_cpu_seconds_total / on (instance) node_cpu_seconds_total
- alert: BoardHot
  expr: node_hwmon_temp_celsius > 40
  labels: { severity: warning }
`,
    });
    const group = (await caller.alerting.ruleGroups({ tenant: people.slug })).find((g) => g.name === "mixed")!;
    expect(await evaluateRuleGroupOnce(db, group.id, NOW)).toMatchObject({ errors: 1 });
    const [ambiguous, hot] = (await caller.alerting.ruleGroups({ tenant: people.slug })).find((g) => g.name === "mixed")!.rules;
    expect(ambiguous).toMatchObject({ health: "err", lastError: expect.stringMatching(/many-to-many|duplicate series/) });
    expect(hot).toMatchObject({ health: "ok", alerts: expect.arrayContaining([expect.objectContaining({ state: "firing" })]) });
    const [alerts] = await (await getSampleStore()).select(tenantId, [{ type: "=", name: "__name__", value: "ALERTS" }, { type: "=", name: "alertname", value: "BoardHot" }], NOW - 120_000, NOW + 1000);
    expect(alerts?.labels).toMatchObject({ alertstate: "firing", severity: "warning", board: "pi-kitchen" });
  });

  it("evaluates a slot once: a second run for the same time changes nothing", async () => {
    const [group] = await people.owner.caller.alerting.ruleGroups({ tenant: people.slug });
    expect(await evaluateRuleGroupOnce(db, group!.id, NOW)).toEqual({ skipped: "slot already evaluated" });
  });
});
