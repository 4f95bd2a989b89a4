import { describe, expect, it } from "vitest";
import { mergeParts, type SamplePart } from "./sample-parts";
import { STALE_NAN_BITS } from "./stale-marker";

const part = (lo: number | null, ts: number[], vs: number[]): SamplePart => ({ lo, timestamps: Float64Array.from(ts), values: Float64Array.from(vs) });
const bitsOf = (xs: Float64Array): string[] => Array.from(new BigUint64Array(xs.buffer, xs.byteOffset, xs.length), (b) => b.toString(16));

describe("mergeParts", () => {
  it("trims blocks to the range and joins them in time order with the raw samples after them", () => {
    const merged = mergeParts([part(null, [90, 100], [9, 10]), part(40, [40, 50, 60], [4, 5, 6]), part(0, [0, 10, 20], [0, 1, 2])], 10, 95);
    expect(Array.from(merged.timestamps)).toEqual([10, 20, 40, 50, 60, 90]);
    expect(Array.from(merged.values)).toEqual([1, 2, 4, 5, 6, 9]);
  });

  it("merges late raw samples into a block, the block's value winning a shared timestamp, NaN payloads kept", () => {
    const block = part(0, [0, 10, 20, 30], [0, 1, 0, 3]);
    new BigUint64Array(block.values.buffer)[2] = STALE_NAN_BITS; // set as bits: a number would pass through the FPU
    const merged = mergeParts([part(null, [5, 10, 25], [0.5, 99, 2.5]), block], 0, 30);
    expect(Array.from(merged.timestamps)).toEqual([0, 5, 10, 20, 25, 30]);
    expect(Array.from(merged.values).filter((v) => !Number.isNaN(v))).toEqual([0, 0.5, 1, 2.5, 3]);
    expect(bitsOf(merged.values)[3]).toBe("7ff0000000000002");
  });

  it("puts raw samples that arrive out of time order in order, values moving with their timestamps", () => {
    const raw = part(null, [30, 10, 20], [3, 1, 0]);
    new BigUint64Array(raw.values.buffer)[2] = STALE_NAN_BITS;
    const merged = mergeParts([raw], 0, 30);
    expect(Array.from(merged.timestamps)).toEqual([10, 20, 30]);
    expect(bitsOf(merged.values)).toEqual([bitsOf(Float64Array.of(1))[0], "7ff0000000000002", bitsOf(Float64Array.of(3))[0]]);
  });

  it("answers nothing for parts outside the range", () => {
    expect(mergeParts([part(0, [0, 10], [1, 2])], 11, 20).timestamps.length).toBe(0);
  });
});
