import type { Collector } from "../metrics/types";
import { cpuCollector } from "./cpu";
import { cpufreqCollector } from "./cpufreq";
import { diskstatsCollector } from "./diskstats";
import { filesystemCollector } from "./filesystem";
import { hwmonCollector } from "./hwmon";
import { loadavgCollector } from "./loadavg";
import { meminfoCollector } from "./meminfo";
import { netdevCollector } from "./netdev";
import type { CollectorOptions } from "./options";
import { statCollector } from "./stat";
import { thermalZoneCollector } from "./thermal-zone";
import { timeCollector } from "./time";
import { unameCollector } from "./uname";

export { cpuCollector, cpufreqCollector, diskstatsCollector, filesystemCollector, hwmonCollector, loadavgCollector };
export { meminfoCollector, netdevCollector, statCollector, thermalZoneCollector, timeCollector, unameCollector };
export type { CollectorOptions } from "./options";
export type { FilesystemCollectorOptions, FsStats } from "./filesystem";
export type { UnameCollectorOptions } from "./uname";

/** Every node collector the agent runs, reading from `root`. */
export function nodeCollectors(options: CollectorOptions = {}): Collector[] {
  return [
    cpuCollector(options),
    cpufreqCollector(options),
    diskstatsCollector(options),
    filesystemCollector(options),
    hwmonCollector(options),
    loadavgCollector(options),
    meminfoCollector(options),
    netdevCollector(options),
    statCollector(options),
    thermalZoneCollector(options),
    timeCollector(),
    unameCollector(options),
  ];
}
