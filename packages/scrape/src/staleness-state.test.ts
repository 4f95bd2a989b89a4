import { describe, expect, it } from "vitest";
import { MemoryStalenessState } from "./staleness-state";

describe("MemoryStalenessState", () => {
  it("forgets a target's keys once their TTL has passed", async () => {
    let now = 0;
    const state = new MemoryStalenessState(() => now);
    const keys = new Set(["a"]);
    await state.save("t", keys, 1000);
    now = 999;
    expect(await state.load("t")).toBe(keys);
    now = 1000;
    expect(await state.load("t")).toBeUndefined();
  });

  it("sweeps expired targets that are never loaded again", async () => {
    let now = 0;
    const state = new MemoryStalenessState(() => now);
    await state.save("removed", new Set(["a"]), 1000);
    now = 5000;
    await state.save("live", new Set(["b"]), 1000);
    now = 0;
    // Back in time, the removed target would still be valid had it not been swept.
    expect(await state.load("removed")).toBeUndefined();
    expect(await state.load("live")).toEqual(new Set(["b"]));
  });
});
