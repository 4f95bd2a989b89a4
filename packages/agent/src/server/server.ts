import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { formatText, TEXT_CONTENT_TYPE } from "../metrics/text-format";
import type { MetricFamily } from "../metrics/types";
import { bearerMatches } from "./auth";
import { DEFAULT_RELAY_MAX_BYTES, DEFAULT_RELAY_TIMEOUT_MS, fetchRelay, RelayError, type Relay } from "./relay";

export interface AgentServerOptions {
  /** The board credential the central scraper presents as `Authorization: Bearer`. */
  credential: string;
  /** The agent's own families (node collectors and agent metrics). */
  collect: () => Promise<MetricFamily[]>;
  relays?: readonly Relay[];
  relayTimeoutMs?: number;
  relayMaxBytes?: number;
  onError?: (error: unknown) => void;
}

/**
 * The pull-mode endpoint. `GET /metrics` serves the agent's own metrics; `GET /metrics?job=<relay>` passes a
 * relay's exposition through unchanged, so the central scraper configures one target per job on the same
 * URL and credential. `/healthz` is open for liveness probes and reveals nothing.
 */
export function createAgentServer(options: AgentServerOptions): Server {
  const relays = new Map((options.relays ?? []).map((r) => [r.job, r]));
  const onError = options.onError ?? (() => {});
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) send(res, 500, "internal error\n");
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://agent");
    if (url.pathname === "/healthz") return send(res, 200, "ok\n");
    if (url.pathname !== "/metrics") return send(res, 404, "not found\n");
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed\n", { allow: "GET, HEAD" });
    if (!bearerMatches(req.headers.authorization, options.credential)) {
      return send(res, 401, "unauthorized\n", { "www-authenticate": 'Bearer realm="boardwatch-agent"' });
    }
    const job = url.searchParams.get("job");
    if (job === null) {
      const text = formatText(await options.collect());
      const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
      return send(res, 200, gzip ? gzipSync(text) : text, {
        "content-type": TEXT_CONTENT_TYPE,
        ...(gzip ? { "content-encoding": "gzip" } : {}),
      });
    }
    const relay = relays.get(job);
    if (!relay) return send(res, 404, `unknown job ${JSON.stringify(job)}\n`);
    try {
      const relayed = await fetchRelay(relay, {
        timeoutMs: scrapeTimeoutMs(req, options.relayTimeoutMs ?? DEFAULT_RELAY_TIMEOUT_MS),
        maxBytes: options.relayMaxBytes ?? DEFAULT_RELAY_MAX_BYTES,
        accept: req.headers.accept,
      });
      return send(res, 200, relayed.body, { "content-type": relayed.contentType ?? TEXT_CONTENT_TYPE });
    } catch (error) {
      if (!(error instanceof RelayError)) throw error;
      onError(error);
      return send(res, 502, `${error.message}\n`);
    }
  }
}

// Prometheus tells the target its scrape timeout; answering 502 just before it beats being cut off silently.
function scrapeTimeoutMs(req: IncomingMessage, fallback: number): number {
  const seconds = Number(req.headers["x-prometheus-scrape-timeout-seconds"]);
  if (!Number.isFinite(seconds) || seconds <= 0) return fallback;
  return Math.min(fallback, Math.max(100, seconds * 1000 - 250));
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers, "content-length": Buffer.byteLength(body) });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/** Listens on `host:port` (`[::]:9845` for IPv6) and resolves with the bound address once listening. */
export function listen(server: Server, address: string): Promise<AddressInfo> {
  const { host, port } = parseListenAddress(address);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export function parseListenAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid listen address ${JSON.stringify(address)}, expected HOST:PORT`);
  }
  return { host: match[1] ?? (match[2] || "0.0.0.0"), port };
}
