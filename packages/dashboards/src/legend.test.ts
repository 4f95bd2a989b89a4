import { describe, expect, it } from "vitest";
import { formatLegend, seriesName } from "./legend";

const labels = { __name__: "node_cpu_seconds_total", instance: "pi-1:9845", mode: "idle", cpu: "0" };

describe("legend templates", () => {
  it.each([
    ["{{instance}}", "pi-1:9845"],
    ["{{ instance }} {{mode}}", "pi-1:9845 idle"],
    ["cpu {{cpu}} ({{ mode }})", "cpu 0 (idle)"],
    ["{{missing}} {{mode}}", "idle"],
    ["static text", "static text"],
    ["{{__name__}}", "node_cpu_seconds_total"],
  ])("%s → %s", (template, expected) => expect(formatLegend(template, labels)).toBe(expected));

  it("falls back to the label set when the template is empty, auto, or renders empty", () => {
    const full = 'node_cpu_seconds_total{cpu="0", instance="pi-1:9845", mode="idle"}';
    expect(formatLegend("", labels)).toBe(full);
    expect(formatLegend("__auto", labels)).toBe(full);
    expect(formatLegend("{{nope}}", labels)).toBe(full);
  });

  it("names series like Prometheus's UI", () => {
    expect(seriesName({ b: "2", a: 'q"x' })).toBe('{a="q\\"x", b="2"}');
    expect(seriesName({ __name__: "up" })).toBe("up");
    expect(seriesName({})).toBe("{}");
  });
});
