import { family, type Collector } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { listOptional, readOptional } from "./read-file";

const CLASS = "sys/class/thermal";

/** node_exporter's thermal_zone collector: zone temperatures and cooling device (fan, throttle) states. */
export function thermalZoneCollector(options: CollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "thermal_zone",
    async collect() {
      const temp = family("node_thermal_zone_temp", "Zone temperature in Celsius", "gauge");
      const curState = family("node_cooling_device_cur_state", "Current throttle state of the cooling device", "gauge");
      const maxState = family("node_cooling_device_max_state", "Maximum throttle state of the cooling device", "gauge");
      for (const entry of await listOptional(root, CLASS)) {
        const zone = /^thermal_zone(\d+)$/.exec(entry)?.[1];
        const cooling = /^cooling_device(\d+)$/.exec(entry)?.[1];
        if (zone !== undefined) {
          // Some zones (e.g. a disabled ACPI zone) fail to read their temperature; node_exporter skips them.
          const [type, milli] = await Promise.all([readOptional(root, CLASS, entry, "type"), readOptional(root, CLASS, entry, "temp").catch(() => undefined)]);
          if (type === undefined || milli === undefined) continue;
          temp.samples.push({ labels: [["type", type.trim()], ["zone", zone]], value: Number(milli) / 1000 });
        } else if (cooling !== undefined) {
          const [type, cur, max] = await Promise.all(["type", "cur_state", "max_state"].map((f) => readOptional(root, CLASS, entry, f)));
          if (type === undefined || cur === undefined || max === undefined) continue;
          const labels = [["name", cooling], ["type", type.trim()]] as const;
          curState.samples.push({ labels, value: Number(cur) });
          maxState.samples.push({ labels, value: Number(max) });
        }
      }
      return [curState, maxState, temp];
    },
  };
}
