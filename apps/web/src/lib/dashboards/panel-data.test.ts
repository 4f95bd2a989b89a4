import { describe, expect, it } from "vitest";
import { reduce, thresholdColor } from "./panel-data";

describe("panel values", () => {
  const points = [{ v: 3 }, { v: NaN }, { v: 1 }, { v: 8 }];
  it.each([["last", 8], ["first", 3], ["mean", 4], ["max", 8], ["min", 1], ["sum", 12]] as const)("%s", (how, expected) => expect(reduce(points, how)).toBe(expected));
  it("is NaN without finite points", () => expect(reduce([{ v: NaN }], "last")).toBeNaN());
  it("takes the colour of the highest threshold reached", () => {
    const steps = [{ value: null, color: "#0f0" }, { value: 70, color: "#ff0" }, { value: 90, color: "#f00" }];
    expect([10, 70, 89.9, 95, NaN].map((v) => thresholdColor(v, steps))).toEqual(["#0f0", "#ff0", "#ff0", "#f00", "#0f0"]);
  });
});
