import { describe, expect, it } from "vitest";
import { LruCache } from "./lru-cache";

describe("LruCache", () => {
  it("stays bounded and evicts entries not used since they were queued", () => {
    const c = new LruCache<string, number>(2);
    c.set("a", 1);
    c.set("b", 2);
    expect(c.get("a")).toBe(1); // a gets a second chance
    c.set("c", 3);
    expect(c.size).toBe(2);
    expect(c.get("b")).toBeUndefined();
    expect(c.get("a")).toBe(1);
    expect(c.get("c")).toBe(3);
  });
  it("bounds the sum of weights when given a weight per entry", () => {
    const c = new LruCache<string, number[]>(10, (v) => v.length);
    c.set("a", [1, 2, 3, 4]);
    c.set("b", [1, 2, 3, 4]);
    c.set("c", [1, 2, 3]); // 11 > 10: a goes
    expect([c.get("a"), c.size]).toEqual([undefined, 2]);
    c.set("b", [1]); // replacing an entry replaces its weight: 4 in all
    c.set("d", [1, 2, 3, 4, 5, 6]);
    expect(c.size).toBe(3);
    c.set("huge", Array.from({ length: 20 }, () => 0)); // larger than the whole cache: kept alone
    expect([c.size, c.get("huge")?.length]).toEqual([1, 20]);
  });
  it("forgets on delete and clear", () => {
    const c = new LruCache<string, number>(3);
    c.set("a", 1);
    c.set("b", 2);
    c.delete("a");
    expect(c.get("a")).toBeUndefined();
    c.clear();
    expect(c.size).toBe(0);
  });
});
