import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatText } from "../metrics/text-format";
import type { Collector, MetricFamily } from "../metrics/types";
import {
  cpuCollector,
  cpufreqCollector,
  diskstatsCollector,
  filesystemCollector,
  hwmonCollector,
  loadavgCollector,
  meminfoCollector,
  netdevCollector,
  nodeCollectors,
  statCollector,
  thermalZoneCollector,
  timeCollector,
  unameCollector,
  type FsStats,
} from "./index";

const RPI = fileURLToPath(new URL("../../testdata/rpi4", import.meta.url));
const EMPTY = fileURLToPath(new URL("../../testdata/empty", import.meta.url));

/** The exposition lines of one family, without HELP/TYPE: compact and exact. */
async function lines(collector: Collector, name: string): Promise<string[]> {
  const families = await collector.collect();
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no family ${name} in ${families.map((f) => f.name).join(", ")}`);
  return formatText([found]).split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

function meta(families: MetricFamily[], name: string): Pick<MetricFamily, "help" | "type"> | undefined {
  const f = families.find((x) => x.name === name);
  return f && { help: f.help, type: f.type };
}

describe("collectors over a Raspberry Pi 4 fixture", () => {
  it("cpu: seconds per cpu and mode at USER_HZ 100", async () => {
    const out = await lines(cpuCollector({ root: RPI }), "node_cpu_seconds_total");
    expect(out).toHaveLength(32);
    expect(out.slice(0, 8)).toEqual([
      'node_cpu_seconds_total{cpu="0",mode="user"} 3086.41',
      'node_cpu_seconds_total{cpu="0",mode="nice"} 2.22',
      'node_cpu_seconds_total{cpu="0",mode="system"} 864.19',
      'node_cpu_seconds_total{cpu="0",mode="idle"} 246913.58',
      'node_cpu_seconds_total{cpu="0",mode="iowait"} 10.8',
      'node_cpu_seconds_total{cpu="0",mode="irq"} 0',
      'node_cpu_seconds_total{cpu="0",mode="softirq"} 40',
      'node_cpu_seconds_total{cpu="0",mode="steal"} 0',
    ]);
    expect(meta(await cpuCollector({ root: RPI }).collect(), "node_cpu_seconds_total")).toEqual({
      help: "Seconds the CPUs spent in each mode.",
      type: "counter",
    });
  });

  it("stat: boot time, context switches, forks, process states", async () => {
    const families = await statCollector({ root: RPI }).collect();
    expect(formatText(families).split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([
      "node_intr_total 123456789",
      "node_context_switches_total 987654321",
      "node_boot_time_seconds 1700000000",
      "node_forks_total 123456",
      "node_procs_running 2",
      "node_procs_blocked 1",
    ]);
  });

  it("loadavg", async () => {
    const families = await loadavgCollector({ root: RPI }).collect();
    expect(families.map((f) => [f.name, f.samples[0]?.value])).toEqual([
      ["node_load1", 0.52],
      ["node_load5", 0.58],
      ["node_load15", 0.59],
    ]);
  });

  it("meminfo: kB fields in bytes, unitless counts as is, parentheses flattened", async () => {
    const families = await meminfoCollector({ root: RPI }).collect();
    const value = (name: string) => families.find((f) => f.name === name)?.samples[0]?.value;
    expect(value("node_memory_MemTotal_bytes")).toBe(3882000 * 1024);
    expect(value("node_memory_MemAvailable_bytes")).toBe(3234567 * 1024);
    expect(value("node_memory_Active_anon_bytes")).toBe(123456 * 1024);
    expect(value("node_memory_SwapFree_bytes")).toBe(102396 * 1024);
    expect(value("node_memory_HugePages_Total")).toBe(0);
    expect(meta(families, "node_memory_Cached_bytes")).toEqual({ help: "Memory information field Cached_bytes.", type: "gauge" });
    expect(families).toHaveLength(17);
  });

  it("filesystem: real mounts only, octal escapes decoded, duplicates merged, read-only flagged", async () => {
    const stats: Record<string, FsStats> = {
      "/": { bsize: 4096, blocks: 7_500_000, bfree: 5_000_000, bavail: 4_600_000, files: 1_900_000, ffree: 1_700_000 },
      "/run": { bsize: 4096, blocks: 194_100, bfree: 193_900, bavail: 193_900, files: 485_000, ffree: 484_000 },
      "/boot/firmware": { bsize: 512, blocks: 1_048_576, bfree: 900_000, bavail: 900_000, files: 0, ffree: 0 },
    };
    const collector = filesystemCollector({
      root: RPI,
      statfs: async (path) => {
        const s = stats[path.slice(RPI.length) || "/"];
        if (!s) throw Object.assign(new Error("EIO"), { code: "EIO" });
        return s;
      },
    });
    expect(await lines(collector, "node_filesystem_size_bytes")).toEqual([
      'node_filesystem_size_bytes{device="/dev/mmcblk0p2",fstype="ext4",mountpoint="/"} 30720000000',
      'node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 795033600',
      'node_filesystem_size_bytes{device="/dev/mmcblk0p1",fstype="vfat",mountpoint="/boot/firmware"} 536870912',
    ]);
    expect(await lines(collector, "node_filesystem_avail_bytes")).toContain(
      'node_filesystem_avail_bytes{device="/dev/mmcblk0p2",fstype="ext4",mountpoint="/"} 18841600000',
    );
    expect(await lines(collector, "node_filesystem_files_free")).toContain(
      'node_filesystem_files_free{device="/dev/mmcblk0p2",fstype="ext4",mountpoint="/"} 1700000',
    );
    expect(await lines(collector, "node_filesystem_readonly")).toEqual([
      'node_filesystem_readonly{device="/dev/mmcblk0p2",fstype="ext4",mountpoint="/"} 0',
      'node_filesystem_readonly{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 0',
      'node_filesystem_readonly{device="/dev/mmcblk0p1",fstype="vfat",mountpoint="/boot/firmware"} 1',
      'node_filesystem_readonly{device="/dev/sda1",fstype="ext4",mountpoint="/media/usb stick"} 0',
    ]);
    expect(await lines(collector, "node_filesystem_device_error")).toContain(
      'node_filesystem_device_error{device="/dev/sda1",fstype="ext4",mountpoint="/media/usb stick"} 1',
    );
  });

  it("filesystem: a statfs that never returns marks the mount stuck instead of hanging the scrape", async () => {
    let calls = 0;
    const collector = filesystemCollector({
      root: RPI,
      timeoutMs: 20,
      statfs: () => {
        calls++;
        return new Promise<FsStats>(() => {});
      },
    });
    const first = await lines(collector, "node_filesystem_device_error");
    expect(first.every((l) => l.endsWith(" 1"))).toBe(true);
    await collector.collect();
    expect(calls).toBe(4);
  });

  it("diskstats: whole disks and mmc partitions, sectors in bytes, ms in seconds", async () => {
    const collector = diskstatsCollector({ root: RPI });
    expect(await lines(collector, "node_disk_read_bytes_total")).toEqual([
      'node_disk_read_bytes_total{device="mmcblk0"} 505678848',
      'node_disk_read_bytes_total{device="mmcblk0p1"} 6320640',
      'node_disk_read_bytes_total{device="mmcblk0p2"} 499200000',
      'node_disk_read_bytes_total{device="sda"} 4096000',
    ]);
    expect(await lines(collector, "node_disk_written_bytes_total")).toContain('node_disk_written_bytes_total{device="mmcblk0"} 1200987136');
    expect(await lines(collector, "node_disk_reads_completed_total")).toContain('node_disk_reads_completed_total{device="mmcblk0"} 12345');
    expect(await lines(collector, "node_disk_writes_completed_total")).toContain('node_disk_writes_completed_total{device="sda"} 10');
    expect(await lines(collector, "node_disk_io_time_seconds_total")).toContain('node_disk_io_time_seconds_total{device="mmcblk0"} 123.456');
  });

  it("netdev: every counter per interface", async () => {
    const collector = netdevCollector({ root: RPI });
    expect(await lines(collector, "node_network_receive_bytes_total")).toEqual([
      'node_network_receive_bytes_total{device="lo"} 45678',
      'node_network_receive_bytes_total{device="eth0"} 123456789',
      'node_network_receive_bytes_total{device="wlan0"} 0',
    ]);
    expect(await lines(collector, "node_network_transmit_drop_total")).toContain('node_network_transmit_drop_total{device="eth0"} 4');
    expect(await lines(collector, "node_network_receive_multicast_total")).toContain('node_network_receive_multicast_total{device="eth0"} 345');
    expect(await lines(collector, "node_network_transmit_errs_total")).toContain('node_network_transmit_errs_total{device="eth0"} 3');
  });

  it("thermal_zone: the SoC zone in Celsius and the fan's cooling state", async () => {
    const collector = thermalZoneCollector({ root: RPI });
    expect(await lines(collector, "node_thermal_zone_temp")).toEqual(['node_thermal_zone_temp{type="cpu-thermal",zone="0"} 47.236']);
    expect(await lines(collector, "node_cooling_device_cur_state")).toEqual(['node_cooling_device_cur_state{name="0",type="gpio-fan"} 1']);
  });

  it("hwmon: chips named after their device path, like node_exporter", async () => {
    const collector = hwmonCollector({ root: RPI });
    // temp0 is the thermal zone's own `temp`, read through the hwmon's device link as node_exporter does.
    expect(await lines(collector, "node_hwmon_temp_celsius")).toEqual([
      'node_hwmon_temp_celsius{chip="thermal_thermal_zone0",sensor="temp1"} 47.236',
      'node_hwmon_temp_celsius{chip="thermal_thermal_zone0",sensor="temp0"} 47.236',
    ]);
    expect(await lines(collector, "node_hwmon_temp_crit_celsius")).toEqual([
      'node_hwmon_temp_crit_celsius{chip="thermal_thermal_zone0",sensor="temp1"} 110',
    ]);
    expect(await lines(collector, "node_hwmon_chip_names")).toEqual([
      'node_hwmon_chip_names{chip="thermal_thermal_zone0",chip_name="cpu_thermal"} 1',
      'node_hwmon_chip_names{chip="soc:firmware_raspberrypi_hwmon",chip_name="rpi_volt"} 1',
    ]);
  });

  it("cpufreq: kHz in hertz per cpu", async () => {
    const collector = cpufreqCollector({ root: RPI });
    expect(await lines(collector, "node_cpu_scaling_frequency_hertz")).toEqual([
      'node_cpu_scaling_frequency_hertz{cpu="0"} 1500000000',
      'node_cpu_scaling_frequency_hertz{cpu="1"} 1500000000',
      'node_cpu_scaling_frequency_hertz{cpu="2"} 600000000',
      'node_cpu_scaling_frequency_hertz{cpu="3"} 600000000',
    ]);
    expect(await lines(collector, "node_cpu_frequency_min_hertz")).toContain('node_cpu_frequency_min_hertz{cpu="3"} 600000000');
  });

  it("uname and time", async () => {
    expect(await lines(unameCollector({ root: RPI, machine: "aarch64" }), "node_uname_info")).toEqual([
      'node_uname_info{domainname="(none)",machine="aarch64",nodename="pi-kitchen",release="6.6.51+rpt-rpi-v8",sysname="Linux",version="#1 SMP PREEMPT Debian 1:6.6.51-1+rpt3 (2024-10-08)"} 1',
    ]);
    expect(await lines(timeCollector({ now: () => 1_700_000_123_456 }), "node_time_seconds")).toEqual(["node_time_seconds 1700000123.456"]);
  });
});

describe("collectors over an empty tree (a container without /sys)", () => {
  it("produce no samples and do not throw", async () => {
    const families = (await Promise.all(nodeCollectors({ root: EMPTY }).map((c) => c.collect()))).flat();
    expect(families.filter((f) => f.name !== "node_time_seconds").flatMap((f) => f.samples)).toEqual([]);
  });
});
