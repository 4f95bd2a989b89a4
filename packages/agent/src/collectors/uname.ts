import { machine as osMachine } from "node:os";
import { family, type Collector } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { readOptional } from "./read-file";

export interface UnameCollectorOptions extends CollectorOptions {
  /** uname -m; /proc has no file for it, so it comes from Node unless a test fixes it. */
  machine?: string;
}

/** node_exporter's uname collector, read from /proc/sys/kernel so a fixture tree can stand in for uname(2). */
export function unameCollector(options: UnameCollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "uname",
    async collect() {
      const read = async (file: string) => (await readOptional(root, "proc/sys/kernel", file))?.trim();
      const [sysname, release, version, nodename, domainname] = await Promise.all(
        ["ostype", "osrelease", "version", "hostname", "domainname"].map(read),
      );
      if (sysname === undefined || release === undefined || version === undefined || nodename === undefined) return [];
      const labels = [
        ["domainname", domainname ?? "(none)"],
        ["machine", options.machine ?? osMachine()],
        ["nodename", nodename],
        ["release", release],
        ["sysname", sysname],
        ["version", version],
      ] as const;
      return [family("node_uname_info", "Labeled system information as provided by the uname system call.", "gauge", [{ labels, value: 1 }])];
    },
  };
}
