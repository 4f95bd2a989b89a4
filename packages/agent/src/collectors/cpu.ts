import { family, type Collector } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { readOptional } from "./read-file";

// /proc/stat counts in USER_HZ, which the kernel ABI fixes at 100 regardless of CONFIG_HZ.
const USER_HZ = 100;
const MODES = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"] as const;
const GUEST_MODES = ["user", "nice"] as const;

/** node_exporter's cpu collector: per-CPU time by mode from /proc/stat. */
export function cpuCollector(options: CollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "cpu",
    async collect() {
      const stat = await readOptional(root, "proc/stat");
      if (stat === undefined) return [];
      const seconds = family("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.", "counter");
      const guest = family("node_cpu_guest_seconds_total", "Seconds the CPUs spent in guests (VMs) for each mode.", "counter");
      for (const line of stat.split("\n")) {
        const match = /^cpu(\d+)\s+(.*)$/.exec(line);
        if (!match) continue;
        const cpu = match[1] ?? "";
        const ticks = (match[2] ?? "").trim().split(/\s+/).map(Number);
        MODES.forEach((mode, i) => {
          const value = ticks[i];
          if (value !== undefined) seconds.samples.push({ labels: [["cpu", cpu], ["mode", mode]], value: value / USER_HZ });
        });
        GUEST_MODES.forEach((mode, i) => {
          const value = ticks[MODES.length + i];
          if (value !== undefined) guest.samples.push({ labels: [["cpu", cpu], ["mode", mode]], value: value / USER_HZ });
        });
      }
      return [seconds, guest];
    },
  };
}
