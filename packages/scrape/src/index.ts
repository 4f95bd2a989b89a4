export type { ScrapeOptions, ScrapeOutcome, ScrapeTarget } from "./types";
export { defaultStateKey, markTargetGone, scrape } from "./scrape";
export { ScrapeCache, type ScrapeCacheOptions } from "./scrape-cache";
export { closeScrapeConnections } from "./fetch-target";
export { MemoryStalenessState, type StalenessState } from "./staleness-state";
export { RedisStalenessState, type RedisStalenessStateOptions } from "./redis-staleness-state";
export { SCRAPER_VERSION } from "./version";
