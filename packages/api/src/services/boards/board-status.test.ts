import { describe, expect, it } from "vitest";
import { boardStatus } from "./board-status";

const now = new Date("2026-11-24T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const board = (over: Partial<Parameters<typeof boardStatus>[0]>) => ({ lastSeenAt: null, lastScrapeAt: null, lastScrapeError: null, scrapeIntervalSeconds: 15, ...over });

describe("boardStatus", () => {
  it.each([
    ["never scraped", board({}), "never_seen"],
    ["scraped 10 s ago", board({ lastSeenAt: ago(10), lastScrapeAt: ago(10) }), "online"],
    ["last scrape failed", board({ lastSeenAt: ago(40), lastScrapeAt: ago(5), lastScrapeError: "connection refused" }), "failing"],
    ["never succeeded", board({ lastScrapeAt: ago(100), lastScrapeError: "timeout" }), "failing"],
    ["silent for 1 minute", board({ lastSeenAt: ago(60), lastScrapeAt: ago(60) }), "stale"],
    ["silent for 4 minutes", board({ lastSeenAt: ago(240) }), "stale"],
    ["silent for 10 minutes", board({ lastSeenAt: ago(600) }), "offline"],
    ["hourly board silent for 90 minutes", board({ lastSeenAt: ago(5400), scrapeIntervalSeconds: 3600 }), "online"],
  ] as const)("%s → %s", (_name, b, expected) => expect(boardStatus(b, now)).toBe(expected));
});
