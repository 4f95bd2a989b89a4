import { describe, expect, it } from "vitest";
import { decodeView, encodeView } from "./url-state";

const saved = { time: { range: "6h" as const }, refresh: "1m" as const };

describe("dashboard URL state", () => {
  it("round-trips range, refresh and multi-value variables", () => {
    const view = { range: { kind: "relative" as const, range: "24h" as const }, refresh: "30s" as const, variables: { board: ["pi-1", "pi-2"], mode: ["$__all"] } };
    const params = encodeView(view);
    expect(params.toString()).toBe("range=24h&refresh=30s&var-board=pi-1&var-board=pi-2&var-mode=%24__all");
    expect(decodeView(params, saved)).toEqual(view);
  });

  it("keeps absolute ranges to the millisecond and falls back to the dashboard's defaults", () => {
    const view = { range: { kind: "absolute" as const, fromMs: 1_700_000_000_000, toMs: 1_700_000_360_000 }, refresh: "off" as const, variables: {} };
    expect(decodeView(encodeView(view), saved)).toEqual(view);
    expect(decodeView(new URLSearchParams("range=bogus&refresh=2s"), saved)).toEqual({ range: { kind: "relative", range: "6h" }, refresh: "1m", variables: {} });
  });
});
