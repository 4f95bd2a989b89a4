const TWO_32 = 4294967296;

/**
 * The 32-bit words of base64 `array_send` output of a one-dimensional int8[] or float8[], in host order, and
 * the element count. The header is 5 words (dimensions, null flag, element type, size, lower bound), then each
 * element is 3: its length (8) and its big-endian value (high word first).
 */
function arrayWords(base64: string): { words: Uint32Array; n: number } {
  const bytes = Buffer.alloc(Buffer.byteLength(base64, "base64")); // its own ArrayBuffer: word-aligned
  const length = bytes.write(base64, "base64");
  if (length < 12 || bytes.readInt32BE(0) === 0) return { words: new Uint32Array(0), n: 0 }; // no dimensions: empty
  const n = bytes.readInt32BE(12);
  const words = new Uint32Array(bytes.buffer, 0, length >>> 2);
  bytes.subarray(0, length & ~3).swap32(); // words to host order, in place
  return { words, n };
}

/** Decodes base64 `array_send` output of a float8[] by copying bits, never through a number, so NaN payloads survive. */
export function decodeFloat8Array(base64: string): Float64Array {
  const { words, n } = arrayWords(base64);
  const out = new Float64Array(n);
  const halves = new Uint32Array(out.buffer);
  for (let i = 0, w = 6; i < n; i++, w += 3) {
    halves[2 * i] = words[w + 1] as number; // low word first: little-endian doubles
    halves[2 * i + 1] = words[w] as number;
  }
  return out;
}

/** Decodes base64 `array_send` output of an int8[] into numbers (exact below 2^53). */
export function decodeInt8Array(base64: string): Float64Array {
  const { words, n } = arrayWords(base64);
  const out = new Float64Array(n);
  for (let i = 0, w = 6; i < n; i++, w += 3) out[i] = ((words[w] as number) | 0) * TWO_32 + (words[w + 1] as number);
  return out;
}
