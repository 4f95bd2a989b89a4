import { describe, expect, it } from "vitest";
import { AlertmanagerConfigError, parseAlertmanagerConfig } from "./alertmanager-config";
import { parseMatchers } from "./matchers";
import { parseRuleFile, RuleFileError } from "./rule-file";
import { Template } from "./template-execute";
import { TemplateError } from "./template-parse";
import { prometheusFunctions } from "./template-functions";

/** A small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mutates a valid input by deleting, duplicating and inserting interesting fragments. */
function mutations(seed: string, fragments: string[], n: number, r = rng(42)): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = seed;
    for (let k = 0; k < 1 + Math.floor(r() * 4); k++) {
      const at = Math.floor(r() * (s.length + 1));
      const op = r();
      if (op < 0.3) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 8));
      else if (op < 0.6) s = s.slice(0, at) + (fragments[Math.floor(r() * fragments.length)] as string) + s.slice(at);
      else s = s.slice(0, at) + s.slice(Math.floor(r() * s.length)) ;
    }
    out.push(s);
  }
  return out;
}

const ruleSeed = `groups:
- name: boards
  interval: 1m
  rules:
  - alert: BoardHot
    expr: max by (board) (board_temperature_celsius) > 80
    for: 5m
    labels: { severity: critical }
    annotations: { summary: "{{ $labels.board }} {{ $value | humanize }}" }
  - record: board:temp:max
    expr: max(board_temperature_celsius)
`;
const yamlFragments = ["\n", ": ", "- ", "{", "}", "[", "]", '"', "'", "&a ", "*a", "{{", "}}", "$labels", "|", "\t", "\u0000", "\uD800", "for: x", "alert: ", "record: ", "groups:", "...", "---"];

describe("parsers survive hostile input", () => {
  it("rule files: only RuleFileError, never a crash", () => {
    for (const input of mutations(ruleSeed, yamlFragments, 1500)) {
      try {
        parseRuleFile(input);
      } catch (e) {
        if (!(e instanceof RuleFileError)) throw new Error(`${(e as Error).stack}\ninput: ${JSON.stringify(input)}`);
      }
    }
  });

  it("rule files: alias bombs are refused", () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(",")}]`).join("\n")}\n`;
    expect(() => parseRuleFile(bomb)).toThrow(RuleFileError);
  });

  it("Alertmanager configs: only AlertmanagerConfigError", () => {
    const seed = `route: { receiver: a, group_by: [alertname], routes: [{ matchers: ['x=~"y"'], receiver: a }] }\nreceivers:\n- name: a\n  slack_configs: [{ api_url: "https://h.test/x", title: "{{ .Status }}" }]\ninhibit_rules: [{ source_matchers: [a="b"], target_matchers: [c="d"], equal: [e] }]\n`;
    for (const input of mutations(seed, [...yamlFragments, "=~", "!~", "(", "*"], 1500)) {
      try {
        parseAlertmanagerConfig(input);
      } catch (e) {
        if (!(e instanceof AlertmanagerConfigError)) throw new Error(`${(e as Error).stack}\ninput: ${JSON.stringify(input)}`);
      }
    }
  });

  it("templates: only TemplateError from parse and execute", () => {
    const seed = '{{ if gt $value 80.0 }}{{ $labels.board | toUpper }}{{ else }}{{ range $k, $v := $labels }}{{ $k }}={{ printf "%.2f" $value }}{{ end }}{{ end }}{{- /* c */ -}}';
    const fragments = ["{{", "}}", "(", ")", "|", '"', "`", "$", ".", "end", "else", "range", "with", "if", " - ", ":=", "=", ",", "'", "\\", "break"];
    const funcs = prometheusFunctions("");
    for (const input of mutations(seed, fragments, 3000)) {
      try {
        Template.parse("fuzz", `{{$labels := .Labels}}{{$value := .Value}}${input}`, funcs).execute({ Labels: { board: "b" }, Value: 81.5 });
      } catch (e) {
        if (!(e instanceof TemplateError)) throw new Error(`${(e as Error).stack}\ninput: ${JSON.stringify(input)}`);
      }
    }
  });

  it("matchers: only errors with a message", () => {
    for (const input of mutations('{a="b", c=~"d.*", e!="f"}', ['"', "{", "}", ",", "=~", "!", "\\", "("], 2000)) {
      try {
        parseMatchers(input);
      } catch (e) {
        expect((e as Error).message).toMatch(/bad matcher format|invalid regular expression/);
      }
    }
  });
});
