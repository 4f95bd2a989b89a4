import { describe, expect, it } from "vitest";
import { float8ArrayParam, int8ArrayParam } from "./binary-arrays";
import { encodeBinaryCopy } from "./binary-copy";
import { decodeFloat8Array, decodeInt8Array } from "./decode-arrays";

const bitsOf = (f: Float64Array): bigint[] => Array.from(new BigUint64Array(f.buffer, f.byteOffset, f.length));
const fromBits = (xs: bigint[]): Float64Array => new Float64Array(new BigUint64Array(xs).buffer);

describe("binary encodings", () => {
  const values = fromBits([0x7ff0000000000002n, 0x7ff8000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 0x3ff8000000000000n]);
  const stamps = new Float64Array([1_732_406_400_123, -5, 0, 2 ** 53 - 1, 4_294_967_296]);

  it("lays out a binary COPY stream: signature, rows of three int8/int8/float8 fields, trailer", () => {
    const buf = encodeBinaryCopy({ seriesIds: new Float64Array([7]), timestamps: new Float64Array([-2]), values: values.subarray(0, 1), length: 1 });
    expect(buf.subarray(0, 11).toString("latin1")).toBe("PGCOPY\n\xff\r\n\0");
    expect(buf.length).toBe(19 + 38 + 2);
    expect(buf.readInt16BE(19)).toBe(3);
    expect(buf.readBigInt64BE(25)).toBe(7n);
    expect(buf.readBigInt64BE(37)).toBe(-2n);
    expect(buf.readBigUInt64BE(49)).toBe(0x7ff0000000000002n);
    expect(buf.readInt16BE(57)).toBe(-1);
  });

  it("round-trips int8 and float8 arrays bit-exactly through the binary array form, base64 as PostgreSQL wraps it", () => {
    const ints = int8ArrayParam(stamps, stamps.length);
    const floats = float8ArrayParam(values, values.length);
    expect(ints.readInt32BE(8)).toBe(20);
    expect(floats.readInt32BE(8)).toBe(701);
    // encode(..., 'base64') breaks lines every 76 characters.
    const asSent = (b: Buffer): string => b.toString("base64").replace(/.{76}/g, "$&\n");
    expect(asSent(floats)).toContain("\n");
    expect(Array.from(decodeInt8Array(asSent(ints)))).toEqual(Array.from(stamps));
    expect(bitsOf(decodeFloat8Array(asSent(floats)))).toEqual(bitsOf(values));
    const empty = Buffer.alloc(12); // array_send of an empty array: no dimensions
    expect(decodeFloat8Array(empty.toString("base64"))).toHaveLength(0);
  });
});
