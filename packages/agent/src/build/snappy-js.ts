import { compress, uncompress } from "snappyjs";

// Stands in for the native `snappy` package in the single-file bundle (boards have only Node, and a
// prebuilt .node addon per CPU architecture cannot be inlined). Same block format, same two functions
// @boardwatch/exposition calls.
export function compressSync(input: Buffer): Buffer {
  return Buffer.from(compress(input));
}

export function uncompressSync(input: Buffer, _options?: { asBuffer: boolean }): Buffer {
  return Buffer.from(uncompress(input));
}
