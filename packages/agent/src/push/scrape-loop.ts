import { encodeRemoteWrite } from "@boardwatch/exposition";
import type { RemoteWriter } from "./remote-writer";
import { scrapeBatch, type ScrapeTarget } from "./scrape-batch";

export interface ScrapeLoopOptions {
  targets: readonly ScrapeTarget[];
  intervalMs: number;
  /** The `instance` label, the board's address as the server would have scraped it. */
  instance: string;
  writer: RemoteWriter;
  /** Called with what failed ("scrape of job node", "queueing a batch") and why; the loop goes on. */
  onError?: (what: string, error: unknown) => void;
}

export interface ScrapeLoop {
  stop(): Promise<void>;
}

/**
 * Push mode's scraper: every interval, scrape all targets and queue one remote_write batch. Ticks stay on a
 * fixed grid; a tick that overruns skips the slots it missed instead of bunching scrapes together.
 */
export function startScrapeLoop(options: ScrapeLoopOptions): ScrapeLoop {
  const origin = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();

  const tick = async () => {
    const batch = await scrapeBatch(options.targets, {
      instance: options.instance,
      timestampMs: Date.now(),
      onError: (job, error) => options.onError?.(`scrape of job ${job}`, error),
    });
    await options.writer.enqueue(encodeRemoteWrite(batch));
  };
  const run = () => {
    current = tick()
      .catch((error: unknown) => options.onError?.("queueing a batch", error))
      .finally(schedule);
  };
  const schedule = () => {
    if (stopped) return;
    const elapsed = Date.now() - origin;
    const next = (Math.floor(elapsed / options.intervalMs) + 1) * options.intervalMs;
    timer = setTimeout(run, next - elapsed);
  };
  run();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
