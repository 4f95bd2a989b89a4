import http from "node:http";
import https from "node:https";
import { ScrapeFailure } from "./scrape-failure";

export interface FetchOptions {
  headers: Record<string, string>;
  /** Sent only to the target's own host, as Go's client does when following redirects. */
  authorization: string | undefined;
  /** Deadline for the whole exchange: connect, redirects, headers and every byte of the body. */
  timeoutMs: number;
  /** Maximum decoded body size in bytes (`Infinity` for none); gzip is capped on the wire here, decoded later. */
  bodySizeLimit: number;
  signal: AbortSignal | undefined;
}

export interface FetchedBody {
  body: Buffer;
  contentType: string | undefined;
  contentEncoding: string | undefined;
}

/** Go's http.Client default, which Prometheus keeps. */
const MAX_REDIRECTS = 10;
// Keep-alive spares a TCP handshake per scrape, as Prometheus keeps one connection per target; the socket
// timeout only reaps idle pooled sockets (our own deadline governs requests in flight).
const agentOptions = { keepAlive: true, timeout: 120_000 };
const httpAgent = new http.Agent(agentOptions);
const httpsAgent = new https.Agent(agentOptions);

/** Closes the pooled keep-alive connections, for a worker shutting down. */
export function closeScrapeConnections(): void {
  httpAgent.destroy();
  httpsAgent.destroy();
}

/**
 * GETs a scrape target with node:http rather than fetch: it costs less CPU per request, and destroying the
 * request on a deadline or a size cap closes the socket at once, whatever the target keeps sending. Target
 * problems reject with ScrapeFailure; an aborted `signal` rejects with its reason.
 */
export function fetchTarget(url: string, options: FetchOptions): Promise<FetchedBody> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    let request: http.ClientRequest | undefined;
    let settled = false;
    const settle = (error: Error | undefined, value?: FetchedBody): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (error === undefined) {
        resolve(value as FetchedBody);
      } else {
        request?.destroy();
        reject(error);
      }
    };
    const fail = (message: string): void => settle(new ScrapeFailure(message));
    const onAbort = (): void => settle(signal?.reason as Error);
    const timer = setTimeout(() => fail("context deadline exceeded"), options.timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });

    const get = (target: URL, redirects: number, retryOnStaleSocket = true): void => {
      const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : undefined;
      if (client === undefined) return fail(`Get ${JSON.stringify(target.href)}: unsupported protocol scheme ${JSON.stringify(target.protocol.slice(0, -1))}`);
      const headers = { ...options.headers };
      if (options.authorization !== undefined && target.host === first.host) headers.Authorization = options.authorization;
      let responded = false;
      const current = client.get(target, { agent: client === https ? httpsAgent : httpAgent, headers }, (response) => {
        responded = true;
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (status >= 300 && status < 400 && location !== undefined) {
          // Redirect bodies are not worth reading from a possibly hostile target; the socket goes with them.
          response.destroy();
          if (redirects === MAX_REDIRECTS) return fail(`Get ${JSON.stringify(target.href)}: stopped after ${MAX_REDIRECTS} redirects`);
          if (!URL.canParse(location, target.href)) return fail(`Get ${JSON.stringify(target.href)}: failed to parse Location header ${JSON.stringify(location)}`);
          return get(new URL(location, target), redirects + 1);
        }
        if (status !== 200) return fail(`server returned HTTP status ${status} ${response.statusMessage ?? ""}`.trimEnd());
        readBody(response, target);
      });
      request = current;
      current.on("error", (error: Error & { code?: string }) => {
        // A pooled connection the target closed while idle fails the request before any response; like Go's
        // client, retry such a GET once on a fresh connection rather than report the target down.
        if (retryOnStaleSocket && current.reusedSocket && !responded && error.code === "ECONNRESET" && !settled) {
          return get(target, redirects, false);
        }
        fail(transportError(target, error));
      });
    };

    const readBody = (response: http.IncomingMessage, target: URL): void => {
      const contentEncoding = response.headers["content-encoding"];
      const limit = wireLimit(options.bodySizeLimit, contentEncoding);
      if (Number(response.headers["content-length"]) > limit) return fail("body size limit exceeded");
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) return fail("body size limit exceeded");
        chunks.push(chunk);
      });
      response.on("end", () => {
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
        settle(undefined, { body, contentType: response.headers["content-type"], contentEncoding });
      });
      response.on("error", (error) => fail(transportError(target, error)));
    };

    // The URL comes from a board's configuration: a bad one is that target's problem, not the worker's.
    if (!URL.canParse(url)) return fail(`parse ${JSON.stringify(url)}: invalid URL`);
    const first = new URL(url);
    get(first, 0);
  });
}

// Deflate stores incompressible data in blocks of at most 65535 bytes with 5 bytes of framing, after an 18-byte
// gzip header and trailer, so a gzip body that decodes within the limit is never longer than this on the wire.
function wireLimit(decodedLimit: number, contentEncoding: string | undefined): number {
  if (contentEncoding === undefined || contentEncoding === "" || contentEncoding === "identity") return decodedLimit;
  return decodedLimit + Math.ceil(decodedLimit / 65535) * 5 + 18;
}

// Node's error codes, phrased as Go's net package does, which is what Prometheus users know.
function transportError(target: URL, error: Error & { code?: string }): string {
  const prefix = `Get ${JSON.stringify(target.href)}: `;
  switch (error.code) {
    case "ECONNREFUSED":
      return `${prefix}dial tcp ${target.host}: connect: connection refused`;
    case "ENOTFOUND":
      return `${prefix}dial tcp: lookup ${target.hostname}: no such host`;
    case "EHOSTUNREACH":
      return `${prefix}dial tcp ${target.host}: connect: no route to host`;
    case "ECONNRESET":
      return `${prefix}read: connection reset by peer`;
    default:
      return error.code?.startsWith("HPE_") ? `${prefix}malformed HTTP response: ${error.message}` : `${prefix}${error.message}`;
  }
}
