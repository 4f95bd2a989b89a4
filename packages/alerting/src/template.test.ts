import { describe, expect, it } from "vitest";
import { checkAlertTemplate, expandAlertTemplate } from "./alert-template";
import { formatFloat, sprintf } from "./go-format";
import { Template } from "./template-execute";
import { TemplateError } from "./template-parse";
import { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp, prometheusFunctions } from "./template-functions";

const data = { labels: { instance: "board-7:9100", job: "node", severity: "critical" }, externalLabels: { region: "eu" }, externalURL: "https://bw.example/", value: 81.25 };
const expand = (text: string, value = data.value) => expandAlertTemplate("HighTemp", text, { ...data, value });

describe("Go number formatting", () => {
  it.each([
    [1234567, "g", -1, "1.234567e+06"],
    [123456, "g", -1, "123456"],
    [0.0001, "g", -1, "0.0001"],
    [0.00001, "g", -1, "1e-05"],
    [1.5, "g", 4, "1.5"],
    [12345, "g", 4, "1.234e+04"],
    [12355, "g", 4, "1.236e+04"],
    [100, "g", 4, "100"],
    [0.125, "f", 2, "0.12"],
    [0.375, "f", 2, "0.38"],
    [2.5, "f", 0, "2"],
    [1e21, "f", 1, "1000000000000000000000.0"],
    [-3.14159, "e", 3, "-3.142e+00"],
    [NaN, "g", 4, "NaN"],
    [-Infinity, "f", 2, "-Inf"],
  ] as const)("formatFloat(%s, %s, %s) = %s", (x, verb, prec, want) => {
    expect(formatFloat(x, verb, prec)).toBe(want);
  });

  it("sprintf handles width, flags, ints and bad verbs like Go", () => {
    expect(sprintf("%.2f%%", [12.345])).toBe("12.35%");
    expect(sprintf("%5.1f|%-6s|%06.2f", [3.14159, "ab", -1.5])).toBe("  3.1|ab    |-01.50");
    expect(sprintf("%d items", [3n])).toBe("3 items");
    expect(sprintf("%d", [1.5])).toBe("%!d(float64=1.5)");
    expect(sprintf("%s %s", ["a"])).toBe("a %!s(MISSING)");
    expect(sprintf("%q %v %x", ["hi", true, 255n])).toBe('"hi" true ff');
    expect(sprintf("x", [1n])).toBe("x%!(EXTRA int=1)");
  });
});

describe("Prometheus humanize functions", () => {
  it.each([
    [humanize, 1234567, "1.235M"],
    [humanize, 0, "0"],
    [humanize, 999, "999"],
    [humanize, 1000, "1k"],
    [humanize, 0.0012, "1.2m"],
    [humanize, -12345, "-12.35k"],
    [humanize, Infinity, "+Inf"],
    [humanize1024, 1048576, "1Mi"],
    [humanize1024, 1536, "1.5ki"],
    [humanize1024, 0.5, "0.5"],
    [humanizePercentage, 0.1234, "12.34%"],
    [humanizePercentage, 1, "100%"],
    [humanizeDuration, 3661, "1h 1m 1s"],
    [humanizeDuration, 90061, "1d 1h 1m 1s"],
    [humanizeDuration, 61, "1m 1s"],
    [humanizeDuration, 1.5, "1.5s"],
    [humanizeDuration, 0, "0s"],
    [humanizeDuration, 0.0015, "1.5ms"],
    [humanizeDuration, -3661, "-1h 1m 1s"],
    [humanizeDuration, 899.99, "14m 59s"],
    [humanizeDuration, 0.12345, "123.5ms"],
    [humanizeDuration, 0.0001, "100us"],
    [humanizeDuration, 1.2345, "1.234s"],
    [humanizeDuration, 12.345, "12.35s"],
    [humanizeDuration, 60.5, "1m 0s"],
    [humanizeDuration, 1234567, "14d 6h 56m 7s"],
    [humanizeTimestamp, -1, "1969-12-31 23:59:59 +0000 UTC"],
    [humanizeTimestamp, 9223372036, "2262-04-11 23:47:16 +0000 UTC"],
    [humanizeTimestamp, "1435065584.128", "2015-06-23 13:19:44.128 +0000 UTC"],
    [humanizeTimestamp, "+Inf", "+Inf"],
    [humanizeTimestamp, 1435065584.128, "2015-06-23 13:19:44.128 +0000 UTC"],
    [humanizeTimestamp, 0, "1970-01-01 00:00:00 +0000 UTC"],
  ] as const)("%o(%s) = %s", (fn, input, want) => {
    expect(fn(input)).toBe(want);
  });

  it("accepts numeric strings like convertToFloat and rejects others", () => {
    expect(humanize("1234567")).toBe("1.235M");
    expect(() => humanize("abc")).toThrow(/invalid syntax/);
  });
});

describe("cases from Prometheus's template_test.go", () => {
  const run = (src: string, dot: unknown = undefined) => Template.parse("test", src, prometheusFunctions("http://testhost:9090/path/prefix")).execute(dot);
  it.each([
    ["{{ range . }}{{ humanize . }}:{{ end }}", [0, 1, 1234567, 0.12], "0:1:1.235M:120m:"],
    ["{{ range . }}{{ humanize . }}:{{ end }}", ["0.0", "1.0", "1234567.0", ".12"], "0:1:1.235M:120m:"],
    ["{{ range . }}{{ humanize . }}:{{ end }}", [0n, -1n, 1n, 1234567n, 9223372036854775807n], "0:-1:1:1.235M:9.223E:"],
    ["{{ range . }}{{ humanize1024 . }}:{{ end }}", [0, 1, 1048576, 0.12], "0:1:1Mi:0.12:"],
    ["{{ range . }}{{ humanize1024 . }}:{{ end }}", [0n, -1n, 1n, 1234567n, 9223372036854775807n], "0:-1:1:1.177Mi:8Ei:"],
    ["{{ range . }}{{ humanizeDuration . }}:{{ end }}", [0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99], "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:"],
    ["{{ range . }}{{ humanizeDuration . }}:{{ end }}", [0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345], "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:"],
    ["{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}", [Infinity, -Infinity, NaN], "+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:"],
    ["{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}", undefined, "-22.22%:0%:12.35%:123.5%"],
    ["{{ range . }}{{ humanizePercentage . }}:{{ end }}", [0n, -1n, 1n, 1234567n, 9223372036854775807n], "0%:-100%:100%:1.235e+08%:9.223e+20%:"],
    ["{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", [0n, -1n, 1n, 1234567n, 9223372036n], "1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:"],
    ['{{ reReplaceAll "(a)b" "x$1" "ab" }}', undefined, "xa"],
    ['{{ "aa bb CC" | title }}|{{ "aa bb CC" | toUpper }}|{{ "aA bB CC" | toLower }}', undefined, "Aa Bb CC|AA BB CC|aa bb cc"],
    ['{{ match "a+" "aa" }} {{ match "a+" "b" }}', undefined, "true false"],
    ['{{ graphLink "up" }} {{ tableLink "up" }}', undefined, "/graph?g0.expr=up&g0.tab=0 /graph?g0.expr=up&g0.tab=1"],
    ["{{ pathPrefix }} {{ externalURL }}", undefined, "/path/prefix http://testhost:9090/path/prefix"],
    ['{{ printf "%0.2f" (parseDuration "1h2m10ms") }}', undefined, "3720.01"],
    ['{{ "foo.example.com:12345" | stripPort }} {{ "[2001:0DB8::1]:12345" | stripPort }} {{ "[2001:0DB8::1]::12345" | stripPort }}', undefined, "foo.example.com 2001:0DB8::1 [2001:0DB8::1]::12345"],
    ['{{ "foo.example.com" | stripDomain }} {{ "foo.example.com:12345" | stripDomain }} {{ "192.0.2.1:12345" | stripDomain }} {{ "2001:0DB8::1" | stripDomain }}', undefined, "foo foo:12345 192.0.2.1:12345 2001:0DB8::1"],
    ["{{ .Foo }}", undefined, "<no value>"],
  ] as Array<[string, unknown, string]>)("%s", (src, input, want) => {
    expect(run(src, input)).toBe(want);
  });

  it("fails like Prometheus on unparsable templates and bad numbers", () => {
    expect(() => run("{{")).toThrow("template: test:1: unclosed action");
    expect(() => run('{{ humanize "one" }}')).toThrow('error calling humanize: strconv.ParseFloat: parsing "one": invalid syntax');
  });
});

describe("Go text/template", () => {
  const run = (src: string, dot: unknown = {}) => Template.parse("t", src, prometheusFunctions("https://bw.example/x")).execute(dot);

  it("expands $labels, $value and $externalLabels in alert templates", () => {
    expect(expand("{{ $labels.instance }} is at {{ $value }}°C in {{ $externalLabels.region }}")).toBe("board-7:9100 is at 81.25°C in eu");
    expect(expand("{{ .Labels.job }} {{ .ExternalURL }}")).toBe("node https://bw.example/");
    expect(expand("{{ $value }}", 1234567)).toBe("1.234567e+06");
    expect(expand("{{ $labels.missing }}|{{ if $labels.missing }}x{{ end }}")).toBe("<no value>|");
  });

  it("runs pipelines and functions", () => {
    expect(expand('{{ $value | humanize }} {{ printf "%.1f" $value }} {{ $labels.severity | toUpper }}')).toBe("81.25 81.2 CRITICAL");
    expect(expand('{{ reReplaceAll ":.*" "" $labels.instance }} {{ reReplaceAll "(.*):(.*)" "$2/$1" $labels.instance }}')).toBe("board-7 9100/board-7");
    expect(expand('{{ "hello world" | title }} {{ "ABC" | toLower }} {{ humanizeDuration 3661 }}')).toBe("Hello World abc 1h 1m 1s");
    expect(expand('{{ $labels.instance | stripPort }} {{ printf "%s=%q" "a" "b" }}')).toBe('board-7 a="b"');
    expect(expand('{{ reReplaceAll "(?P<host>[^:]+):(?P<port>.*)" "${port}@${host}" $labels.instance }}')).toBe("9100@board-7");
  });

  it("supports if/else if/else, with, comparisons and boolean functions", () => {
    const t = '{{ if gt $value 90.0 }}hot{{ else if gt $value 80.0 }}warm{{ else }}ok{{ end }}';
    expect(expand(t, 95)).toBe("hot");
    expect(expand(t, 85)).toBe("warm");
    expect(expand(t, 20)).toBe("ok");
    expect(expand('{{ with $labels.job }}job={{ . }}{{ end }}{{ with $labels.nope }}x{{ else }} none{{ end }}')).toBe("job=node none");
    expect(expand('{{ if and (eq $labels.job "node") (not (eq $labels.severity "info")) }}y{{ end }}')).toBe("y");
    expect(expand("{{ if eq $value 1 }}x{{ end }}")).toMatch(/<error expanding template: .*incompatible types for comparison>/);
    // and/or stop at the first decisive argument, so the guarded index never runs on a missing value.
    expect(run('{{ if and .x (index .x 0) }}yes{{ else }}no{{ end }}|{{ or "" "fallback" }}', { x: [] })).toBe("no|fallback");
  });

  it("ranges over maps (sorted), arrays and ints with variables, break and else", () => {
    expect(run('{{ range $k, $v := . }}{{ $k }}={{ $v }};{{ end }}', { b: "2", a: "1" })).toBe("a=1;b=2;");
    expect(run("{{ range . }}[{{ . }}]{{ else }}empty{{ end }}", [])).toBe("empty");
    expect(run("{{ range $i, $x := . }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $x }}{{ end }}", ["a", "b", "c"])).toBe("ab");
    expect(run("{{ range 3 }}{{ . }}{{ end }} {{ len . }}", ["x"])).toBe("012 1");
    expect(run("{{ $x := 1 }}{{ range . }}{{ $x = . }}{{ end }}{{ $x }}", [7n, 8n])).toBe("8");
  });

  it("trims whitespace around {{- and -}} and skips comments", () => {
    expect(run("a  {{- /* note */ -}}  b\n{{- 1 }} {{ 2 -}}\n c")).toBe("ab1 2c");
  });

  it("reports parse errors like Go, with line numbers", () => {
    const err = (src: string) => {
      try {
        Template.parse("x", src);
      } catch (e) {
        expect(e).toBeInstanceOf(TemplateError);
        return (e as Error).message;
      }
      return "parsed";
    };
    expect(err("{{ nope 1 }}")).toBe('template: x:1: function "nope" not defined');
    expect(err("a\n{{ $undefined }}")).toBe('template: x:2: undefined variable "$undefined"');
    expect(err("{{ if 1 }}")).toBe("template: x:1: unexpected EOF");
    expect(err("{{ end }}")).toBe("template: x:1: unexpected {{end}}");
    expect(err("{{ .a ")).toBe("template: x:1: unclosed action");
    expect(err('{{ "abc }}')).toBe("template: x:1: unclosed action");
  });

  it("checks alert templates with Prometheus's predefined variables and functions", () => {
    expect(() => checkAlertTemplate("A", "{{ $labels.x }} {{ $value | humanizePercentage }} {{ $externalURL }}")).not.toThrow();
    expect(() => checkAlertTemplate("A", "{{ $labels.x | nosuch }}")).toThrow('template: __alert_A:1: function "nosuch" not defined');
  });
});
