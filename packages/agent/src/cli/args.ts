import type { Relay } from "../server/relay";

// Prometheus's classic label-name rule. Not imported from @boardwatch/exposition: its name for this check is
// being changed there, and board labels must also suit Prometheus servers that predate UTF-8 names.
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Target labels the server sets itself; it refuses them at enrolment, so refuse them before asking.
const RESERVED = new Set(["job", "instance", "board"]);

/** A wrong command line: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** `site=lab,rack=2` → `{ site: "lab", rack: "2" }`; label names follow Prometheus's rules. */
export function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === undefined || text === "") return labels;
  for (const pair of text.split(",")) {
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    if (eq === -1 || !LABEL_NAME.test(name) || name.startsWith("__")) {
      throw new UsageError(`invalid label ${JSON.stringify(pair)}, expected name=value with a Prometheus label name`);
    }
    if (RESERVED.has(name)) throw new UsageError(`label ${name} is set by Boardwatch and cannot be given`);
    labels[name] = pair.slice(eq + 1);
  }
  return labels;
}

/** `node=http://127.0.0.1:9100/metrics` → a relay; the job name becomes the `job` label. */
export function parseRelay(text: string): Relay {
  const eq = text.indexOf("=");
  const job = text.slice(0, eq);
  const url = text.slice(eq + 1);
  if (eq === -1 || !/^[A-Za-z0-9_.-]+$/.test(job) || !/^https?:\/\//.test(url)) {
    throw new UsageError(`invalid relay ${JSON.stringify(text)}, expected job=http://host:port/metrics`);
  }
  return { job, url };
}

export function parseMode(text: string | undefined): "pull" | "push" {
  if (text === undefined || text === "pull" || text === "push") return text ?? "pull";
  throw new UsageError(`invalid --mode ${JSON.stringify(text)}, expected pull or push`);
}
