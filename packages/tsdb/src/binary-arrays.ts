import type { SampleRows } from "./binary-copy";

const INT8_OID = 20;
const FLOAT8_OID = 701;
const TWO_32 = 4294967296;

function header(n: number, oid: number): Buffer {
  const buf = Buffer.allocUnsafe(20 + n * 12);
  buf.writeInt32BE(1, 0); // dimensions
  buf.writeInt32BE(0, 4); // no nulls
  buf.writeInt32BE(oid, 8);
  buf.writeInt32BE(n, 12);
  buf.writeInt32BE(1, 16); // lower bound
  return buf;
}

/** A one-dimensional int8[] in PostgreSQL's binary array format (node-postgres sends Buffer parameters as binary). */
export function int8ArrayParam(xs: Float64Array, n: number): Buffer {
  const buf = header(n, INT8_OID);
  for (let i = 0, o = 20; i < n; i++, o += 12) {
    const x = xs[i] as number;
    const hi = Math.floor(x / TWO_32);
    buf.writeInt32BE(8, o);
    buf.writeInt32BE(hi, o + 4);
    buf.writeUInt32BE(x - hi * TWO_32, o + 8);
  }
  return buf;
}

/** A one-dimensional float8[] in binary array format, values copied as raw bits so NaN payloads survive. */
export function float8ArrayParam(xs: Float64Array, n: number): Buffer {
  const buf = header(n, FLOAT8_OID);
  const bytes = new Uint8Array(xs.buffer, xs.byteOffset, n * 8);
  for (let i = 0, o = 20; i < n; i++, o += 12) {
    buf.writeInt32BE(8, o);
    for (let b = 0; b < 8; b++) buf[o + 4 + b] = bytes[i * 8 + 7 - b] as number;
  }
  return buf;
}

/** The rows as three binary array parameters for `unnest($1::int8[], $2::int8[], $3::float8[])`. */
export function sampleArrayParams(rows: SampleRows): [Buffer, Buffer, Buffer] {
  return [int8ArrayParam(rows.seriesIds, rows.length), int8ArrayParam(rows.timestamps, rows.length), float8ArrayParam(rows.values, rows.length)];
}
