import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A batch waiting to be sent: in memory while the server keeps up, on disk once it does not. */
export interface SpoolEntry {
  seq: number;
  size: number;
  body: Buffer | undefined;
  onDisk: boolean;
}

const SUFFIX = ".rw";

/**
 * The ordered backlog of remote_write batches. While sends succeed batches stay in memory, sparing the SD
 * card a write per scrape; the first retryable failure spills the backlog to one file per batch, named by
 * a sequence number so that replay after a restart keeps the order. The total size is bounded: the oldest
 * batches are dropped first (and counted), since recent data matters most when a board comes back.
 */
export class Spool {
  readonly #dir: string;
  readonly #maxBytes: number;
  #entries: SpoolEntry[] = [];
  #nextSeq = 0;
  #bytes = 0;
  #dropped = 0;
  // The scrape loop appends while the sender removes and spills; file operations run one at a time so a
  // batch is never persisted twice or unlinked while being written.
  #lock: Promise<unknown> = Promise.resolve();

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#lock.then(operation);
    this.#lock = result.catch(() => {});
    return result;
  }

  constructor(options: { dir: string; maxBytes: number }) {
    this.#dir = options.dir;
    this.#maxBytes = options.maxBytes;
  }

  /** Loads batches left by a previous run; leftovers of interrupted writes are removed. */
  async open(): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const names = await readdir(this.#dir);
    for (const name of names.filter((n) => n.endsWith(".tmp"))) await unlink(join(this.#dir, name));
    const seqs = names
      .filter((n) => /^\d+\.rw$/.test(n))
      .map((n) => Number(n.slice(0, -SUFFIX.length)))
      .sort((a, b) => a - b);
    for (const seq of seqs) {
      const { size } = await stat(this.#path(seq));
      this.#entries.push({ seq, size, body: undefined, onDisk: true });
      this.#bytes += size;
    }
    this.#nextSeq = (seqs.at(-1) ?? -1) + 1;
    await this.#enforceBound();
  }

  get length(): number {
    return this.#entries.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Batches dropped because the bound was reached. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Whether any batch waits on disk: new batches then go to disk too, behind them. */
  get spilled(): boolean {
    return this.#entries.some((e) => e.onDisk);
  }

  append(body: Buffer): Promise<void> {
    return this.#exclusive(async () => {
      const entry: SpoolEntry = { seq: this.#nextSeq++, size: body.byteLength, body, onDisk: false };
      this.#entries.push(entry);
      this.#bytes += entry.size;
      if (this.spilled) await this.#persist(entry);
      await this.#enforceBound();
    });
  }

  /** Writes every in-memory batch to disk, in order: called when the server stops accepting. */
  spill(): Promise<void> {
    return this.#exclusive(async () => {
      for (const entry of this.#entries) if (!entry.onDisk) await this.#persist(entry);
    });
  }

  oldest(): SpoolEntry | undefined {
    return this.#entries[0];
  }

  async read(entry: SpoolEntry): Promise<Buffer> {
    return entry.body ?? readFile(this.#path(entry.seq));
  }

  /** Forgets a batch (sent or refused). A batch already dropped by the bound is ignored. */
  remove(entry: SpoolEntry): Promise<void> {
    return this.#exclusive(() => this.#remove(entry));
  }

  async #remove(entry: SpoolEntry): Promise<void> {
    const index = this.#entries.indexOf(entry);
    if (index === -1) return;
    this.#entries.splice(index, 1);
    this.#bytes -= entry.size;
    if (entry.onDisk) await unlink(this.#path(entry.seq)).catch(ignoreMissing);
  }

  // Written under a temporary name and renamed, so a power cut never leaves a truncated batch to replay.
  async #persist(entry: SpoolEntry): Promise<void> {
    if (entry.onDisk || entry.body === undefined) return;
    const temporary = `${this.#path(entry.seq)}.tmp`;
    await writeFile(temporary, entry.body, { mode: 0o600 });
    await rename(temporary, this.#path(entry.seq));
    entry.onDisk = true;
    entry.body = undefined;
  }

  // The newest batch always stays, even alone over the bound: dropping what was just scraped helps nobody.
  async #enforceBound(): Promise<void> {
    while (this.#bytes > this.#maxBytes && this.#entries.length > 1) {
      const oldest = this.#entries[0];
      if (!oldest) break;
      await this.#remove(oldest);
      this.#dropped++;
    }
  }

  #path(seq: number): string {
    return join(this.#dir, `${String(seq).padStart(16, "0")}${SUFFIX}`);
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}
