// Serves N synthetic scrape targets of 300 node_exporter-like series each at /targets/<i>/metrics, gzipped
// when asked (as node_exporter does). Run as a child process by scrape.ts so its CPU is not counted:
// `tsx bench/synthetic-targets.ts <targets>` prints the port on stdout.
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";

const SERIES_PER_TARGET = 300;

/** A node_exporter-like text body of 300 series whose values differ per target. */
function targetBody(target: number): string {
  const lines: string[] = [];
  const family = (name: string, type: string, series: string[]): void => {
    lines.push(`# HELP ${name} Synthetic ${name}.`, `# TYPE ${name} ${type}`);
    for (const s of series) lines.push(`${name}${s} ${((target + 1) * (lines.length + 7) * 1.37).toFixed(3)}`);
  };
  const cpus = ["0", "1", "2", "3"];
  const modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
  family("node_cpu_seconds_total", "counter", cpus.flatMap((cpu) => modes.map((mode) => `{cpu="${cpu}",mode="${mode}"}`)));
  const mounts = ["/", "/boot/firmware", "/run", "/run/lock"].map((m) => `{device="/dev/sd${m.length}",fstype="ext4",mountpoint="${m}"}`);
  for (const m of ["avail_bytes", "free_bytes", "size_bytes", "files", "files_free", "readonly", "device_error"]) family(`node_filesystem_${m}`, "gauge", mounts);
  const devices = ["eth0", "lo", "wlan0"].map((d) => `{device="${d}"}`);
  for (const m of ["receive_bytes_total", "transmit_bytes_total", "receive_packets_total", "transmit_packets_total"]) family(`node_network_${m}`, "counter", devices);
  let count = 32 + 28 + 12;
  for (let i = 0; count < SERIES_PER_TARGET; i++, count++) family(`node_memory_field_${i}_bytes`, "gauge", [""]);
  return `${lines.join("\n")}\n`;
}

const targets = Number(process.argv[2] ?? "100");
const plain = Array.from({ length: targets }, (_, i) => Buffer.from(targetBody(i)));
const gzipped = plain.map((body) => gzipSync(body));
const server = createServer((request, response) => {
  const match = /^\/targets\/(\d+)\/metrics$/.exec(request.url ?? "");
  const index = match ? Number(match[1]) : -1;
  if (index < 0 || index >= targets) {
    response.writeHead(404).end();
    return;
  }
  const gzip = /\bgzip\b/.test(request.headers["accept-encoding"] ?? "");
  response.writeHead(200, {
    "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
    ...(gzip ? { "Content-Encoding": "gzip" } : {}),
  });
  response.end(gzip ? gzipped[index] : plain[index]);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  console.log(address.port);
});
