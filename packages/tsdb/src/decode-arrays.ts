const TWO_32 = 4294967296;

/** A copy with every 8-byte word reversed, on its own ArrayBuffer (offset 0, so typed views line up). */
function swappedCopy(bytes: Buffer): Buffer {
  const out = Buffer.from(new ArrayBuffer(bytes.length));
  bytes.copy(out);
  return out.swap64();
}

/** Decodes concatenated big-endian float8 values (`float8send`) without float conversion, so NaN payloads survive. */
export function decodeFloat64s(bytes: Buffer): Float64Array {
  const le = swappedCopy(bytes);
  return new Float64Array(le.buffer, 0, le.length / 8);
}

/** Decodes concatenated big-endian int8 values (`int8send`) into numbers (exact below 2^53). */
export function decodeInt64s(bytes: Buffer): Float64Array {
  const le = swappedCopy(bytes);
  const words = new Int32Array(le.buffer, 0, le.length / 4);
  const out = new Float64Array(le.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = (words[2 * i + 1] as number) * TWO_32 + ((words[2 * i] as number) >>> 0);
  return out;
}
