import { family, type Collector } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { readOptional } from "./read-file";

/** node_exporter's loadavg collector. */
export function loadavgCollector(options: CollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "loadavg",
    async collect() {
      const content = await readOptional(root, "proc/loadavg");
      if (content === undefined) return [];
      const [one, five, fifteen] = content.trim().split(/\s+/).map(Number);
      return [
        family("node_load1", "1m load average.", "gauge", [{ labels: [], value: one ?? NaN }]),
        family("node_load5", "5m load average.", "gauge", [{ labels: [], value: five ?? NaN }]),
        family("node_load15", "15m load average.", "gauge", [{ labels: [], value: fifteen ?? NaN }]),
      ];
    },
  };
}
