/** The part of `localStorage` the history needs, so tests can pass a plain map. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** How many past queries are kept per user and tenant. */
export const HISTORY_LIMIT = 50;

/** History lives in the browser, one list per user and tenant, so one person never sees another's queries. */
export function historyKey(userId: string, tenant: string): string {
  return `boardwatch.explore.history:${userId}:${tenant}`;
}

/** The list with `query` moved (or added) to the front, at most `limit` long. */
export function addToHistory(entries: readonly string[], query: string, limit = HISTORY_LIMIT): string[] {
  const trimmed = query.trim();
  if (!trimmed) return [...entries];
  return [trimmed, ...entries.filter((e) => e !== trimmed)].slice(0, limit);
}

/** The stored history; anything unreadable (absent, corrupt, another shape) counts as empty. */
export function loadHistory(store: KeyValueStore, key: string): string[] {
  try {
    const value: unknown = JSON.parse(store.getItem(key) ?? "[]");
    return Array.isArray(value) ? value.filter((e): e is string => typeof e === "string") : [];
  } catch {
    return [];
  }
}

/** Records a run query and returns the new history. */
export function recordQuery(store: KeyValueStore, key: string, query: string): string[] {
  const entries = addToHistory(loadHistory(store, key), query);
  store.setItem(key, JSON.stringify(entries));
  return entries;
}
