import { cpus, machine, release, totalmem, type as osType } from "node:os";
import { readOptional } from "../collectors/read-file";
import { AGENT_VERSION } from "../version";

/** What the server learns about a board at enrolment, shown in the UI and usable as labels. */
export interface BoardFacts {
  os: string;
  arch: string;
  kernel: string;
  model: string | null;
  cpus: number;
  memoryBytes: number;
  agentVersion: string;
}

export async function gatherFacts(options: { root?: string } = {}): Promise<BoardFacts> {
  const root = options.root ?? "/";
  const osRelease = (await readOptional(root, "etc/os-release")) ?? (await readOptional(root, "usr/lib/os-release"));
  const prettyName = osRelease && /^PRETTY_NAME=(?:"(.*)"|(.*))$/m.exec(osRelease);
  const kernel = (await readOptional(root, "proc/sys/kernel/osrelease"))?.trim();
  return {
    os: (prettyName && (prettyName[1] ?? prettyName[2])) || osType(),
    arch: machine(),
    kernel: kernel || release(),
    model: await boardModel(root),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    agentVersion: AGENT_VERSION,
  };
}

// ARM boards describe themselves in the device tree (NUL-terminated); x86 boards through DMI.
async function boardModel(root: string): Promise<string | null> {
  for (const path of ["proc/device-tree/model", "sys/firmware/devicetree/base/model"]) {
    const model = (await readOptional(root, path).catch(() => undefined))?.replace(/\0/g, "").trim();
    if (model) return model;
  }
  const read = async (file: string) => (await readOptional(root, "sys/class/dmi/id", file).catch(() => undefined))?.trim() ?? "";
  const dmi = [await read("sys_vendor"), await read("product_name")].filter((part) => part !== "").join(" ");
  return dmi || null;
}
