import { family, type Collector } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { listOptional, readOptional } from "./read-file";

const CPU_DIR = "sys/devices/system/cpu";

// sysfs file → node_exporter family; the kernel reports kHz.
const FILES = [
  ["cpuinfo_cur_freq", "node_cpu_frequency_hertz", "Current cpu thread frequency in hertz."],
  ["cpuinfo_max_freq", "node_cpu_frequency_max_hertz", "Maximum cpu thread frequency in hertz."],
  ["cpuinfo_min_freq", "node_cpu_frequency_min_hertz", "Minimum cpu thread frequency in hertz."],
  ["scaling_cur_freq", "node_cpu_scaling_frequency_hertz", "Current scaled CPU thread frequency in hertz."],
  ["scaling_max_freq", "node_cpu_scaling_frequency_max_hertz", "Maximum scaled CPU thread frequency in hertz."],
  ["scaling_min_freq", "node_cpu_scaling_frequency_min_hertz", "Minimum scaled CPU thread frequency in hertz."],
] as const;

/** node_exporter's cpufreq collector (frequencies only; governors and transition stats are not exported). */
export function cpufreqCollector(options: CollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "cpufreq",
    async collect() {
      const families = FILES.map(([, name, help]) => family(name, help, "gauge"));
      for (const entry of await listOptional(root, CPU_DIR)) {
        const cpu = /^cpu(\d+)$/.exec(entry)?.[1];
        if (cpu === undefined) continue;
        // cpuinfo_cur_freq is root-only (EACCES); like node_exporter, an unreadable file is just absent.
        const values = await Promise.all(FILES.map(([file]) => readOptional(root, CPU_DIR, entry, "cpufreq", file).catch(() => undefined)));
        values.forEach((khz, i) => {
          if (khz !== undefined) families[i]?.samples.push({ labels: [["cpu", cpu]], value: Number(khz) * 1000 });
        });
      }
      return families;
    },
  };
}
