import { findScrapeTarget, getSampleStore, recordScrapeResult } from "@boardwatch/api";
import { markTargetGone, ScrapeCache, scrape, type ScrapeTarget } from "@boardwatch/scrape";
import { LimitError } from "@boardwatch/tsdb";
import { z } from "zod";
import { env } from "../env";
import { scrapeDurations } from "../metrics";
import { scrapeScheduled } from "../scheduling/reconcile-scrape-schedules";
import { rememberTarget, scrapeStateKey, stalenessState } from "../scheduling/scrape-state";
import { defineJob } from "./job";

// Per-target limits, as Prometheus's scrape config would set them.
const LIMITS = { sampleLimit: 50_000, labelLimit: 64, labelNameLengthLimit: 256, labelValueLengthLimit: 2048, bodySizeLimitBytes: 32 * 1024 * 1024 };

// Keeps each series' label object across scrapes, so parsing and the store's series lookup stay cheap.
const cache = new ScrapeCache({ maxSeries: env.SCRAPE_CACHE_SERIES });

/**
 * Scrapes one target of a board once: the agent's own metrics (job "node", whose outcome is the board's
 * status) or one relayed exporter (`?job=<relay>`, under that job). Fetch, parse, label, store.
 */
export const scrapeJob = defineJob({
  name: "scrape",
  schema: z.object({ boardId: z.string().min(1), relay: z.string().min(1).optional() }),
  attempts: 1,
  async handler({ boardId, relay }, ctx) {
    const target = await findScrapeTarget({ db: ctx.db }, boardId);
    if (!target) return { skipped: "board gone, in push mode or revoked" };
    if (relay && !target.relays.includes(relay)) return { skipped: `relay ${relay} no longer configured` };
    const url = relay ? `${target.url}${target.url.includes("?") ? "&" : "?"}job=${encodeURIComponent(relay)}` : target.url;
    const scrapeTarget: ScrapeTarget = {
      url,
      job: relay ?? "node",
      instance: new URL(target.url).host,
      targetLabels: { ...target.labels, board: target.name },
      honorLabels: false,
      timeoutMs: target.timeoutMs,
      intervalMs: target.intervalMs,
      bearerToken: target.credential,
      ...LIMITS,
    };
    const stateKey = scrapeStateKey(boardId, relay);
    const outcome = await scrape(scrapeTarget, stalenessState(ctx.redis, ctx.keyPrefix), { stateKey, cache });
    let error = outcome.error ?? null;
    const store = await getSampleStore();
    try {
      await store.write(target.tenantId, outcome.writes);
      await store.writeMetadata(target.tenantId, outcome.metadata);
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      error = `samples rejected by the tenant's ${e.limit} limit: ${e.message}`;
    }
    // The board left while this scrape was in flight: the reconciler may have written its staleness markers
    // already, before these samples, so end the series again after them (as Prometheus stops a scrape loop).
    if (!(await scrapeScheduled(ctx.redis, ctx.scrapeQueue, boardId, relay))) {
      await store.write(target.tenantId, await markTargetGone(scrapeTarget, stalenessState(ctx.redis, ctx.keyPrefix), { stateKey }));
      return { up: outcome.up, samples: outcome.samplesScraped, gone: true };
    }
    // Without the credential: what is remembered only serves to label staleness markers.
    await rememberTarget(ctx.redis, ctx.keyPrefix, stateKey, { tenantId: target.tenantId, target: { ...scrapeTarget, bearerToken: undefined } });
    scrapeDurations.observe({ outcome: outcome.up ? "up" : "down" }, outcome.durationMs / 1000);
    if (relay) return { up: outcome.up, samples: outcome.samplesScraped };
    await recordScrapeResult({ db: ctx.db }, boardId, {
      at: new Date(outcome.scrapeTimeMs),
      durationMs: Math.round(outcome.durationMs),
      error,
      seriesCount: outcome.samplesPostRelabeling,
    });
    return { up: outcome.up, samples: outcome.samplesScraped };
  },
});
