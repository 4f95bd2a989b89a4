import { isStaleNaN, MemoryQuerier } from "@boardwatch/promql";
import { describe, expect, it } from "vitest";
import { MemoryAlertStateStore } from "./alert-state";
import { evaluateGroup, groupEvalOffset, groupEvalTime, type EvaluateGroupDeps } from "./group";
import { engineQueryFunc, type QueryFunc } from "./query-func";
import { parseRuleFile } from "./rule-file";

const MIN = 60_000;

/** A board temperature series sampled every minute from t=0 with the given values. */
function temperatures(querier: MemoryQuerier, board: string, values: number[]): void {
  querier.append(
    { __name__: "board_temperature_celsius", board, job: "boards" },
    Float64Array.from(values, (_, i) => i * MIN),
    Float64Array.from(values),
  );
}

const rules = (extra = "") =>
  parseRuleFile(`groups:
- name: boards
  interval: 1m
  rules:
  - alert: BoardHot
    expr: board_temperature_celsius > 80
    for: 3m
    labels: { severity: "{{ if gt $value 90.0 }}critical{{ else }}warning{{ end }}" }
    annotations:
      summary: "{{ $labels.board }} is hot"
      description: "{{ $labels.board }} reached {{ $value | humanize }}°C"
${extra}`)[0]!;

function setup(values: number[], extraRules = "") {
  const querier = new MemoryQuerier();
  temperatures(querier, "b1", values);
  const deps: EvaluateGroupDeps = { query: engineQueryFunc(querier), state: new MemoryAlertStateStore(), externalLabels: { env: "test" }, externalURL: "https://bw.example" };
  const group = rules(extraRules);
  return { querier, deps, group, at: (minute: number) => evaluateGroup(group, minute * MIN, deps) };
}

describe("alerting rules", () => {
  it("goes pending, fires after `for`, then resolves, like Prometheus", async () => {
    const { at } = setup([20, 85, 85, 85, 85, 85, 20, 20]);
    const r0 = await at(0);
    expect(r0.alerts).toEqual([]);
    expect(r0.series).toEqual([]);

    const r1 = await at(1);
    expect(r1.alerts).toEqual([]);
    expect(r1.rules[0]).toMatchObject({ health: "ok", alerts: [{ state: "pending", activeAtMs: MIN, value: 85 }] });
    expect(r1.series).toEqual([
      { labels: { __name__: "ALERTS", alertname: "BoardHot", alertstate: "pending", board: "b1", job: "boards", severity: "warning" }, timestampMs: MIN, value: 1 },
      { labels: { __name__: "ALERTS_FOR_STATE", alertname: "BoardHot", board: "b1", job: "boards", severity: "warning" }, timestampMs: MIN, value: 60 },
    ]);

    expect((await at(3)).alerts).toEqual([]);
    const fired = await at(4);
    expect(fired.alerts).toEqual([
      {
        labels: { alertname: "BoardHot", board: "b1", job: "boards", severity: "warning", env: "test" },
        annotations: { summary: "b1 is hot", description: "b1 reached 85°C" },
        startsAtMs: 4 * MIN,
        endsAtMs: 8 * MIN,
        generatorURL: "https://bw.example/graph?g0.expr=board_temperature_celsius+%3E+80&g0.tab=1",
        value: 85,
      },
    ]);
    // The pending ALERTS series goes stale when the firing one replaces it.
    expect(fired.series.map((s) => [s.labels.__name__, s.labels.alertstate, isStaleNaN(s.value) ? "stale" : s.value])).toEqual([
      ["ALERTS", "pending", "stale"],
      ["ALERTS", "firing", 1],
      ["ALERTS_FOR_STATE", undefined, 60],
    ]);

    // Re-sent only after the resend delay (1m): at 5 it was sent 1m ago exactly, so not yet.
    expect((await at(5)).alerts).toEqual([]);
    const resolved = await at(6);
    expect(resolved.alerts).toMatchObject([{ startsAtMs: 4 * MIN, endsAtMs: 6 * MIN }]);
    expect(resolved.rules[0]?.alerts).toEqual([]);
    expect(resolved.series.every((s) => isStaleNaN(s.value))).toBe(true);
  });

  it("keeps a resolved alert for 15 minutes, re-sending it as resolved, then forgets it", async () => {
    const { at, deps } = setup(Array.from({ length: 30 }, (_, i) => (i >= 1 && i <= 4 ? 85 : 20)));
    await at(0);
    await at(1);
    await at(4);
    expect((await at(5)).alerts).toMatchObject([{ endsAtMs: 5 * MIN }]);
    expect((await at(7)).alerts).toMatchObject([{ endsAtMs: 5 * MIN }]);
    expect(Object.keys((await deps.state.load("boards"))!.rules).length).toBe(1);
    await at(20);
    expect(Object.values((await deps.state.load("boards"))!.rules)[0]?.active).not.toEqual({});
    expect((await at(21)).alerts).toEqual([]);
    expect(Object.values((await deps.state.load("boards"))!.rules)[0]?.active).toEqual({});
  });

  it("fires at once without `for` and honours keep_firing_for", async () => {
    const { at } = setup([85, 20, 20, 20, 20], "  - alert: Sticky\n    expr: board_temperature_celsius > 80\n    keep_firing_for: 2m\n");
    const r0 = await at(0);
    expect(r0.rules[1]?.alerts).toMatchObject([{ state: "firing", firedAtMs: 0 }]);
    expect((await at(1)).rules[1]?.alerts).toMatchObject([{ state: "firing", keepFiringSinceMs: MIN }]);
    expect((await at(2)).rules[1]?.alerts).toMatchObject([{ state: "firing" }]);
    const r3 = await at(3);
    expect(r3.rules[1]?.alerts).toEqual([]);
    expect(r3.alerts.filter((a) => a.labels.alertname === "Sticky")).toMatchObject([{ endsAtMs: 3 * MIN }]);
  });

  it("re-evaluates templates each time: labels follow the value, annotations too", async () => {
    const { at } = setup([95, 95]);
    const r = await at(0);
    expect(r.rules[0]?.alerts[0]).toMatchObject({ labels: { severity: "critical" }, annotations: { description: "b1 reached 95°C" } });
  });

  it("keeps a failing rule's error and state while the rest of the group runs", async () => {
    const querier = new MemoryQuerier();
    temperatures(querier, "b1", [85, 85, 85]);
    const engine = engineQueryFunc(querier);
    let failing = false;
    const query: QueryFunc = (expr, t) => (failing && expr.includes("> 80") ? Promise.reject(new Error("query timed out")) : engine(expr, t));
    const group = rules("  - record: board:temperature:max\n    expr: max by (board) (board_temperature_celsius)\n");
    const deps = { query, state: new MemoryAlertStateStore() };
    await evaluateGroup(group, 0, deps);
    failing = true;
    const r = await evaluateGroup(group, MIN, deps);
    expect(r.rules.map((x) => [x.name, x.health, x.lastError])).toEqual([
      ["BoardHot", "err", "query timed out"],
      ["board:temperature:max", "ok", undefined],
    ]);
    expect(r.rules[0]?.alerts).toMatchObject([{ state: "pending", activeAtMs: 0 }]);
    expect(r.series).toEqual([{ labels: { __name__: "board:temperature:max", board: "b1" }, timestampMs: MIN, value: 85 }]);
    failing = false;
    expect((await evaluateGroup(group, 3 * MIN, deps)).rules[0]?.alerts).toMatchObject([{ state: "firing", activeAtMs: 0 }]);
  });

  it("reports label sets that collide after templating, and enforces the group limit", async () => {
    const querier = new MemoryQuerier();
    temperatures(querier, "b1", [85]);
    temperatures(querier, "b2", [86]);
    const [group] = parseRuleFile(`groups:
- name: g
  limit: 1
  rules:
  - alert: Collide
    expr: sum by (board) (board_temperature_celsius) > 80
    labels: { board: same }
  - alert: TooMany
    expr: board_temperature_celsius > 80
  - record: too:many
    expr: board_temperature_celsius
`);
    const r = await evaluateGroup(group!, 0, { query: engineQueryFunc(querier), state: new MemoryAlertStateStore() });
    expect(r.rules.map((x) => x.lastError)).toEqual([
      "vector contains metrics with the same labelset after applying alert labels",
      "exceeded limit of 1 with 2 alerts",
      "exceeded limit of 1 with 2 series",
    ]);
    expect(r.alerts).toEqual([]);
  });

  it("drops labels whose value is empty after templating, as Prometheus's label builder does", async () => {
    const querier = new MemoryQuerier();
    temperatures(querier, "b1", [85]);
    const [group] = parseRuleFile(`groups:
- name: g
  rules:
  - alert: NoJob
    expr: board_temperature_celsius > 80
    labels: { job: "", team: "{{ $labels.nope }}{{ if false }}x{{ end }}", kind: "{{ if false }}x{{ end }}" }
  - record: no:job
    expr: board_temperature_celsius
    labels: { job: "" }
`);
    const r = await evaluateGroup(group!, 0, { query: engineQueryFunc(querier), state: new MemoryAlertStateStore() });
    expect(r.rules[0]?.alerts[0]?.labels).toEqual({ alertname: "NoJob", board: "b1", team: "<no value>" });
    expect(r.series.find((s) => s.labels.__name__ === "no:job")?.labels).toEqual({ __name__: "no:job", board: "b1" });
  });

  it("applies query_offset to the query and the written samples", async () => {
    const querier = new MemoryQuerier();
    temperatures(querier, "b1", [85, 20]);
    const seen: number[] = [];
    const engine = engineQueryFunc(querier);
    const [group] = parseRuleFile("groups:\n- name: g\n  query_offset: 1m\n  rules:\n  - record: r\n    expr: board_temperature_celsius\n");
    const r = await evaluateGroup(group!, 2 * MIN, { query: (e, t) => (seen.push(t), engine(e, t)), state: new MemoryAlertStateStore() });
    expect(seen).toEqual([MIN]);
    expect(r.series).toMatchObject([{ timestampMs: MIN, value: 20 }]);
  });
});

describe("group evaluation timestamps", () => {
  it("aligns to the interval shifted by the group's offset, never in the future", () => {
    expect(groupEvalTime(60_000, 125_000, 0)).toBe(120_000);
    expect(groupEvalTime(60_000, 125_000, 7_000)).toBe(67_000);
    expect(groupEvalTime(60_000, 127_000, 7_000)).toBe(127_000);
    const offset = groupEvalOffset("tenant-a/boards", 60_000);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(60_000);
    expect(groupEvalOffset("tenant-a/boards", 60_000)).toBe(offset);
    for (const now of [0, 59_999, 60_000, 1_000_123]) {
      const t = groupEvalTime(60_000, now, offset);
      expect(t).toBeLessThanOrEqual(now);
      expect(now - t).toBeLessThan(60_000);
      expect(Math.abs((t - offset) % 60_000)).toBe(0);
    }
  });
});
