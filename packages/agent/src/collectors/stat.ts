import { family, type Collector, type MetricFamily } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { readOptional } from "./read-file";

const FIELDS: Record<string, Omit<MetricFamily, "samples">> = {
  btime: { name: "node_boot_time_seconds", help: "Node boot time, in unixtime.", type: "gauge" },
  intr: { name: "node_intr_total", help: "Total number of interrupts serviced.", type: "counter" },
  ctxt: { name: "node_context_switches_total", help: "Total number of context switches.", type: "counter" },
  processes: { name: "node_forks_total", help: "Total number of forks.", type: "counter" },
  procs_running: { name: "node_procs_running", help: "Number of processes in runnable state.", type: "gauge" },
  procs_blocked: { name: "node_procs_blocked", help: "Number of processes blocked waiting for I/O to complete.", type: "gauge" },
};

/** node_exporter's stat collector: boot time, context switches, forks and process states from /proc/stat. */
export function statCollector(options: CollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "stat",
    async collect() {
      const stat = await readOptional(root, "proc/stat");
      if (stat === undefined) return [];
      const families: MetricFamily[] = [];
      for (const line of stat.split("\n")) {
        const [key, value] = line.split(/\s+/);
        const field = key !== undefined && Object.hasOwn(FIELDS, key) ? FIELDS[key] : undefined;
        if (field && value !== undefined) families.push(family(field.name, field.help, field.type, [{ labels: [], value: Number(value) }]));
      }
      return families;
    },
  };
}
