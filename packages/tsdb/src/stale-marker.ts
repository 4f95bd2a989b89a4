/** Bit pattern of Prometheus's staleness marker (a signalling NaN). */
export const STALE_NAN_BITS = 0x7ff0000000000002n;

const scratch = new DataView(new ArrayBuffer(8));

/** The staleness marker as a number (bit-exact). */
export function staleNaN(): number {
  scratch.setBigUint64(0, STALE_NAN_BITS);
  return scratch.getFloat64(0);
}

/** True when `v` carries exactly the staleness marker's bits. */
export function isStaleNaN(v: number): boolean {
  scratch.setFloat64(0, v);
  return scratch.getBigUint64(0) === STALE_NAN_BITS;
}
