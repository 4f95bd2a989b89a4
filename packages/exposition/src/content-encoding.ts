import { constants as bufferConstants } from "node:buffer";
import { gunzipSync } from "node:zlib";
import { ExpositionError, nodeErrorCode } from "./errors";

/** The `Accept-Encoding` a scraper sends: gzip is what Prometheus asks for and what exporters implement. */
export const SCRAPE_ACCEPT_ENCODING = "gzip";

/**
 * Undoes `Content-Encoding` (identity or gzip) and enforces `bodySizeLimit` (bytes; `Infinity` for none) on
 * the decoded size, as Prometheus's `body_size_limit` does; zlib stops inflating at the limit, so a gzip bomb
 * costs no memory.
 */
export function decodeContentEncoding(body: Uint8Array, contentEncoding: string | undefined, bodySizeLimit: number): Uint8Array {
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") {
    if (body.byteLength > bodySizeLimit) throw tooLarge(bodySizeLimit);
    return body;
  }
  if (encoding !== "gzip" && encoding !== "x-gzip") {
    throw new ExpositionError("unsupported-encoding", `unsupported Content-Encoding ${JSON.stringify(contentEncoding)}`);
  }
  let decoded: Buffer;
  try {
    // zlib wants a limit in [1, buffer max]; a limit of 0 is enforced by the check below.
    decoded = gunzipSync(body, { maxOutputLength: Math.min(Math.max(1, bodySizeLimit), bufferConstants.MAX_LENGTH) });
  } catch (error) {
    if (nodeErrorCode(error) === "ERR_BUFFER_TOO_LARGE") throw tooLarge(bodySizeLimit);
    throw new ExpositionError("invalid-gzip", `cannot decompress gzip body: ${(error as Error).message}`);
  }
  if (decoded.byteLength > bodySizeLimit) throw tooLarge(bodySizeLimit);
  return decoded;
}

function tooLarge(limit: number): ExpositionError {
  return new ExpositionError("body-size-limit", `body size limit exceeded: decoded body is larger than ${limit} bytes`);
}
