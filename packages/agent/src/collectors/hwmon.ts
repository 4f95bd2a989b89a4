import { realpath } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { family, type Collector, type MetricFamily } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { listOptional, readOptional } from "./read-file";

const CLASS = "sys/class/hwmon";

/** node_exporter's hwmon collector, reduced to temperature sensors (input, max, crit) and chip names. */
export function hwmonCollector(options: CollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "hwmon",
    async collect() {
      const input = family("node_hwmon_temp_celsius", "Hardware monitor for temperature (input)", "gauge");
      const max = family("node_hwmon_temp_max_celsius", "Hardware monitor for temperature (max)", "gauge");
      const crit = family("node_hwmon_temp_crit_celsius", "Hardware monitor for temperature (crit)", "gauge");
      const chipNames = family("node_hwmon_chip_names", "Annotation metric for human-readable chip names", "gauge");
      const byProperty: Record<string, MetricFamily> = { input, max, crit };
      for (const entry of await listOptional(root, CLASS)) {
        const dir = join(root, CLASS, entry);
        const chip = await chipName(dir);
        const name = await readOptional(dir, "name");
        if (name !== undefined) chipNames.samples.push({ labels: [["chip", chip], ["chip_name", name.trim()]], value: 1 });
        for (const { sensor, property, path } of await sensorFiles(dir)) {
          // Reading an absent sensor fails with EIO/ENODATA on some chips; that sensor is skipped.
          const milli = await readOptional(path).catch(() => undefined);
          if (milli === undefined) continue;
          byProperty[property]?.samples.push({ labels: [["chip", chip], ["sensor", sensor]], value: Number(milli) / 1000 });
        }
      }
      return [chipNames, crit, input, max];
    },
  };
}

// Like node_exporter, sensor files are read from the hwmon directory and from its device (older drivers,
// and thermal zones whose `temp` becomes sensor temp0). `temp1` alone means `temp1_input`. Returns
// one file per sensor and property, the device's overriding the directory's as in node_exporter.
async function sensorFiles(dir: string): Promise<{ sensor: string; property: string; path: string }[]> {
  const files = new Map<string, { sensor: string; property: string; path: string }>();
  for (const base of [dir, join(dir, "device")]) {
    for (const file of await listOptional(base)) {
      const match = /^temp(\d*)(?:_(input|max|crit))?$/.exec(file);
      if (!match) continue;
      const sensor = `temp${Number(match[1] ?? "")}`;
      const property = match[2] ?? "input";
      files.set(`${sensor}_${property}`, { sensor, property, path: join(base, file) });
    }
  }
  return [...files.values()];
}

// node_exporter's hwmonName: hwmonN numbering depends on module load order, so the chip is named after the
// stable device path (`platform_coretemp_0`, `thermal_thermal_zone0`), then the `name` file, then hwmonN.
async function chipName(dir: string): Promise<string> {
  const device = await realpath(join(dir, "device")).catch(() => undefined);
  if (device !== undefined) {
    const devName = clean(basename(device));
    const devType = clean(basename(dirname(device)));
    if (devType !== "" && devName !== "") return `${devType}_${devName}`;
    if (devName !== "") return devName;
  }
  const name = clean((await readOptional(dir, "name")) ?? "");
  if (name !== "") return name;
  return clean(basename(await realpath(dir)));
}

function clean(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9:_]/g, "_")
    .replace(/^_+|_+$/g, "");
}
