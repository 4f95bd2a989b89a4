// Prometheus marks a vanished series with one specific NaN (value.StaleNaN). JavaScript keeps NaN payloads
// in object fields and typed arrays, but V8 sets the quiet bit when a NaN is stored in a plain double array
// (`[1.5, x]`), which turns 0x7ff0000000000002 into 0x7ff8000000000002: keep values in objects or
// Float64Array, and compare bits, never `Number.isNaN` alone.
const scratch = new Float64Array(1);
const scratchBits = new BigUint64Array(scratch.buffer);

/** The bit pattern of Prometheus's staleness marker. */
export const STALE_NAN_BITS = 0x7ff0000000000002n;

/** Prometheus's staleness marker as a number. */
export const STALE_NAN: number = (() => {
  scratchBits[0] = STALE_NAN_BITS;
  return scratch[0] as number;
})();

/** The IEEE-754 bits of a double. */
export function float64Bits(value: number): bigint {
  scratch[0] = value;
  return scratchBits[0] as bigint;
}

/** True only for the exact staleness-marker NaN, not for an ordinary NaN sample value. */
export function isStaleNaN(value: number): boolean {
  return value !== value && float64Bits(value) === STALE_NAN_BITS;
}
