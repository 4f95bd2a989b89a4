import { describe, expect, it } from "vitest";
import { isStaleNaN, STALE_NAN } from "./stale-marker";

describe("stale marker", () => {
  it("is the exact Prometheus bit pattern and only that NaN is recognised", () => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, STALE_NAN);
    expect(view.getBigUint64(0)).toBe(0x7ff0000000000002n);
    expect(isStaleNaN(STALE_NAN)).toBe(true);
    expect(isStaleNaN(Number.NaN)).toBe(false);
    expect(isStaleNaN(0)).toBe(false);
  });
});
