import { describe, expect, it } from "vitest";
import { layoutSeries, niceDomain, niceTicks, seriesPath } from "./series-paths";

const a = { labels: { s: "a" }, points: [{ t: 1000, v: 1 }, { t: 2000, v: 2 }, { t: 4000, v: 4 }] };
const b = { labels: { s: "b" }, points: [{ t: 2000, v: 10 }, { t: 3000, v: 30 }] };

describe("series layout", () => {
  it("puts series on their union of timestamps, NaN where a series has no point", () => {
    const l = layoutSeries([a, b], false);
    expect(l.times).toEqual([1000, 2000, 3000, 4000]);
    expect([...l.values[0]!]).toEqual([1, 2, NaN, 4]);
    expect([...l.values[1]!]).toEqual([NaN, 10, 30, NaN]);
    expect([l.min, l.max]).toEqual([0, 30]);
  });

  it("stacks: each series' band sits on the ones before it, missing values count as 0", () => {
    const l = layoutSeries([a, b], true);
    expect([...l.tops![0]!]).toEqual([1, 2, 0, 4]);
    expect([...l.tops![1]!]).toEqual([1, 12, 30, 4]);
    expect([l.min, l.max]).toEqual([0, 30]);
  });

  it("draws lines broken at gaps, and closed bands for areas", () => {
    const l = layoutSeries([a], false);
    const x = (t: number) => t / 1000;
    const y = (v: number) => 10 - v;
    expect(seriesPath(l.times, l.values[0]!, l.values[0]!, x, y, null)).toBe("M1.0,9.0L2.0,8.0L4.0,6.0");
    const gap = layoutSeries([a, b], false);
    expect(seriesPath(gap.times, gap.values[0]!, gap.values[0]!, x, y, null)).toBe("M1.0,9.0L2.0,8.0M4.0,6.0");
    expect(seriesPath(gap.times, gap.values[0]!, gap.values[0]!, x, y, () => 0)).toBe("M1.0,9.0L2.0,8.0L2.0,10.0L1.0,10.0ZM4.0,6.0L4.0,10.0Z");
  });

  it("has a usable range without data or with one value", () => {
    expect(layoutSeries([], false)).toMatchObject({ min: 0, max: 1 });
    expect(layoutSeries([{ labels: {}, points: [{ t: 1, v: 5 }] }], false)).toMatchObject({ min: 4, max: 6 });
    expect(niceDomain(33, 38)).toEqual([33, 38]);
    expect(niceDomain(33.2, 38.9)).toEqual([33, 39]);
    expect(niceDomain(0, 0.87)).toEqual([0, 1]);
    expect(niceDomain(1.2e9, 3.9e9)).toEqual([1e9, 4e9]);
    expect(niceTicks(0, 0.26)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25]);
    expect(niceTicks(40, 60)).toEqual([40, 45, 50, 55, 60]);
  });
});
