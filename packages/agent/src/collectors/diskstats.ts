import { family, type Collector, type MetricFamily } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { readOptional } from "./read-file";

// node_exporter 1.5's default --collector.diskstats.device-exclude: partitions of whole disks it already
// reports, RAM disks and loop devices.
const EXCLUDED_DEVICES = /^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;
// The kernel reports sizes in 512-byte sectors whatever the device's real sector size.
const SECTOR_BYTES = 512;

interface Field {
  /** Index in a /proc/diskstats line, counting major, minor and name. */
  index: number;
  name: string;
  help: string;
  type: MetricFamily["type"];
  scale: number;
}

// Fields from 14 on (discards since Linux 4.18, flushes since 5.5) exist only on newer kernels.
const FIELDS: Field[] = [
  { index: 3, name: "node_disk_reads_completed_total", help: "The total number of reads completed successfully.", type: "counter", scale: 1 },
  { index: 4, name: "node_disk_reads_merged_total", help: "The total number of reads merged.", type: "counter", scale: 1 },
  { index: 5, name: "node_disk_read_bytes_total", help: "The total number of bytes read successfully.", type: "counter", scale: SECTOR_BYTES },
  { index: 6, name: "node_disk_read_time_seconds_total", help: "The total number of seconds spent by all reads.", type: "counter", scale: 0.001 },
  { index: 7, name: "node_disk_writes_completed_total", help: "The total number of writes completed successfully.", type: "counter", scale: 1 },
  { index: 8, name: "node_disk_writes_merged_total", help: "The number of writes merged.", type: "counter", scale: 1 },
  { index: 9, name: "node_disk_written_bytes_total", help: "The total number of bytes written successfully.", type: "counter", scale: SECTOR_BYTES },
  { index: 10, name: "node_disk_write_time_seconds_total", help: "This is the total number of seconds spent by all writes.", type: "counter", scale: 0.001 },
  { index: 11, name: "node_disk_io_now", help: "The number of I/Os currently in progress.", type: "gauge", scale: 1 },
  { index: 12, name: "node_disk_io_time_seconds_total", help: "Total seconds spent doing I/Os.", type: "counter", scale: 0.001 },
  { index: 13, name: "node_disk_io_time_weighted_seconds_total", help: "The weighted # of seconds spent doing I/Os.", type: "counter", scale: 0.001 },
  { index: 14, name: "node_disk_discards_completed_total", help: "The total number of discards completed successfully.", type: "counter", scale: 1 },
  { index: 15, name: "node_disk_discards_merged_total", help: "The total number of discards merged.", type: "counter", scale: 1 },
  { index: 16, name: "node_disk_discarded_sectors_total", help: "The total number of sectors discarded successfully.", type: "counter", scale: 1 },
  { index: 17, name: "node_disk_discard_time_seconds_total", help: "This is the total number of seconds spent by all discards.", type: "counter", scale: 0.001 },
  { index: 18, name: "node_disk_flush_requests_total", help: "The total number of flush requests completed successfully", type: "counter", scale: 1 },
  { index: 19, name: "node_disk_flush_requests_time_seconds_total", help: "This is the total number of seconds spent by all flush requests.", type: "counter", scale: 0.001 },
];

/** node_exporter's diskstats collector (without node_disk_info, which needs udev's database). */
export function diskstatsCollector(options: CollectorOptions = {}): Collector {
  const root = rootOf(options);
  return {
    name: "diskstats",
    async collect() {
      const content = await readOptional(root, "proc/diskstats");
      if (content === undefined) return [];
      const families = FIELDS.map((f) => family(f.name, f.help, f.type));
      for (const line of content.split("\n")) {
        const parts = line.trim().split(/\s+/);
        const device = parts[2];
        if (device === undefined || parts.length < 14 || EXCLUDED_DEVICES.test(device)) continue;
        FIELDS.forEach((f, i) => {
          const raw = parts[f.index];
          if (raw !== undefined) families[i]?.samples.push({ labels: [["device", device]], value: Number(raw) * f.scale });
        });
      }
      return families;
    },
  };
}
