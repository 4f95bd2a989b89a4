import { Buffer, isUtf8 } from "node:buffer";
import { ExpositionError } from "./errors";

const LONE_SURROGATE = /\p{Cs}/u;

/** Decodes a body as UTF-8, rejecting invalid sequences with the line they are on. */
export function decodeUtf8(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buffer)) {
    throw new ExpositionError("invalid-utf8", "body is not valid UTF-8", firstInvalidLine(buffer));
  }
  return buffer.toString("utf8");
}

/** Rejects strings that cannot be encoded as UTF-8 (lone surrogates), which a store would silently mangle. */
export function assertWellFormed(text: string): void {
  const match = LONE_SURROGATE.exec(text);
  if (match) {
    const line = countLines(text, match.index);
    throw new ExpositionError("invalid-utf8", "text contains a lone UTF-16 surrogate", line);
  }
}

/** The 1-based line number of `offset` in `text`. */
export function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function firstInvalidLine(buffer: Buffer): number {
  let line = 1;
  let start = 0;
  while (start < buffer.length) {
    const newline = buffer.indexOf(10, start);
    const end = newline === -1 ? buffer.length : newline;
    if (!isUtf8(buffer.subarray(start, end))) return line;
    line++;
    start = end + 1;
  }
  return line;
}

/** The text of a body: bytes are decoded as strict UTF-8, strings checked for lone surrogates. */
export function textOf(input: string | Uint8Array): string {
  if (typeof input !== "string") return decodeUtf8(input);
  assertWellFormed(input);
  return input;
}
