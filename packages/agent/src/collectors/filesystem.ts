import { statfs as fsStatfs } from "node:fs/promises";
import { join } from "node:path";
import { family, type Collector, type Labels } from "../metrics/types";
import { rootOf, type CollectorOptions } from "./options";
import { readOptional } from "./read-file";

/** The statfs(2) fields the collector reads, as Node's `fs.statfs` returns them. */
export interface FsStats {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

export interface FilesystemCollectorOptions extends CollectorOptions {
  /** statfs of a mount point (already joined with root); injectable so fixture trees get exact values. */
  statfs?: (path: string) => Promise<FsStats>;
  /** How long a statfs may take before the mount counts as stuck (a dead NFS server hangs it forever). */
  timeoutMs?: number;
}

// node_exporter 1.5's defaults for --collector.filesystem.mount-points-exclude and fs-types-exclude.
const EXCLUDED_MOUNT_POINTS = /^\/(dev|proc|run\/credentials\/.+|sys|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/;
const EXCLUDED_FS_TYPES =
  /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$/;

interface Mount {
  device: string;
  mountpoint: string;
  fstype: string;
  readonly: boolean;
}

/** node_exporter's filesystem collector: sizes and inode counts of real mounts, and read-only remounts. */
export function filesystemCollector(options: FilesystemCollectorOptions = {}): Collector {
  const root = rootOf(options);
  const statfs = options.statfs ?? ((path: string) => fsStatfs(path));
  const timeoutMs = options.timeoutMs ?? 5000;
  // Like node_exporter's stuckMounts: a mount whose statfs never returned is skipped until it does, so a
  // hung NFS server does not pile up one blocked libuv thread per scrape.
  const stuck = new Set<string>();

  async function stat(mountpoint: string): Promise<FsStats | undefined> {
    if (stuck.has(mountpoint)) return undefined;
    const call = statfs(join(root, mountpoint));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const result = await Promise.race([call, timeout]);
      if (result !== "timeout") return result;
      stuck.add(mountpoint);
      call.finally(() => stuck.delete(mountpoint)).catch(() => {});
      return undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    name: "filesystem",
    async collect() {
      const table = (await readOptional(root, "proc/1/mounts")) ?? (await readOptional(root, "proc/mounts"));
      if (table === undefined) return [];
      const size = family("node_filesystem_size_bytes", "Filesystem size in bytes.", "gauge");
      const free = family("node_filesystem_free_bytes", "Filesystem free space in bytes.", "gauge");
      const avail = family("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.", "gauge");
      const files = family("node_filesystem_files", "Filesystem total file nodes.", "gauge");
      const filesFree = family("node_filesystem_files_free", "Filesystem total free file nodes.", "gauge");
      const readonly = family("node_filesystem_readonly", "Filesystem read-only status.", "gauge");
      const deviceError = family(
        "node_filesystem_device_error",
        "Whether an error occurred while getting statistics for the given device.",
        "gauge",
      );
      const mounts = uniqueMounts(parseMounts(table));
      const stats = await Promise.all(mounts.map((m) => stat(m.mountpoint)));
      mounts.forEach((m, i) => {
        const labels: Labels = [["device", m.device], ["fstype", m.fstype], ["mountpoint", m.mountpoint]];
        const s = stats[i];
        deviceError.samples.push({ labels, value: s ? 0 : 1 });
        readonly.samples.push({ labels, value: m.readonly ? 1 : 0 });
        if (!s) return;
        size.samples.push({ labels, value: s.blocks * s.bsize });
        free.samples.push({ labels, value: s.bfree * s.bsize });
        avail.samples.push({ labels, value: s.bavail * s.bsize });
        files.samples.push({ labels, value: s.files });
        filesFree.samples.push({ labels, value: s.ffree });
      });
      return [avail, deviceError, files, filesFree, free, readonly, size];
    },
  };
}

function parseMounts(table: string): Mount[] {
  return table.split("\n").flatMap((line) => {
    const [device, mountpoint, fstype, options] = line.split(" ").map(unescapeOctal);
    if (device === undefined || mountpoint === undefined || fstype === undefined || options === undefined) return [];
    if (EXCLUDED_MOUNT_POINTS.test(mountpoint) || EXCLUDED_FS_TYPES.test(fstype)) return [];
    return [{ device, mountpoint, fstype, readonly: options.split(",").includes("ro") }];
  });
}

// The same device mounted twice at the same place (bind mounts, stacked mounts) is one series.
function uniqueMounts(mounts: Mount[]): Mount[] {
  const seen = new Map<string, Mount>();
  for (const m of mounts) seen.set(`${m.device}\0${m.fstype}\0${m.mountpoint}`, m);
  return [...seen.values()];
}

// The kernel escapes space, tab, newline and backslash in /proc/mounts as three-digit octal (`\040`).
function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
