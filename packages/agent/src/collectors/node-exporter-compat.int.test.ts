import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePrometheusText, type ParseResult, type Sample } from "@boardwatch/exposition";
import { beforeAll, describe, expect, it } from "vitest";
import { Registry } from "../metrics/registry";
import { formatText } from "../metrics/text-format";
import { nodeCollectors } from "./index";

const NODE_EXPORTER = process.env.NODE_EXPORTER_BIN ?? "/usr/bin/prometheus-node-exporter";
const RPI = fileURLToPath(new URL("../../testdata/rpi4", import.meta.url));
const COLLECTORS = ["cpu", "cpufreq", "diskstats", "filesystem", "hwmon", "loadavg", "meminfo", "netdev", "stat", "thermal_zone", "time", "uname"];

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/** Starts node_exporter with `args` on a free port, returns its /metrics text and stops it. */
async function scrapeNodeExporter(args: string[]): Promise<string> {
  const port = await freePort();
  const child: ChildProcess = spawn(NODE_EXPORTER, [...args, `--web.listen-address=127.0.0.1:${port}`], { stdio: ["ignore", "ignore", "pipe"] });
  try {
    // Ready when it logs that it listens; its log goes to stderr.
    let log = "";
    await new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`node_exporter exited with ${code}: ${log}`)));
      child.stderr?.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('msg="Listening on"')) resolve();
      });
    });
    return await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  } finally {
    child.kill();
  }
}

/** A series identity independent of label order. */
function seriesKey(s: Sample): string {
  return `${s.name}{${[...s.labels].sort(([a], [b]) => a.localeCompare(b)).map(([n, v]) => `${n}=${v}`).join(",")}}`;
}

/** Family name → sorted label-name sets (one entry per distinct set), plus HELP and TYPE. */
function shapes(parsed: ParseResult): Map<string, { labelSets: string[]; help?: string; type?: string }> {
  const out = new Map<string, { labelSets: Set<string>; help?: string; type?: string }>();
  for (const s of parsed.samples) {
    const entry = out.get(s.name) ?? { labelSets: new Set<string>() };
    entry.labelSets.add(s.labels.map(([n]) => n).sort().join(","));
    const meta = parsed.metadata.get(s.name);
    out.set(s.name, { ...entry, help: meta?.help, type: meta?.type });
  }
  return new Map([...out].map(([name, e]) => [name, { ...e, labelSets: [...e.labelSets].sort() }]));
}

describe("families and labels compared with prometheus-node-exporter on this machine", () => {
  let reference: ReturnType<typeof shapes>;
  let ours: ReturnType<typeof shapes>;
  let referenceSamples: Sample[];
  let ourSamples: Sample[];

  beforeAll(async () => {
    const text = await scrapeNodeExporter(["--collector.disable-defaults", ...COLLECTORS.map((c) => `--collector.${c}`)]);
    const parsedReference = parsePrometheusText(text);
    const parsedOurs = parsePrometheusText(formatText(await new Registry(nodeCollectors()).collect()));
    reference = shapes(parsedReference);
    ours = shapes(parsedOurs);
    referenceSamples = parsedReference.samples;
    ourSamples = parsedOurs.samples;
  });

  // The families that stay put between two scrapes can be compared by value on the live machine too.
  it("reports the same filesystem sizes, inode totals, read-only flags and uname as node_exporter", () => {
    const stable = /^node_(filesystem_(size_bytes|files|readonly)|uname_info)$/;
    const ourValues = new Map(ourSamples.map((s) => [seriesKey(s), s.value]));
    const compared = referenceSamples.filter((s) => stable.test(s.name) && ourValues.has(seriesKey(s)));
    expect(compared.some((s) => s.name === "node_filesystem_size_bytes")).toBe(true);
    expect(compared.some((s) => s.name === "node_uname_info")).toBe(true);
    expect(compared.filter((s) => ourValues.get(seriesKey(s)) !== s.value)).toEqual([]);
  });

  // Netlink-only statistics (receive_nohandler) and families outside the agent's scope are not compared.
  it("exposes the core families node_exporter exposes here", () => {
    const core = [...reference.keys()].filter((name) =>
      /^node_(cpu_seconds_total|load\d+|memory_\w+|filesystem_(size|free|avail)_bytes|filesystem_files(_free)?|filesystem_readonly|disk_(read|written)_bytes_total|disk_(reads|writes)_completed_total|disk_io_time_seconds_total|network_(receive|transmit)_(bytes|packets|errs|drop|fifo|frame|compressed|multicast|colls|carrier)_total|boot_time_seconds|time_seconds|uname_info|thermal_zone_temp|hwmon_temp_celsius|cpu_scaling_frequency_hertz)$/.test(name),
    );
    expect(core.length).toBeGreaterThan(40);
    expect(core.filter((name) => !ours.has(name))).toEqual([]);
  });

  it("uses the same label names, TYPE and HELP for every family both expose", () => {
    const common = [...ours.keys()].filter((name) => reference.has(name));
    expect(common.length).toBeGreaterThan(40);
    const mismatches = common.flatMap((name) => {
      const a = ours.get(name);
      const b = reference.get(name);
      return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ name, ours: a, nodeExporter: b }];
    });
    expect(mismatches).toEqual([]);
  });
});

// node_exporter reads /proc and /sys from --path.procfs and --path.sysfs, so it can read the Raspberry Pi
// fixture too: every series it derives from there must come out of the agent with the same value. Only
// filesystem (statfs on real paths), uname and time (syscalls) cannot be pointed at a fixture.
describe("series and values compared with prometheus-node-exporter over the Raspberry Pi fixture", () => {
  const FIXTURE_COLLECTORS = COLLECTORS.filter((c) => !["filesystem", "uname", "time"].includes(c));
  // Outside the agent's scope: udev's disk info, hwmon voltages and fans, node_exporter's own metrics.
  const OUT_OF_SCOPE = /^node_(disk_info|exporter_build_info|scrape_collector_\w+)$|^node_hwmon_(?!temp_|chip_names)/;

  it("produces every in-scope series with the same labels, value, TYPE and HELP", async () => {
    const text = await scrapeNodeExporter([
      "--collector.disable-defaults",
      ...FIXTURE_COLLECTORS.map((c) => `--collector.${c}`),
      "--no-collector.netdev.netlink",
      `--path.procfs=${join(RPI, "proc")}`,
      `--path.sysfs=${join(RPI, "sys")}`,
    ]);
    const reference = parsePrometheusText(text);
    const ours = parsePrometheusText(
      formatText(await new Registry(nodeCollectors({ root: RPI }).filter((c) => FIXTURE_COLLECTORS.includes(c.name))).collect()),
    );
    const ourValues = new Map(ours.samples.map((s) => [seriesKey(s), s.value]));
    const expected = reference.samples.filter((s) => s.name.startsWith("node_") && !OUT_OF_SCOPE.test(s.name));
    expect(expected.length).toBeGreaterThan(150);
    // Go computes 47236 * 0.001 = 47.236000000000004 where the agent divides; equal to 12 significant digits.
    const differences = expected.flatMap((s) => {
      const value = ourValues.get(seriesKey(s));
      const same = value !== undefined && Math.abs(value - s.value) <= Math.abs(s.value) * 1e-12;
      return same ? [] : [{ series: seriesKey(s), nodeExporter: s.value, ours: value }];
    });
    expect(differences).toEqual([]);
    const metadataDifferences = [...new Set(expected.map((s) => s.name))].filter(
      (name) => JSON.stringify(reference.metadata.get(name)) !== JSON.stringify(ours.metadata.get(name)),
    );
    expect(metadataDifferences).toEqual([]);
  });
});
