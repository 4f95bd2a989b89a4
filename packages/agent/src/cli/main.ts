import { realpathSync } from "node:fs";
import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { nodeCollectors } from "../collectors/index";
import { enroll, EnrollError } from "../enroll/enroll";
import { defaultStatePath, readState, spoolDirectory, StateError, type AgentState } from "../enroll/state";
import { Registry } from "../metrics/registry";
import type { Collector } from "../metrics/types";
import { RemoteWriter } from "../push/remote-writer";
import { relayTarget, selfTarget } from "../push/scrape-batch";
import { startScrapeLoop } from "../push/scrape-loop";
import { Spool } from "../push/spool";
import { DEFAULT_RELAY_MAX_BYTES, DEFAULT_RELAY_TIMEOUT_MS } from "../server/relay";
import { createAgentServer, listen } from "../server/server";
import { installService } from "../service/install-service";
import { systemdUnit, UNIT_PATH } from "../service/systemd-unit";
import { AGENT_VERSION } from "../version";
import { parseLabels, parseMode, parseRelay, UsageError } from "./args";

export const USAGE = `Usage: boardwatch-agent <command> [options]

Commands:
  enroll --server URL --token TOKEN [--state FILE] [--listen HOST:PORT] [--mode pull|push]
         [--labels k=v,...] [--relay job=URL ...] [--scrape-url URL]
      Trade an enrolment token (or $BOARDWATCH_TOKEN) for a board credential; writes the state file.
  run [--state FILE] [--path.rootfs DIR]
      --path.rootfs reads /proc and /sys under DIR (like node_exporter's), e.g. for a container or a test.
      Pull mode: serve /metrics (and /metrics?job=<relay>) to the Boardwatch scraper.
      Push mode: scrape itself and its relays every interval and remote_write to the server.
  install-service [--state FILE] [--print]
      As root: write ${UNIT_PATH} and enable it. --print only prints the unit.
  version

State file default: /var/lib/boardwatch-agent/state.json as root, ~/.boardwatch-agent/state.json otherwise.
Exit codes: 0 success, 1 failure, 2 usage error.
`;

/**
 * The `job` label of the agent's own metrics in push mode (in pull mode the server sets it, to the same value):
 * "node", which the node-mixin dashboards and alerts select on.
 */
export const SELF_JOB = "node";
export const DEFAULT_LISTEN = "0.0.0.0:9845";
const DEFAULT_SPOOL_BYTES = 64 * 1024 * 1024;

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGTERM/SIGINT); `run` then shuts down cleanly. */
  stopSignal: Promise<void>;
}

/** Runs one CLI invocation and resolves with its exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "enroll":
        return await enrollCommand(rest, io);
      case "run":
        return await runCommand(rest, io);
      case "install-service":
        return await installServiceCommand(rest, io);
      case "version":
      case "--version":
        io.stdout(AGENT_VERSION);
        return 0;
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return 0;
      default:
        throw new UsageError(command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`boardwatch-agent: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof EnrollError || error instanceof StateError) {
      io.stderr(`boardwatch-agent: ${error.message}`);
      return 1;
    }
    io.stderr(`boardwatch-agent: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && typeof (error as NodeJS.ErrnoException).code === "string" && /^ERR_PARSE_ARGS_/.test((error as NodeJS.ErrnoException).code ?? "");
}

async function enrollCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      server: { type: "string" },
      token: { type: "string" },
      state: { type: "string" },
      listen: { type: "string", default: DEFAULT_LISTEN },
      mode: { type: "string", default: "pull" },
      labels: { type: "string" },
      relay: { type: "string", multiple: true, default: [] },
      "scrape-url": { type: "string" },
    },
  });
  const token = values.token ?? io.env.BOARDWATCH_TOKEN;
  if (!values.server) throw new UsageError("--server is required");
  if (!token) throw new UsageError("--token (or $BOARDWATCH_TOKEN) is required");
  if (!/^https?:\/\//.test(values.server)) throw new UsageError(`--server must be an http(s) URL, got ${JSON.stringify(values.server)}`);
  const statePath = values.state ?? defaultStatePath();
  const state = await enroll({
    server: values.server,
    token,
    statePath,
    mode: parseMode(values.mode),
    listen: values.listen,
    scrapeUrl: values["scrape-url"],
    labels: parseLabels(values.labels),
    relays: values.relay.map(parseRelay),
  });
  io.stdout(`enrolled board ${state.boardId} in tenant ${state.tenant} at ${state.server} (${state.mode} mode); state in ${statePath}`);
  return 0;
}

async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { state: { type: "string" }, "path.rootfs": { type: "string" } } });
  const statePath = values.state ?? defaultStatePath();
  const collectors = nodeCollectors(values["path.rootfs"] ? { root: values["path.rootfs"] } : {});
  const state = await readState(statePath);
  const log = (message: string) => io.stderr(`boardwatch-agent: ${message}`);
  const lastError = new Map<string, string>();
  // A broken collector or relay fails every scrape; logging each repeat would flood the journal.
  const logFailure: LogFailure = (what, error) => {
    const message = error instanceof Error ? error.message : String(error);
    if (lastError.get(what) !== message) log(`${what} failed: ${message}`);
    lastError.set(what, message);
  };
  return state.mode === "push" ? runPush(state, statePath, collectors, io, log, logFailure) : runPull(state, collectors, io, log, logFailure);
}

type LogFailure = (what: string, error: unknown) => void;

async function runPull(state: AgentState, collectors: Collector[], io: CliIo, log: (m: string) => void, logFailure: LogFailure): Promise<number> {
  const registry = new Registry(collectors, (name, error) => logFailure(`collector ${name}`, error));
  const server = createAgentServer({
    credential: state.credential,
    collect: () => registry.collect(),
    relays: state.relays,
    onError: (error) => logFailure("metrics request", error),
  });
  const address = await listen(server, state.listen);
  log(`serving /metrics on ${address.address}:${address.port} for board ${state.boardId} (pull mode)`);
  await io.stopSignal;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  return 0;
}

async function runPush(
  state: AgentState,
  statePath: string,
  nodeMetrics: Collector[],
  io: CliIo,
  log: (m: string) => void,
  logFailure: LogFailure,
): Promise<number> {
  const intervalMs = state.scrapeIntervalSeconds * 1000;
  const spool = new Spool({ dir: spoolDirectory(statePath), maxBytes: DEFAULT_SPOOL_BYTES });
  await spool.open();
  if (spool.length > 0) log(`replaying ${spool.length} buffered batches`);
  const writer = new RemoteWriter({
    url: state.remoteWriteUrl ?? "",
    credential: state.credential,
    timeoutMs: Math.max(intervalMs, 10_000),
    spool,
    minBackoffMs: 1000,
    maxBackoffMs: Math.max(intervalMs * 4, 60_000),
    log,
  });
  const collectors: Collector[] = [...nodeMetrics, writer.collector()];
  const registry = new Registry(collectors, (name, error) => logFailure(`collector ${name}`, error));
  const relayOptions = { timeoutMs: Math.min(intervalMs, DEFAULT_RELAY_TIMEOUT_MS), maxBytes: DEFAULT_RELAY_MAX_BYTES };
  writer.start();
  const loop = startScrapeLoop({
    targets: [selfTarget(SELF_JOB, () => registry.collect()), ...state.relays.map((r) => relayTarget(r, relayOptions))],
    intervalMs,
    instance: instanceLabel(state),
    writer,
    onError: logFailure,
  });
  log(`pushing to ${state.remoteWriteUrl} every ${state.scrapeIntervalSeconds}s for board ${state.boardId} (push mode)`);
  await io.stopSignal;
  await loop.stop();
  await writer.stop();
  return 0;
}

// What `instance` would be had the server scraped the board: the host:port it enrolled with.
function instanceLabel(state: AgentState): string {
  try {
    return new URL(state.scrapeUrl).host || hostname();
  } catch {
    return hostname();
  }
}

async function installServiceCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { state: { type: "string" }, print: { type: "boolean", default: false } } });
  const unit = {
    nodePath: process.execPath,
    bundlePath: realpathSync(process.argv[1] ?? ""),
    statePath: values.state ?? defaultStatePath(),
  };
  if (values.print) {
    io.stdout(systemdUnit(unit));
    return 0;
  }
  if (process.getuid?.() !== 0) {
    io.stderr(
      "boardwatch-agent: installing the systemd service needs root. Run:\n" +
        `    sudo ${unit.nodePath} ${unit.bundlePath} install-service\n` +
        "(enrol as root first, so that the state file is in /var/lib/boardwatch-agent), or see the unit with --print.",
    );
    return 1;
  }
  await readState(unit.statePath);
  for (const step of await installService(unit)) io.stdout(step);
  return 0;
}
