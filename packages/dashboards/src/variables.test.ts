import { describe, expect, it } from "vitest";
import { ALL, applyVariableRegex, customOptions, parseVariableQuery, resolveVariables, type VariableSource } from "./variables";
import { variableSchema } from "./schema";

describe("variable queries", () => {
  it.each([
    ["label_values(instance)", { kind: "label_values", label: "instance", match: null }],
    ['label_values(node_uname_info{job="node", sysname!="Darwin"}, instance)', { kind: "label_values", label: "instance", match: 'node_uname_info{job="node", sysname!="Darwin"}' }],
    ['label_values(up{a=~"x,y"},  cluster)', { kind: "label_values", label: "cluster", match: 'up{a=~"x,y"}' }],
    ["label_names()", { kind: "label_names", match: null }],
    ["metrics(node_.*)", { kind: "metrics", regex: "node_.*" }],
    ["query_result(topk(3, sum by (board) (up)))", { kind: "query_result", query: "topk(3, sum by (board) (up))" }],
    ["up == 1", { kind: "query_result", query: "up == 1" }],
  ])("%s", (text, expected) => expect(parseVariableQuery(text)).toEqual(expected));

  it("refuses malformed calls", () => {
    expect(parseVariableQuery("label_values(up, )")).toBeUndefined();
    expect(parseVariableQuery("")).toBeUndefined();
  });

  it("reads custom lists with escaped commas and text : value pairs", () => {
    expect(customOptions("a, b,c\\,d, Prod : prod")).toEqual(["a", "b", "c,d", "prod"]);
  });

  it("filters with a regex and keeps the capture group", () => {
    expect(applyVariableRegex(["pi-1:9845", "pi-2:9845", "x"], "/(pi-\\d+):.*/")).toEqual(["pi-1", "pi-2"]);
    expect(applyVariableRegex(["a", "b"], "")).toEqual(["a", "b"]);
  });
});

describe("resolving variables", () => {
  const calls: string[] = [];
  const source: VariableSource = {
    async labelValues(label, match) {
      calls.push(`${label} ${match}`);
      if (label === "cluster") return ["eu", "us"];
      return match?.includes("eu") ? ["pi-2", "pi-1"] : ["pi-9"];
    },
    labelNames: async () => ["job"],
    queryResult: async (expr) => [`{board="x"} 1 ${expr.length}`],
  };
  const vars = [
    variableSchema.parse({ type: "query", name: "cluster", query: "label_values(cluster)", includeAll: true, multi: true }),
    variableSchema.parse({ type: "query", name: "instance", query: 'label_values(up{cluster=~"$cluster"}, instance)' }),
    variableSchema.parse({ type: "custom", name: "n", query: "3,5,10", current: ["5"] }),
    variableSchema.parse({ type: "textbox", name: "filter", query: "default" }),
  ];

  it("resolves in order, later queries seeing earlier values, keeping wanted values that are offered", async () => {
    const out = await resolveVariables(vars, source, { cluster: ["eu"], instance: ["pi-2"], filter: ["mine"] });
    expect(out.map((v) => [v.name, v.selected, v.options])).toEqual([
      ["cluster", ["eu"], ["eu", "us"]],
      ["instance", ["pi-2"], ["pi-1", "pi-2"]],
      ["n", ["5"], ["3", "5", "10"]],
      ["filter", ["mine"], []],
    ]);
    expect(calls.at(-1)).toBe('instance up{cluster=~"eu"}');
  });

  it("falls back to All, the default, or the first option when the wanted value is gone", async () => {
    const out = await resolveVariables(vars, source, { instance: ["gone"], n: ["7"] });
    expect(out[0]!.selected).toEqual([ALL]);
    expect(out[0]!.value).toMatchObject({ all: true, values: ["eu", "us"] });
    expect(calls.at(-1)).toBe('instance up{cluster=~"(eu|us)"}');
    expect(out[2]!.selected).toEqual(["5"]);
    expect(out[3]!.selected).toEqual(["default"]);
  });

  it("reports a failing query on its variable and carries on", async () => {
    const failing = { ...source, labelValues: async () => Promise.reject(new Error("boom")) };
    const out = await resolveVariables(vars, failing, {});
    expect(out[0]!.error).toBe("boom");
    expect(out[2]!.selected).toEqual(["5"]);
  });
});
