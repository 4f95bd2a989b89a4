import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { systemdUnit, UNIT_PATH, type SystemdUnitOptions } from "./systemd-unit";

export interface InstallServiceOptions extends SystemdUnitOptions {
  unitPath?: string;
  /** Runs systemctl; injectable so that tests never touch the host's systemd. */
  systemctl?: (args: string[]) => Promise<void>;
}

const execFileAsync = promisify(execFile);

async function systemctl(args: string[]): Promise<void> {
  await execFileAsync("systemctl", args);
}

/** Writes the unit and enables it now; returns the steps taken, for the CLI to print. */
export async function installService(options: InstallServiceOptions): Promise<string[]> {
  const unitPath = options.unitPath ?? UNIT_PATH;
  const run = options.systemctl ?? systemctl;
  await writeFile(unitPath, systemdUnit(options), { mode: 0o644 });
  await run(["daemon-reload"]);
  // restart rather than only start: re-running the installer after a re-enrolment picks up the new state.
  await run(["enable", "boardwatch-agent.service"]);
  await run(["restart", "boardwatch-agent.service"]);
  return [
    `wrote ${unitPath}`,
    "systemctl daemon-reload",
    "systemctl enable boardwatch-agent.service",
    "systemctl restart boardwatch-agent.service",
  ];
}
