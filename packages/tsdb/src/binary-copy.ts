const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER_BYTES = SIGNATURE.length + 8;
const ROW_BYTES = 2 + 3 * (4 + 8);
const TWO_32 = 4294967296;

/** Rows for `samples (series_id, t, v)` as parallel arrays. */
export interface SampleRows {
  seriesIds: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
  length: number;
}

function writeInt64(buf: Buffer, offset: number, x: number): void {
  const hi = Math.floor(x / TWO_32);
  buf.writeInt32BE(hi, offset);
  buf.writeUInt32BE(x - hi * TWO_32, offset + 4);
}

/** Encodes rows in PostgreSQL's binary COPY format; floats are copied as raw bits so NaN payloads survive. */
export function encodeBinaryCopy(rows: SampleRows): Buffer {
  const buf = Buffer.allocUnsafe(HEADER_BYTES + rows.length * ROW_BYTES + 2);
  SIGNATURE.copy(buf, 0);
  buf.writeInt32BE(0, SIGNATURE.length);
  buf.writeInt32BE(0, SIGNATURE.length + 4);
  // Little-endian host bytes of the values, swapped per row below: no float conversion touches them.
  const valueBytes = new Uint8Array(rows.values.buffer, rows.values.byteOffset, rows.length * 8);
  let o = HEADER_BYTES;
  for (let i = 0; i < rows.length; i++) {
    buf.writeInt16BE(3, o);
    buf.writeInt32BE(8, o + 2);
    writeInt64(buf, o + 6, rows.seriesIds[i] as number);
    buf.writeInt32BE(8, o + 14);
    writeInt64(buf, o + 18, rows.timestamps[i] as number);
    buf.writeInt32BE(8, o + 26);
    const src = i * 8;
    for (let b = 0; b < 8; b++) buf[o + 30 + b] = valueBytes[src + 7 - b] as number;
    o += ROW_BYTES;
  }
  buf.writeInt16BE(-1, o);
  return buf;
}
