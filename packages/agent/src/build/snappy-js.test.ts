import { compressSync as nativeCompress, uncompressSync as nativeUncompress } from "snappy";
import { describe, expect, it } from "vitest";
import { compressSync, uncompressSync } from "./snappy-js";

describe("pure-JS snappy used by the bundle", () => {
  it("round-trips with the native snappy both ways", () => {
    const input = Buffer.from("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 1234.5\n".repeat(200));
    expect(Buffer.from(nativeUncompress(compressSync(input)) as Buffer)).toEqual(input);
    expect(uncompressSync(nativeCompress(input))).toEqual(input);
  });
});
