import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { Relay } from "../server/relay";

export type AgentMode = "pull" | "push";

/** What enrolment leaves on the board; `run` needs nothing else. Holds the credential, hence mode 0600. */
export interface AgentState {
  server: string;
  boardId: string;
  tenant: string;
  credential: string;
  mode: AgentMode;
  listen: string;
  scrapeUrl: string;
  scrapeIntervalSeconds: number;
  remoteWriteUrl: string | null;
  labels: Record<string, string>;
  relays: Relay[];
}

/** /var/lib for the system service; the user's home when enrolled without root. */
export function defaultStatePath(): string {
  if (process.getuid?.() === 0) return "/var/lib/boardwatch-agent/state.json";
  return join(homedir(), ".boardwatch-agent", "state.json");
}

/** Where push mode spools unsent batches: beside the state file, on the same (persistent) filesystem. */
export function spoolDirectory(statePath: string): string {
  return join(dirname(statePath), "wal");
}

// Written to a temporary file created 0600 and renamed over the old one, so the credential is never
// readable by others, not even for a moment, and a crash leaves either the old or the new state.
export async function writeState(path: string, state: AgentState): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

export class StateError extends Error {
  override name = "StateError";
}

export async function readState(path: string): Promise<AgentState> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new StateError(`no state file at ${path}: enroll first (boardwatch-agent enroll --server URL --token TOKEN)`);
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StateError(`state file ${path} is not valid JSON`);
  }
  const s = parsed as Partial<AgentState>;
  for (const key of ["server", "boardId", "credential", "listen"] as const) {
    if (typeof s[key] !== "string" || s[key] === "") throw new StateError(`state file ${path} has no ${key}`);
  }
  if (s.mode !== "pull" && s.mode !== "push") throw new StateError(`state file ${path} has mode ${JSON.stringify(s.mode)}, expected pull or push`);
  if (s.mode === "push" && !s.remoteWriteUrl) throw new StateError(`state file ${path} is in push mode but has no remoteWriteUrl`);
  // The fields after the checked ones may be missing from hand-edited files; these are their meanings.
  const defaults: Omit<AgentState, "server" | "boardId" | "credential" | "listen" | "mode"> = {
    tenant: "",
    scrapeUrl: "",
    scrapeIntervalSeconds: 15,
    remoteWriteUrl: null,
    labels: {},
    relays: [],
  };
  return { ...defaults, ...(s as AgentState) };
}
