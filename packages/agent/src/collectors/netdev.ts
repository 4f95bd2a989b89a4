import { family, type Collector } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { readOptional } from "./read-file";

// Column names of /proc/net/dev after the interface name, as node_exporter names them.
const RECEIVE = ["bytes", "packets", "errs", "drop", "fifo", "frame", "compressed", "multicast"];
const TRANSMIT = ["bytes", "packets", "errs", "drop", "fifo", "colls", "carrier", "compressed"];
const COLUMNS = [...RECEIVE.map((s) => `receive_${s}`), ...TRANSMIT.map((s) => `transmit_${s}`)];

/** node_exporter's netdev collector: every /proc/net/dev counter per interface. */
export function netdevCollector(options: CollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "netdev",
    async collect() {
      const content = await readOptional(root, "proc/net/dev");
      if (content === undefined) return [];
      const families = COLUMNS.map((c) => family(`node_network_${c}_total`, `Network device statistic ${c}.`, "counter"));
      for (const line of content.split("\n")) {
        const match = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
        if (!match) continue;
        const device = match[1] ?? "";
        const values = (match[2] ?? "").trim().split(/\s+/).map(Number);
        families.forEach((f, i) => f.samples.push({ labels: [["device", device]], value: values[i] ?? NaN }));
      }
      return families;
    },
  };
}
