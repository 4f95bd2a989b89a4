import { describe, expect, it } from "vitest";
import { DEFAULT_STATE, decodeState, encodeState, type ExploreState } from "./url-state";

describe("URL state", () => {
  it("encodes query, range, step, tab and unit as readable parameters", () => {
    const state: ExploreState = { query: 'rate(x{a="b"}[5m])', range: { kind: "relative", range: "6h" }, step: { kind: "fixed", seconds: 60 }, tab: "table", unit: "bytes" };
    expect(encodeState(state).toString()).toBe("q=rate%28x%7Ba%3D%22b%22%7D%5B5m%5D%29&range=6h&step=1m&tab=table&unit=bytes");
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it("round-trips an absolute range in UTC", () => {
    const state: ExploreState = { ...DEFAULT_STATE, query: "up", range: { kind: "absolute", fromMs: Date.UTC(2026, 10, 24, 18), toMs: Date.UTC(2026, 10, 24, 19, 30) } };
    const params = encodeState(state);
    expect(params.get("from")).toBe("2026-11-24T18:00:00.000Z");
    expect(params.get("to")).toBe("2026-11-24T19:30:00.000Z");
    expect(params.has("range")).toBe(false);
    expect(decodeState(params)).toEqual(state);
  });

  it("takes defaults for missing parameters", () => {
    expect(decodeState(new URLSearchParams())).toEqual(DEFAULT_STATE);
    expect(encodeState(DEFAULT_STATE).toString()).toBe("q=&range=1h&step=auto&tab=graph&unit=none");
  });

  it("ignores invalid parameters instead of failing", () => {
    const params = new URLSearchParams({ q: "up", range: "13m", step: "fast", tab: "pie", unit: "furlongs", from: "2026-11-24T19:00:00Z", to: "yesterday" });
    expect(decodeState(params)).toEqual({ ...DEFAULT_STATE, query: "up" });
  });

  it("rejects an absolute range that ends before it starts", () => {
    const params = new URLSearchParams({ from: "2026-11-24T19:00:00Z", to: "2026-11-24T18:00:00Z", range: "5m" });
    expect(decodeState(params).range).toEqual({ kind: "relative", range: "5m" });
  });

  it("rounds a fixed step to whole seconds", () => {
    expect(decodeState(new URLSearchParams({ step: "500ms" })).step).toEqual({ kind: "fixed", seconds: 1 });
    expect(decodeState(new URLSearchParams({ step: "1m30s" })).step).toEqual({ kind: "fixed", seconds: 90 });
  });
});
