import { family, type Collector } from "../metrics/types";

/** node_exporter's time collector; `now` is injectable for tests. */
export function timeCollector(options: { now?: () => number } = {}): Collector {
  const now = options.now ?? Date.now;
  return {
    name: "time",
    async collect() {
      return [family("node_time_seconds", "System time in seconds since epoch (1970).", "gauge", [{ labels: [], value: now() / 1000 }])];
    },
  };
}
