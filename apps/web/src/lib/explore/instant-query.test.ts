import { describe, expect, it } from "vitest";
import { tableRows } from "./instant-query";

describe("tableRows", () => {
  it("gives one row per vector element with its exact value", () => {
    expect(tableRows({ resultType: "vector", result: [{ metric: { job: "a" }, value: [1700000000.5, "0.1"] }] })).toEqual([
      { labels: { job: "a" }, samples: [{ t: 1700000000500, v: "0.1" }] },
    ]);
  });

  it("lists every sample of a range vector", () => {
    const rows = tableRows({ resultType: "matrix", result: [{ metric: { job: "a" }, values: [[10, "1"], [25, "2"]] }] });
    expect(rows[0]!.samples).toEqual([{ t: 10_000, v: "1" }, { t: 25_000, v: "2" }]);
  });

  it("shows scalars and strings as one row without labels", () => {
    expect(tableRows({ resultType: "scalar", result: [5, "42"] })).toEqual([{ labels: {}, samples: [{ t: 5000, v: "42" }] }]);
    expect(tableRows({ resultType: "string", result: [5, "hi"] })).toEqual([{ labels: {}, samples: [{ t: 5000, v: "hi" }] }]);
  });
});
