// Differential fuzzing of parseOpenMetrics against the OpenMetrics reference parser (client_python's
// prometheus_client.openmetrics.parser), which the conformance suite was written for. Generates bodies
// (random families and mutations of the suite's cases), runs both parsers and prints every input on which
// accept/reject differs, grouped by reason.
// Needs Debian's python3-prometheus-client (`apt-get install python3-prometheus-client`).
// Run: npx tsx scripts/openmetrics-differential.ts [seed] [count]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExpositionError, parseOpenMetrics } from "../src/index";

const REFERENCE = `
import json, os, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
results = {}
for name in sorted(os.listdir(sys.argv[1])):
    try:
        list(text_string_to_metric_families(open(os.path.join(sys.argv[1], name), 'rb').read().decode('utf-8')))
        results[name] = True
    except Exception as error:
        results[name] = type(error).__name__ + ': ' + str(error)[:120]
print(json.dumps(results))
`;

let state = Number(process.argv[2] ?? 7) >>> 0 || 1;
function random(): number {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 0x100000000;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const SUFFIXES: Record<string, readonly string[]> = {
  counter: ["_total", "_created", ""],
  histogram: ["_bucket", "_count", "_sum", "_created"],
  gaugehistogram: ["_bucket", "_gcount", "_gsum"],
  summary: ["", "_count", "_sum", "_created"],
  info: ["_info", ""],
  stateset: [""],
  gauge: [""],
  unknown: [""],
};
const VALUES = ["0", "1", "-1", "2", "1.5", "NaN", "+Inf", "-Inf", "1e3", "0.0", "3"];

function family(): string {
  const name = pick(["a", "b", "a_total", "x_seconds", "a_created"]);
  const type = pick(Object.keys(SUFFIXES));
  const lines: string[] = [];
  if (random() < 0.8) lines.push(`# TYPE ${name} ${type}`);
  if (random() < 0.3) lines.push(`# HELP ${name} help text`);
  if (random() < 0.2) lines.push(`# UNIT ${name} ${pick(["seconds", "s", ""])}`);
  const samples = 1 + Math.floor(random() * 5);
  for (let i = 0; i < samples; i++) {
    const suffix = pick(SUFFIXES[type] ?? [""]);
    const labels: string[] = [];
    if (random() < 0.4) labels.push(`g="${pick(["1", "2"])}"`);
    if (suffix === "_bucket" || random() < 0.05) labels.push(`le="${pick(["0", "1", "1.0", "2", "-1", "+Inf", "0.5", "1e3"])}"`);
    if ((type === "summary" && suffix === "") || random() < 0.05) labels.push(`quantile="${pick(["0", "0.5", "1", "1.5"])}"`);
    if (type === "stateset" && random() < 0.9) labels.push(`${name}="s${i}"`);
    const labelText = labels.length > 0 || random() < 0.2 ? `{${labels.join(",")}}` : "";
    const timestamp = random() < 0.15 ? ` ${pick(["1", "2", "0.5", "1e3"])}` : "";
    const exemplar = random() < 0.1 ? ` # {t="x"} ${pick(VALUES)}` : "";
    lines.push(`${name}${suffix}${labelText} ${pick(VALUES)}${timestamp}${exemplar}`);
  }
  return lines.join("\n");
}

function mutate(text: string): string {
  const chars = [...text];
  for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
    const at = Math.floor(random() * (chars.length + 1));
    const choice = random();
    if (choice < 0.3) chars.splice(at, 1);
    else if (choice < 0.6) chars.splice(at, 0, pick([" ", "{", "}", ",", '"', "=", "#", "\n", "1", "_total", "\\", "e", "."]));
    else chars.splice(at, 0, ...chars.slice(at, at + 10));
  }
  return chars.join("");
}

const suite = join(import.meta.dirname, "..", "testdata", "openmetrics-parsers");
const corpus = readdirSync(suite).map((name) => readFileSync(join(suite, name, "metrics"), "utf8"));
const count = Number(process.argv[3] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), "openmetrics-differential-"));
for (let i = 0; i < count; i++) {
  const body =
    random() < 0.5 ? `${Array.from({ length: 1 + Math.floor(random() * 3) }, family).join("\n")}\n# EOF\n` : mutate(pick(corpus));
  writeFileSync(join(dir, String(i).padStart(6, "0")), body);
}

const reference = JSON.parse(
  execFileSync("/usr/bin/python3", ["-c", REFERENCE, dir], { maxBuffer: 1 << 28 }).toString(),
) as Record<string, true | string>;
const differences = new Map<string, string[]>();
let accepted = 0;
for (const name of readdirSync(dir).sort()) {
  let ours: true | string = true;
  try {
    parseOpenMetrics(readFileSync(join(dir, name)));
  } catch (error) {
    if (!(error instanceof ExpositionError)) throw error;
    ours = error.message.replace(/^line \d+: /, "");
  }
  const theirs = reference[name] ?? "missing";
  if (theirs === true) accepted++;
  if ((ours === true) === (theirs === true)) continue;
  const reason = ours === true ? `reference rejects: ${String(theirs).slice(0, 70)}` : `reference accepts, we reject: ${ours.slice(0, 70)}`;
  differences.set(reason, [...(differences.get(reason) ?? []), name]);
}
console.log(`${count} bodies in ${dir}; reference accepts ${accepted}; ${[...differences.values()].flat().length} differ`);
for (const [reason, names] of [...differences].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`${String(names.length).padStart(5)}  ${reason}  (e.g. ${names.slice(0, 3).join(", ")})`);
}
