import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRuleFile, parseRuleGroup, RuleFileError } from "./rule-file";

const testdata = (name: string) => readFileSync(new URL(`../testdata/${name}`, import.meta.url), "utf8");

function errors(text: string): string[] {
  try {
    parseRuleFile(text);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleFileError);
    return (e as RuleFileError).messages;
  }
  return [];
}

describe("rule files", () => {
  it("parses and validates every node-mixin alerting rule", () => {
    const groups = parseRuleFile(testdata("node_alerts.yaml"));
    const rules = groups.flatMap((g) => g.rules);
    const source = testdata("node_alerts.yaml");
    expect(rules.length).toBe((source.match(/"alert":/g) ?? []).length);
    const fill = rules.find((r) => r.name === "NodeFilesystemSpaceFillingUp");
    expect(fill).toMatchObject({ kind: "alert", forMs: 3600_000, labels: { severity: "warning" } });
    expect(fill?.kind === "alert" && fill.annotations.summary).toBe("Filesystem is predicted to run out of space within the next 24 hours.");
  });

  it("parses and validates every node-mixin recording rule", () => {
    const groups = parseRuleFile(testdata("node_rules.yaml"));
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.length).toBe((testdata("node_rules.yaml").match(/"record":/g) ?? []).length);
    expect(rules.every((r) => r.kind === "record" && r.name.includes(":"))).toBe(true);
  });

  it("reads durations, limits and group labels", () => {
    const [g] = parseRuleFile(`groups:
- name: boards
  interval: 30s
  query_offset: 1m
  limit: 10
  labels: { team: fleet }
  rules:
  - alert: BoardHot
    expr: board_temperature_celsius > 80
    for: 5m
    keep_firing_for: 1m30s
    labels: { severity: critical }
    annotations: { summary: "{{ $labels.board }} is {{ $value | humanize }}°C" }
  - record: board:temperature:max
    expr: max by (board) (board_temperature_celsius)
`);
    expect(g).toMatchObject({ name: "boards", intervalMs: 30_000, queryOffsetMs: 60_000, limit: 10, labels: { team: "fleet" } });
    expect(g?.rules[0]).toMatchObject({ kind: "alert", forMs: 300_000, keepFiringForMs: 90_000 });
    expect(g?.rules[1]).toEqual({ kind: "record", name: "board:temperature:max", expr: "max by (board) (board_temperature_celsius)", labels: {} });
  });

  it("reports every problem naming the group and rule, like promtool", () => {
    const msgs = errors(`groups:
- name: g1
  rules:
  - alert: Bad
    expr: rate(x[5m]
  - record: r:x
    alert: Both
    expr: up
  - expr: up
  - alert: Dur
    expr: up
    for: 5 minutes
  - alert: Labels
    expr: up
    labels: { "bad-name": x }
    annotations: { summary: "{{ $labels.x | nosuch }}", "0bad": y }
  - record: "bad name"
    expr: up
    for: 1m
    annotations: { a: b }
- name: g1
  rules: []
`);
    expect(msgs).toEqual([
      expect.stringMatching(/^5:11: group "g1", rule 1, "Bad": could not parse expression: 1:\d+: parse error: /),
      '6:13: group "g1", rule 2, "r:x": only one of \'record\' and \'alert\' must be set',
      '9:5: group "g1", rule 3, "": one of \'record\' or \'alert\' must be set',
      '12:10: group "g1", rule 4, "Dur": not a valid duration string: "5 minutes"',
      '15:15: group "g1", rule 5, "Labels": invalid label name: bad-name',
      '16:57: group "g1", rule 5, "Labels": invalid annotation name: 0bad',
      '16:20: group "g1", rule 5, "Labels": annotation "summary": template: __alert_Labels:1: function "nosuch" not defined',
      '20:5: group "g1", rule 6, "bad name": invalid field \'annotations\' in recording rule',
      '19:5: group "g1", rule 6, "bad name": invalid field \'for\' in recording rule',
      '17:13: group "g1", rule 6, "bad name": invalid recording rule name: bad name',
      '21:9: groupname: "g1" is repeated in the same file',
    ]);
  });

  it("rejects unknown fields, bad YAML and empty group names without throwing anything else", () => {
    expect(errors("groups:\n- name: g\n  rulez: []\n")).toEqual(["3:3: field rulez not found in type rulefmt.RuleGroup"]);
    expect(errors("groups:\n- rules: []\n")).toEqual(["2:3: Groupname must not be empty"]);
    expect(errors("groups: [\n")[0]).toMatch(/^\d+:\d+: /);
    expect(errors("groups: 3")).toEqual(["1:9: cannot unmarshal groups: expected a list"]);
    expect(errors("")).toEqual([]);
  });

  it("accepts UTF-8 names when asked to, as Prometheus 3 does", () => {
    const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels: { "board.name": x }\n';
    expect(errors(text)).toHaveLength(1);
    expect(parseRuleFile(text, { nameValidation: "utf8" })[0]?.rules[0]?.labels).toEqual({ "board.name": "x" });
  });

  it("parses Mimir's single-group form", () => {
    const g = parseRuleGroup("name: boards\ninterval: 1m\nrules:\n- alert: Down\n  expr: up == 0\n  for: 2m\n");
    expect(g).toMatchObject({ name: "boards", intervalMs: 60_000, rules: [{ kind: "alert", name: "Down", forMs: 120_000 }] });
    expect(() => parseRuleGroup("name: boards\nrules:\n- alert: X\n")).toThrow(`3:3: group "boards", rule 1, "X": field 'expr' must be set in rule`);
  });
});
