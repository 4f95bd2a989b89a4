import { decodeRemoteWrite, encodeRemoteWrite, type WriteRequest } from "@boardwatch/exposition";
import { describe, expect, it } from "vitest";
import { compressSync, uncompressSync } from "./snappy-js";

describe("pure-JS snappy used by the bundle", () => {
  it("reads what the native snappy wrote and writes what it reads", () => {
    const request: WriteRequest = {
      timeseries: Array.from({ length: 50 }, (_, i) => ({
        labels: [["__name__", "node_cpu_seconds_total"], ["cpu", String(i)], ["mode", "idle"]],
        samples: [{ value: 1234.5 + i, timestampMs: 1_700_000_000_000 }],
      })),
      metadata: [],
    };
    // encodeRemoteWrite and decodeRemoteWrite use the native addon in tests; the bundle swaps in snappy-js.
    const recompressed = compressSync(uncompressSync(encodeRemoteWrite(request)));
    expect(decodeRemoteWrite(recompressed)).toEqual(request);
  });
});
