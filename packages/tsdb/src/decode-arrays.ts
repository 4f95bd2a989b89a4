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

/** The array header `array_send` writes before the elements of a one-dimensional array (each element: length, bytes). */
const ARRAY_HEADER_BYTES = 20;
const ELEMENT_STRIDE = 12;

function elementCount(bytes: Buffer): number {
  return bytes.readInt32BE(0) === 0 ? 0 : bytes.readInt32BE(12); // zero dimensions: an empty array
}

/** Decodes base64 `array_send` output of a float8[] without float conversion, so NaN payloads survive. */
export function decodeFloat8Array(base64: string): Float64Array {
  const bytes = Buffer.from(base64, "base64");
  const out = new Float64Array(elementCount(bytes));
  const le = new Uint8Array(out.buffer);
  for (let i = 0, src = ARRAY_HEADER_BYTES + 4, dst = 0; i < out.length; i++, src += ELEMENT_STRIDE, dst += 8) {
    for (let b = 0; b < 8; b++) le[dst + b] = bytes[src + 7 - b] as number;
  }
  return out;
}

/** Decodes base64 `array_send` output of an int8[] into numbers (exact below 2^53). */
export function decodeInt8Array(base64: string): Float64Array {
  const bytes = Buffer.from(base64, "base64");
  const out = new Float64Array(elementCount(bytes));
  for (let i = 0, src = ARRAY_HEADER_BYTES + 4; i < out.length; i++, src += ELEMENT_STRIDE) {
    out[i] = bytes.readInt32BE(src) * TWO_32 + bytes.readUInt32BE(src + 4);
  }
  return out;
}
