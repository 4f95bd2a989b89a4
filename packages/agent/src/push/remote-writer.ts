import { EventEmitter } from "node:events";
import { family, type Collector } from "../metrics/types";
import { sendRemoteWrite, type RemoteWriteTarget, type SendOutcome } from "./remote-write-client";
import type { Spool } from "./spool";

export interface RemoteWriterOptions extends RemoteWriteTarget {
  spool: Spool;
  minBackoffMs: number;
  maxBackoffMs: number;
  log: (message: string) => void;
}

/**
 * Sends spooled batches oldest first, one at a time, so the server sees samples in order. A batch leaves
 * the spool only once the server stored it (2xx) or refused it for good (4xx other than 429); anything else
 * (429, 5xx, network) keeps it at the head and retries with exponential backoff.
 */
export class RemoteWriter extends EventEmitter<{ sent: []; rejected: [message: string]; retry: [message: string] }> {
  readonly #options: RemoteWriterOptions;
  #stopped = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #sent = 0;
  #rejected = 0;
  #failures = 0;

  constructor(options: RemoteWriterOptions) {
    super();
    this.#options = options;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Queues a batch behind the backlog and wakes the sender. */
  async enqueue(body: Buffer): Promise<void> {
    await this.#options.spool.append(body);
    this.#wake?.();
  }

  /** Stops after the send in flight, if any; unsent batches stay in the spool (on disk once spilled). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
    await this.#options.spool.spill();
  }

  async #run(): Promise<void> {
    const { spool, minBackoffMs, maxBackoffMs, log } = this.#options;
    let backoff = minBackoffMs;
    while (!this.#stopped) {
      const entry = spool.oldest();
      if (!entry) {
        await this.#idle();
        continue;
      }
      const body = await spool.read(entry).catch((error: unknown) => {
        // ENOENT: dropped by the size bound between oldest() and read(). Anything else: an unreadable
        // batch, which would block the queue forever if kept.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") log(`dropping unreadable buffered batch: ${(error as Error).message}`);
        return undefined;
      });
      if (body === undefined) {
        await spool.remove(entry);
        continue;
      }
      const outcome: SendOutcome = await sendRemoteWrite(this.#options, body);
      if (outcome.kind === "ok") {
        // A backoff above its floor means the previous attempt failed.
        if (backoff !== minBackoffMs) log(`remote write recovered, ${spool.length - 1} batches still buffered`);
        await spool.remove(entry);
        this.#sent++;
        backoff = minBackoffMs;
        this.emit("sent");
      } else if (outcome.kind === "rejected") {
        await spool.remove(entry);
        this.#rejected++;
        log(`remote write refused a batch, dropping it: ${outcome.message}`);
        this.emit("rejected", outcome.message);
      } else {
        this.#failures++;
        if (!spool.spilled) log(`remote write failed, buffering to disk: ${outcome.message}`);
        // A full or read-only disk leaves the backlog in memory, still bounded, rather than stopping sends.
        await spool.spill().catch((error: unknown) => log(`cannot buffer to disk: ${(error as Error).message}`));
        this.emit("retry", outcome.message);
        await this.#idle(backoff);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  }

  // Waits for an enqueue or stop, or for `ms` when given (backoff, which an enqueue does not cut short).
  #idle(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.#wake = ms === undefined ? done : () => this.#stopped && done();
    });
  }

  /** The agent's remote write metrics, pushed along with everything else. */
  collector(): Collector {
    return {
      name: "remote_write",
      collect: async () => {
        const { spool } = this.#options;
        return [
          family("boardwatch_agent_remote_write_sent_batches_total", "Batches the server stored.", "counter", [{ labels: [], value: this.#sent }]),
          family("boardwatch_agent_remote_write_rejected_batches_total", "Batches the server refused with a 4xx and that were dropped.", "counter", [
            { labels: [], value: this.#rejected },
          ]),
          family("boardwatch_agent_remote_write_dropped_batches_total", "Oldest batches dropped because the buffer was full.", "counter", [
            { labels: [], value: spool.dropped },
          ]),
          family("boardwatch_agent_remote_write_failed_attempts_total", "Sends that failed and will be retried.", "counter", [
            { labels: [], value: this.#failures },
          ]),
          family("boardwatch_agent_remote_write_pending_batches", "Batches waiting to be sent.", "gauge", [{ labels: [], value: spool.length }]),
          family("boardwatch_agent_remote_write_pending_bytes", "Bytes of batches waiting to be sent.", "gauge", [{ labels: [], value: spool.bytes }]),
        ];
      },
    };
  }
}
