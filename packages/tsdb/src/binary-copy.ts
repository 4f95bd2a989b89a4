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

/**
 * Encodes rows [from, to) in PostgreSQL's binary COPY format, with the header when `from` is 0 and the
 * trailer when `to` is the end; floats are copied as raw bits so NaN payloads survive.
 */
export function encodeBinaryCopy(rows: SampleRows, from = 0, to = rows.length): Buffer {
  const head = from === 0 ? HEADER_BYTES : 0;
  const buf = Buffer.allocUnsafe(head + (to - from) * ROW_BYTES + (to === rows.length ? 2 : 0));
  if (head) {
    SIGNATURE.copy(buf, 0);
    buf.writeInt32BE(0, SIGNATURE.length);
    buf.writeInt32BE(0, SIGNATURE.length + 4);
  }
  // Little-endian host bytes of the values, swapped per row below: no float conversion touches them.
  const valueBytes = new Uint8Array(rows.values.buffer, rows.values.byteOffset, rows.length * 8);
  let o = head;
  for (let i = from; i < to; i++) {
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
  if (to === rows.length) buf.writeInt16BE(-1, o);
  return buf;
}
