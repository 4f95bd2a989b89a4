const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
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

/** The binary COPY stream header: signature, flags, header extension length. */
export const COPY_HEADER = Buffer.concat([SIGNATURE, Buffer.alloc(8)]);
/** The binary COPY stream trailer (a tuple count of -1). */
export const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** Encodes rows [from, to) as binary COPY tuples; floats are copied as raw bits so NaN payloads survive. */
export function encodeCopyRows(rows: SampleRows, from: number, to: number): Buffer {
  const buf = Buffer.allocUnsafe((to - from) * ROW_BYTES);
  // Little-endian host bytes of the values, swapped per row below: no float conversion touches them.
  const valueBytes = new Uint8Array(rows.values.buffer, rows.values.byteOffset, rows.length * 8);
  let o = 0;
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
  return buf;
}

/** A whole binary COPY stream for `rows` (header, tuples, trailer). */
export function encodeBinaryCopy(rows: SampleRows): Buffer {
  return Buffer.concat([COPY_HEADER, encodeCopyRows(rows, 0, rows.length), COPY_TRAILER]);
}

/** Empty rows with room for `capacity` samples. */
export function emptyRows(capacity: number): SampleRows {
  return { seriesIds: new Float64Array(capacity), timestamps: new Float64Array(capacity), values: new Float64Array(capacity), length: 0 };
}

/** Appends one series' samples to `rows` (which must have room). */
export function appendSamples(rows: SampleRows, seriesId: number, samples: ReadonlyArray<{ t: number; v: number }>): void {
  for (const s of samples) {
    rows.seriesIds[rows.length] = seriesId;
    rows.timestamps[rows.length] = s.t;
    rows.values[rows.length] = s.v;
    rows.length++;
  }
}
