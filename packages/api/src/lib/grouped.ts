interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for per-call statements: the calls that arrive while a flush runs wait and are then flushed
 * together, so under load one statement serves many callers (a worker's hundreds of scrapes a second), while a
 * lone call goes at once. No timer: the groups grow with the load. `flush` answers one result per item, in order;
 * if it throws, every call of that group fails with its error.
 */
export class Grouped<T, R> {
  private queue: Array<Waiting<T, R>> = [];
  private running = false;

  constructor(private readonly flush: (items: T[]) => Promise<R[]>) {}

  run(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    while (this.queue.length) {
      const group = this.queue;
      this.queue = [];
      try {
        const results = await this.flush(group.map((w) => w.item));
        group.forEach((w, i) => w.resolve(results[i] as R));
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    this.running = false;
  }
}
