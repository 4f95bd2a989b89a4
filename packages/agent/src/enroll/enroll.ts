import { hostname as osHostname, networkInterfaces } from "node:os";
import { parseListenAddress } from "../server/server";
import { describeFetchError, type Relay } from "../server/relay";
import { gatherFacts, type BoardFacts } from "./facts";
import { writeState, type AgentMode, type AgentState } from "./state";

export interface EnrollOptions {
  server: string;
  token: string;
  statePath: string;
  mode: AgentMode;
  listen: string;
  /** The URL the central scraper should use; derived from `listen` and the board's address when absent. */
  scrapeUrl?: string;
  labels: Record<string, string>;
  relays: Relay[];
  /** Root of /proc, /sys and /etc for facts; a fixture tree in tests. */
  root?: string;
  hostname?: string;
  timeoutMs?: number;
}

/** The body POSTed to `${server}/api/agent/enroll`. */
export interface EnrollRequest {
  token: string;
  hostname: string;
  facts: BoardFacts;
  scrapeUrl: string;
  mode: AgentMode;
  labels: Record<string, string>;
  /** Job names of the local exporters the agent relays, so the server scrapes each as `/metrics?job=<name>`. */
  relays: string[];
}

/** The 201 answer. */
export interface EnrollResponse {
  boardId: string;
  tenant: string;
  credential: string;
  scrapeIntervalSeconds: number;
  remoteWriteUrl: string | null;
}

export type EnrollErrorKind = "refused" | "unreachable" | "server";

export class EnrollError extends Error {
  override name = "EnrollError";
  constructor(
    readonly kind: EnrollErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Trades an enrolment token for a board credential and writes the state file `run` reads. */
export async function enroll(options: EnrollOptions): Promise<AgentState> {
  const server = options.server.replace(/\/+$/, "");
  const hostname = options.hostname ?? osHostname();
  const scrapeUrl = options.scrapeUrl ?? defaultScrapeUrl(options.listen, hostname);
  const request: EnrollRequest = {
    token: options.token,
    hostname,
    facts: await gatherFacts({ root: options.root }),
    scrapeUrl,
    mode: options.mode,
    labels: options.labels,
    relays: options.relays.map((r) => r.job),
  };
  const url = `${server}/api/agent/enroll`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "user-agent": "boardwatch-agent" },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new EnrollError("unreachable", `cannot reach ${url}: ${describeFetchError(error, options.timeoutMs ?? 30_000)}`);
  }
  const text = await response.text();
  // The contract answers 201; any other 2xx is read the same way rather than refused on a technicality.
  if (!response.ok) {
    const message = serverMessage(text) ?? (text.trim().slice(0, 200) || response.statusText);
    const kind = response.status >= 400 && response.status < 500 ? "refused" : "server";
    throw new EnrollError(kind, `enrolment refused by ${server} (HTTP ${response.status}): ${message}`);
  }
  const answer = parseEnrollResponse(text);
  if (options.mode === "push" && !answer.remoteWriteUrl) {
    throw new EnrollError("server", `${server} enrolled the board for push mode but sent no remoteWriteUrl`);
  }
  const state: AgentState = {
    server,
    boardId: answer.boardId,
    tenant: answer.tenant,
    credential: answer.credential,
    mode: options.mode,
    listen: options.listen,
    scrapeUrl,
    scrapeIntervalSeconds: answer.scrapeIntervalSeconds,
    remoteWriteUrl: answer.remoteWriteUrl,
    labels: options.labels,
    relays: options.relays,
  };
  await writeState(options.statePath, state);
  return state;
}

function serverMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body.error === "string" ? body.error : undefined;
  } catch {
    return undefined;
  }
}

function parseEnrollResponse(text: string): EnrollResponse {
  let body: Partial<EnrollResponse>;
  try {
    body = JSON.parse(text) as Partial<EnrollResponse>;
  } catch {
    throw new EnrollError("server", "enrolment answer is not JSON");
  }
  const valid =
    typeof body.boardId === "string" &&
    typeof body.tenant === "string" &&
    typeof body.credential === "string" &&
    body.credential !== "" &&
    typeof body.scrapeIntervalSeconds === "number" &&
    body.scrapeIntervalSeconds > 0 &&
    (body.remoteWriteUrl === null || body.remoteWriteUrl === undefined || typeof body.remoteWriteUrl === "string");
  if (!valid) throw new EnrollError("server", "enrolment answer lacks boardId, tenant, credential or scrapeIntervalSeconds");
  return { ...(body as EnrollResponse), remoteWriteUrl: body.remoteWriteUrl ?? null };
}

// A wildcard listen address is not something the server can dial; the first external IPv4 address is the
// best guess, and `--scrape-url` overrides it for NAT or DNS names.
export function defaultScrapeUrl(listen: string, hostname: string): string {
  const { host, port } = parseListenAddress(listen);
  const wildcard = host === "0.0.0.0" || host === "::" || host === "";
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && !address.internal && address.family === "IPv4")?.address;
  const address = wildcard ? (external ?? hostname) : host;
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}/metrics`;
}
