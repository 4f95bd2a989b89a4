/** A local exporter whose /metrics the agent passes on under its own `job` (node_exporter, an app). */
export interface Relay {
  job: string;
  url: string;
}

export interface RelayFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Forwarded so the exporter can choose OpenMetrics or text as it would for Prometheus. */
  accept?: string;
}

export interface RelayResponse {
  contentType: string | undefined;
  body: Buffer;
}

export class RelayError extends Error {
  override name = "RelayError";
}

export const DEFAULT_RELAY_TIMEOUT_MS = 10_000;
export const DEFAULT_RELAY_MAX_BYTES = 16 * 1024 * 1024;

/** Fetches a relay's exposition with a deadline covering the whole body and a cap on its size. */
export async function fetchRelay(relay: Relay, options: RelayFetchOptions): Promise<RelayResponse> {
  const headers: Record<string, string> = { "user-agent": "boardwatch-agent" };
  if (options.accept) headers.accept = options.accept;
  let response: Response;
  try {
    response = await fetch(relay.url, { headers, signal: AbortSignal.timeout(options.timeoutMs), redirect: "error" });
  } catch (error) {
    throw new RelayError(`relay ${relay.job}: ${describeFetchError(error, options.timeoutMs)}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new RelayError(`relay ${relay.job}: ${relay.url} answered HTTP ${response.status}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (response.body) {
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        // Leaving the loop by throwing cancels the stream, which closes the connection.
        if (size > options.maxBytes) throw new RelayError(`relay ${relay.job}: body exceeds ${options.maxBytes} bytes`);
        chunks.push(chunk);
      }
    }
  } catch (error) {
    if (error instanceof RelayError) throw error;
    throw new RelayError(`relay ${relay.job}: ${describeFetchError(error, options.timeoutMs)}`);
  }
  return { contentType: response.headers.get("content-type") ?? undefined, body: Buffer.concat(chunks) };
}

/** fetch hides the reason (refused, timed out) in `cause`; this surfaces it for logs and 502 bodies. */
export function describeFetchError(error: unknown, timeoutMs?: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return timeoutMs === undefined ? "timed out" : `timed out after ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
