import { describe, expect, it } from "vitest";
import { escapeRegex, interpolate, referencedVariables, unknownBuiltins, type VariableValue } from "./interpolate";

const one = (v: string, multi = false): VariableValue => ({ values: [v], all: false, allValue: null, multi });
const many = (...values: string[]): VariableValue => ({ values, all: false, allValue: null, multi: true });
const builtins = { intervalSeconds: 60, rateIntervalSeconds: 75, rangeSeconds: 86_400, fromMs: 1_000_000, toMs: 87_400_000 };

describe("variable interpolation", () => {
  it("replaces all four spellings", () => {
    const scope = { variables: { job: one("node") } };
    expect(interpolate('up{job="$job"}', scope)).toBe('up{job="node"}');
    expect(interpolate('up{job="${job}"}', scope)).toBe('up{job="node"}');
    expect(interpolate('up{job="[[job]]"}', scope)).toBe('up{job="node"}');
    expect(interpolate('up{job="${job:raw}"}', scope)).toBe('up{job="node"}');
  });

  it("regex-escapes the values of a multi-value variable inside =~ and joins them as alternatives", () => {
    const scope = { variables: { instance: many("10.0.0.1:9100", "pi(2)") } };
    // The regex is 10\.0\.0\.1:9100|pi\(2\); inside a PromQL string each backslash is written twice.
    expect(interpolate('up{instance=~"$instance"}', scope)).toBe('up{instance=~"(10\\\\.0\\\\.0\\\\.1:9100|pi\\\\(2\\\\))"}');
    expect(interpolate("up{instance!~'$instance'}", scope)).toBe("up{instance!~'(10\\\\.0\\\\.0\\\\.1:9100|pi\\\\(2\\\\))'}");
    expect(interpolate("up{instance=~`$instance`}", scope)).toBe("up{instance=~`(10\\.0\\.0\\.1:9100|pi\\(2\\))`}");
  });

  it("escapes a single selected value of a multi-value variable inside =~ too", () => {
    expect(interpolate('up{instance=~"$i"}', { variables: { i: { ...many("a.b") } } })).toBe('up{instance=~"a\\\\.b"}');
  });

  it("leaves a single-value variable's value as written inside =~ (it may be a regex on purpose)", () => {
    expect(interpolate('up{instance=~"$i"}', { variables: { i: one("pi-.*") } })).toBe('up{instance=~"pi-.*"}');
  });

  it("escapes quotes and backslashes for the string literal a value lands in", () => {
    expect(interpolate('up{path="$p"}', { variables: { p: one('C:\\x "y"') } })).toBe('up{path="C:\\\\x \\"y\\""}');
  });

  it("All: the custom all value raw, or every value as alternatives", () => {
    const all: VariableValue = { values: ["a", "b.c"], all: true, allValue: ".*", multi: true };
    expect(interpolate('up{x=~"$v"}', { variables: { v: all } })).toBe('up{x=~".*"}');
    expect(interpolate('up{x=~"$v"}', { variables: { v: { ...all, allValue: null } } })).toBe('up{x=~"(a|b\\\\.c)"}');
  });

  it("applies explicit formats", () => {
    const scope = { variables: { v: many("a.b", "c") } };
    expect(interpolate("${v:pipe}", scope)).toBe("a.b|c");
    expect(interpolate("${v:csv}", scope)).toBe("a.b,c");
    expect(interpolate("${v:regex}", scope)).toBe("(a\\.b|c)");
    expect(interpolate("${v:json}", scope)).toBe('["a.b","c"]');
    expect(interpolate("${v:glob}", scope)).toBe("{a.b,c}");
  });

  it("fills Grafana's built-ins from the panel's step and range", () => {
    const scope = { variables: {}, builtins };
    expect(interpolate("rate(x[$__rate_interval])", scope)).toBe("rate(x[1m15s])");
    expect(interpolate("avg_over_time(x[$__interval])", scope)).toBe("avg_over_time(x[1m])");
    expect(interpolate("increase(x[$__range]) / ${__range_s}", scope)).toBe("increase(x[1d]) / 86400");
    expect(interpolate("increase(x[${__range}])", scope)).toBe("increase(x[1d])");
    expect(interpolate("$__interval_ms $__range_ms $__from $__to", scope)).toBe("60000 86400000 1000000 87400000");
  });

  it("leaves unknown names alone", () => {
    expect(interpolate('up{a="$nope"} $__nope', { variables: {}, builtins })).toBe('up{a="$nope"} $__nope');
  });

  it("uses the longest name, like Grafana", () => {
    expect(interpolate("$instance_x $instance", { variables: { instance: one("i") } })).toBe("$instance_x i");
  });

  it("lists referenced variables and unknown built-ins", () => {
    expect(referencedVariables('rate(x{a="$a", b=~"${b:regex}", c="[[c]]"}[$__rate_interval])')).toEqual(["a", "b", "c"]);
    expect(unknownBuiltins("x[$__rate_interval] $__timeFilter(t) ${__user}")).toEqual(["$__timeFilter", "$__user"]);
  });

  it("escapes every RE2 metacharacter", () => {
    const special = "\\^$.|?*+()[]{}";
    expect(new RegExp(`^${escapeRegex(special)}$`).test(special)).toBe(true);
  });
});
