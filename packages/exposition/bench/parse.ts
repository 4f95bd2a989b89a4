// Parser throughput on a node_exporter-like scrape of 300 series, against two baselines measured in the
// same run: a naive split-and-regex text parser (which skips HELP/TYPE and validates nothing) and JSON.parse
// of the same samples. Also a real node_exporter 1.5.0 scrape from testdata.
// Run: npx tsx bench/parse.ts
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseOpenMetrics, parsePrometheusText } from "../src/index";
import { measureInterleaved } from "./measure";

interface Family {
  name: string;
  type: "counter" | "gauge";
  help: string;
  series: Record<string, string>[];
}

function nodeExporterLike(): Family[] {
  const cpus = ["0", "1", "2", "3"];
  const modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
  const mounts = [
    { device: "/dev/mmcblk0p2", fstype: "ext4", mountpoint: "/" },
    { device: "/dev/mmcblk0p1", fstype: "vfat", mountpoint: "/boot/firmware" },
    { device: "tmpfs", fstype: "tmpfs", mountpoint: "/run" },
    { device: "tmpfs", fstype: "tmpfs", mountpoint: "/run/lock" },
  ];
  const netdevs = ["eth0", "lo", "wlan0"];
  const families: Family[] = [
    { name: "node_cpu_seconds_total", type: "counter", help: "Seconds the CPUs spent in each mode.", series: cpus.flatMap((cpu) => modes.map((mode) => ({ cpu, mode }))) },
  ];
  for (const metric of ["avail_bytes", "free_bytes", "size_bytes", "files", "files_free", "readonly", "device_error"]) {
    families.push({ name: `node_filesystem_${metric}`, type: "gauge", help: `Filesystem ${metric.replace("_", " ")}.`, series: mounts });
  }
  for (const metric of ["receive_bytes_total", "transmit_bytes_total", "receive_packets_total", "transmit_packets_total", "receive_errs_total", "transmit_errs_total", "receive_drop_total", "transmit_drop_total"]) {
    families.push({ name: `node_network_${metric}`, type: "counter", help: `Network device statistic ${metric}.`, series: netdevs.map((device) => ({ device })) });
  }
  for (let i = 0; families.reduce((n, f) => n + f.series.length, 0) < 300; i++) {
    families.push({ name: `node_memory_stat_${i}_bytes`, type: "gauge", help: `Memory information field ${i}.`, series: [{}] });
    families.push({ name: `node_hwmon_temp_${i}_celsius`, type: "gauge", help: "Hardware monitor for temperature (input).", series: [{ chip: "thermal_thermal_zone0", sensor: `temp${i}` }] });
  }
  return families;
}

const families = nodeExporterLike();
let seed = 1;
const value = (): number => {
  seed = (seed * 16807) % 2147483647;
  return seed % 3 === 0 ? seed : seed / 1024;
};
const labelText = (labels: Record<string, string>): string => {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
};
const samples = families.flatMap((f) => f.series.map((labels) => ({ name: f.name, labels, value: value() })));
const seriesCount = samples.length;
const textBody = Buffer.from(
  families
    .map((f) => `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n${f.series.map((l) => `${f.name}${labelText(l)} ${value()}\n`).join("")}`)
    .join(""),
);
const omBody = Buffer.from(
  `${families
    .map((f) => {
      const family = f.type === "counter" ? f.name.replace(/_total$/, "") : f.name;
      return `# TYPE ${family} ${f.type}\n# HELP ${family} ${f.help}\n${f.series.map((l) => `${f.name}${labelText(l)} ${value()}\n`).join("")}`;
    })
    .join("")}# EOF\n`,
);
const jsonBody = Buffer.from(JSON.stringify(samples));
const samplesOnlyBody = Buffer.from(
  textBody
    .toString("utf8")
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .join("\n"),
);
const realBody = readFileSync(join(import.meta.dirname, "..", "testdata", "node-exporter-1.5.0.prom.txt"));

// The naive way: split lines, regex each sample, split the label text on commas.
function naiveParse(body: Buffer): number {
  let count = 0;
  for (const line of body.toString("utf8").split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(\d+))?$/.exec(line);
    if (!match) throw new Error(`bad line ${line}`);
    const labels = (match[2] ?? "").split(",").filter(Boolean).map((pair) => {
      const eq = pair.indexOf("=");
      return [pair.slice(0, eq), pair.slice(eq + 2, -1)];
    });
    if (labels.length < 0 || Number.isNaN(Number(match[3]))) count--;
    count++;
  }
  return count;
}

const checks: [string, number, number][] = [
  ["text parser", parsePrometheusText(textBody).samples.length, seriesCount],
  ["OpenMetrics parser", parseOpenMetrics(omBody).samples.length, seriesCount],
  ["naive split/regex", naiveParse(textBody), seriesCount],
  ["JSON.parse", (JSON.parse(jsonBody.toString("utf8")) as unknown[]).length, seriesCount],
  ["text parser, real body", parsePrometheusText(realBody).samples.length, naiveParse(realBody)],
];
for (const [what, count, expected] of checks) {
  if (count !== expected) throw new Error(`${what} parsed ${count} samples, expected ${expected}`);
}

const rates = await measureInterleaved({
  text: () => parsePrometheusText(textBody).samples.length,
  naive: () => naiveParse(textBody),
  json: () => (JSON.parse(jsonBody.toString("utf8")) as unknown[]).length,
  om: () => parseOpenMetrics(omBody).samples.length,
  textSamplesOnly: () => parsePrometheusText(samplesOnlyBody).samples.length,
  naiveSamplesOnly: () => naiveParse(samplesOnlyBody),
  textReal: () => parsePrometheusText(realBody).samples.length,
  naiveReal: () => naiveParse(realBody),
});
const rate = (n: number): string => `${(n / 1e6).toFixed(2)} M samples/s`;
const row = (figure: string, value: number, baseline: string, base: number) => ({
  figure,
  value: rate(value),
  baseline: `${baseline} ${rate(base)}`,
  ratio: (value / base).toFixed(2),
});
console.log(`synthetic body: ${seriesCount} series in ${families.length} families, ${textBody.length} B text, ${omBody.length} B OpenMetrics`);
console.log(`real body: node_exporter 1.5.0, ${naiveParse(realBody)} samples, ${realBody.length} B\n`);
console.table([
  row("parsePrometheusText", rates.text, "naive split/regex", rates.naive),
  row("parsePrometheusText", rates.text, "JSON.parse", rates.json),
  row("parsePrometheusText, no HELP/TYPE", rates.textSamplesOnly, "naive split/regex", rates.naiveSamplesOnly),
  row("parsePrometheusText, real node_exporter", rates.textReal, "naive split/regex", rates.naiveReal),
  row("parseOpenMetrics", rates.om, "naive split/regex (text)", rates.naive),
]);
