import { encodeRemoteWrite } from "@boardwatch/exposition";
import type { RemoteWriter } from "./remote-writer";
import { scrapeBatch, type ScrapeTarget } from "./scrape-batch";

export interface ScrapeLoopOptions {
  targets: readonly ScrapeTarget[];
  intervalMs: number;
  /** The `instance` label, the board's address as the server would have scraped it. */
  instance: string;
  writer: RemoteWriter;
  onError?: (job: string, error: unknown) => void;
  now?: () => number;
}

export interface ScrapeLoop {
  stop(): Promise<void>;
}

/**
 * Push mode's scraper: every interval, scrape all targets and queue one remote_write batch. Ticks stay on a
 * fixed grid; a tick that overruns skips the slots it missed instead of bunching scrapes together.
 */
export function startScrapeLoop(options: ScrapeLoopOptions): ScrapeLoop {
  const now = options.now ?? Date.now;
  const origin = now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();

  const tick = async () => {
    const batch = await scrapeBatch(options.targets, { instance: options.instance, timestampMs: now(), onError: options.onError });
    await options.writer.enqueue(encodeRemoteWrite(batch));
  };
  const schedule = () => {
    if (stopped) return;
    const elapsed = now() - origin;
    const next = (Math.floor(elapsed / options.intervalMs) + 1) * options.intervalMs;
    timer = setTimeout(() => {
      current = tick()
        .catch((error: unknown) => options.onError?.("push", error))
        .finally(schedule);
    }, next - elapsed);
  };
  current = tick()
    .catch((error: unknown) => options.onError?.("push", error))
    .finally(schedule);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
