import { describe, expect, it } from "vitest";
import { addToHistory, historyKey, loadHistory, recordQuery, type KeyValueStore } from "./history";

function memoryStore(initial: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe("query history", () => {
  it("puts the latest query first without duplicates", () => {
    expect(addToHistory(["b", "a"], "a")).toEqual(["a", "b"]);
    expect(addToHistory(["a"], "  c \n")).toEqual(["c", "a"]);
  });

  it("ignores blank queries and keeps at most the limit", () => {
    expect(addToHistory(["a"], "   ")).toEqual(["a"]);
    expect(addToHistory(["c", "b", "a"], "d", 3)).toEqual(["d", "c", "b"]);
  });

  it("keeps one list per user and tenant", () => {
    const store = memoryStore();
    recordQuery(store, historyKey("u1", "acme"), "up");
    recordQuery(store, historyKey("u2", "acme"), "node_load1");
    recordQuery(store, historyKey("u1", "other"), "rate(x[5m])");
    expect(loadHistory(store, historyKey("u1", "acme"))).toEqual(["up"]);
    expect(loadHistory(store, historyKey("u2", "acme"))).toEqual(["node_load1"]);
    expect(recordQuery(store, historyKey("u1", "acme"), "sum(up)")).toEqual(["sum(up)", "up"]);
  });

  it("treats corrupt or foreign stored values as empty", () => {
    const key = historyKey("u", "t");
    expect(loadHistory(memoryStore({ [key]: "{not json" }), key)).toEqual([]);
    expect(loadHistory(memoryStore({ [key]: '{"a":1}' }), key)).toEqual([]);
    expect(loadHistory(memoryStore({ [key]: '["up", 3, null]' }), key)).toEqual(["up"]);
  });
});
