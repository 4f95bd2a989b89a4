import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { parsePrometheusText, type ParseResult } from "@boardwatch/exposition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Registry } from "../metrics/registry";
import { formatText } from "../metrics/text-format";
import { nodeCollectors } from "./index";

const NODE_EXPORTER = process.env.NODE_EXPORTER_BIN ?? "/usr/bin/prometheus-node-exporter";
const COLLECTORS = ["cpu", "cpufreq", "diskstats", "filesystem", "hwmon", "loadavg", "meminfo", "netdev", "stat", "thermal_zone", "time", "uname"];

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
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
  let child: ChildProcess;
  let reference: ReturnType<typeof shapes>;
  let ours: ReturnType<typeof shapes>;

  beforeAll(async () => {
    const port = await freePort();
    const args = ["--collector.disable-defaults", ...COLLECTORS.map((c) => `--collector.${c}`), `--web.listen-address=127.0.0.1:${port}`];
    child = spawn(NODE_EXPORTER, args, { stdio: ["ignore", "ignore", "pipe"] });
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
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    reference = shapes(parsePrometheusText(text));
    ours = shapes(parsePrometheusText(formatText(await new Registry(nodeCollectors()).collect())));
  });
  afterAll(() => {
    child.kill();
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
