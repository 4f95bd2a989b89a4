import { describe, expect, it } from "vitest";
import { Grouped } from "./grouped";

describe("Grouped", () => {
  it("runs a lone call at once and groups the calls that arrive while a flush runs", async () => {
    const flushed: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const grouped = new Grouped<number, number>(async (items) => {
      flushed.push(items);
      if (flushed.length === 1) await gate;
      return items.map((x) => x * 10);
    });
    const first = grouped.run(1);
    const rest = [grouped.run(2), grouped.run(3), grouped.run(4)];
    expect(flushed).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(flushed).toEqual([[1], [2, 3, 4]]);
  });

  it("fails every call of a failed group with its error and goes on with the next group", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let flushes = 0;
    const grouped = new Grouped<string, string>(async (items) => {
      flushes++;
      if (flushes === 1) await gate;
      if (flushes === 2) throw new Error("database down");
      return items.map((x) => x.toUpperCase());
    });
    const first = grouped.run("a");
    const failed = [grouped.run("b"), grouped.run("c")];
    release();
    expect(await first).toBe("A");
    const results = await Promise.allSettled(failed);
    expect(results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : r.value))).toEqual(["database down", "database down"]);
    expect(await grouped.run("d")).toBe("D");
  });
});
