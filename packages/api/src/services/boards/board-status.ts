/** What the boards list shows for a board, derived from its last scrape or push. */
export type BoardStatus = "never_seen" | "online" | "failing" | "stale" | "offline";

/**
 * A board is online while it reported within two intervals; failing when its last scrape failed; stale up
 * to ten intervals (at least five minutes, Prometheus's lookback) after it was last seen; offline after that.
 */
export function boardStatus(
  board: { lastSeenAt: Date | null; lastScrapeAt: Date | null; lastScrapeError: string | null; scrapeIntervalSeconds: number },
  now: Date,
): BoardStatus {
  const intervalMs = board.scrapeIntervalSeconds * 1000;
  const recentScrapeFailed = board.lastScrapeError !== null && board.lastScrapeAt !== null && now.getTime() - board.lastScrapeAt.getTime() <= 2 * intervalMs;
  if (recentScrapeFailed) return "failing";
  if (!board.lastSeenAt) return board.lastScrapeAt ? "failing" : "never_seen";
  const age = now.getTime() - board.lastSeenAt.getTime();
  if (age <= 2 * intervalMs) return "online";
  if (age <= Math.max(10 * intervalMs, 5 * 60_000)) return "stale";
  return "offline";
}
