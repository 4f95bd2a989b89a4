import { family, type Collector } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { readOptional } from "./read-file";

/**
 * node_exporter's meminfo collector: every /proc/meminfo field becomes `node_memory_<Field>_bytes` (kB scaled
 * to bytes), or `node_memory_<Field>` for unitless counts such as HugePages_Total; `Active(anon)` is spelled
 * `Active_anon`.
 */
export function meminfoCollector(options: CollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "meminfo",
    async collect() {
      const content = await readOptional(root, "proc/meminfo");
      if (content === undefined) return [];
      return content.split("\n").flatMap((line) => {
        const match = /^([^:]+):\s+(\d+)(\s+kB)?\s*$/.exec(line);
        if (!match) return [];
        const field = (match[1] ?? "").replace(/\((.*)\)/, "_$1");
        const bytes = match[3] !== undefined;
        const name = `node_memory_${field}${bytes ? "_bytes" : ""}`;
        const value = Number(match[2]) * (bytes ? 1024 : 1);
        return [family(name, `Memory information field ${field}${bytes ? "_bytes" : ""}.`, "gauge", [{ labels: [], value }])];
      });
    },
  };
}
