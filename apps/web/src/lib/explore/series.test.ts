import { describe, expect, it } from "vitest";
import { seriesName } from "./series";

describe("seriesName", () => {
  it("names a series like Prometheus, labels sorted and quoted", () => {
    expect(seriesName({ mode: "idle", __name__: "node_cpu_seconds_total", cpu: "0" })).toBe('node_cpu_seconds_total{cpu="0", mode="idle"}');
  });

  it("names series without a metric name or without labels", () => {
    expect(seriesName({ mode: 'a"b' })).toBe('{mode="a\\"b"}');
    expect(seriesName({ __name__: "up" })).toBe("up");
    expect(seriesName({})).toBe("{}");
  });
});
