interface Slot<V> {
  value: V;
  used: boolean;
}

/**
 * A bounded cache with least-recently-used-like eviction ("second chance"): a hit only sets a flag, and
 * eviction re-queues flagged entries once. Hits stay cheap, which matters on the write path (one per series).
 * `capacity` bounds the sum of the entries' weights (by default 1 each: the number of entries).
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, Slot<V>>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {
    if (!(capacity > 0)) throw new RangeError("LruCache capacity must be positive");
  }

  /** The value for `key`, marking it recently used. */
  get(key: K): V | undefined {
    const slot = this.map.get(key);
    if (!slot) return undefined;
    slot.used = true;
    return slot.value;
  }

  /** Stores `value`, evicting a not-recently-used entry when full. */
  set(key: K, value: V): void {
    this.delete(key);
    this.map.set(key, { value, used: false });
    this.total += this.weigh(value);
    while (this.total > this.capacity && this.map.size > 1) {
      const [oldest, slot] = this.map.entries().next().value as [K, Slot<V>];
      this.map.delete(oldest);
      if (slot.used && oldest !== key) {
        slot.used = false;
        this.map.set(oldest, slot);
      } else this.total -= this.weigh(slot.value);
    }
  }

  /** Forgets `key`. */
  delete(key: K): void {
    const slot = this.map.get(key);
    if (!slot) return;
    this.map.delete(key);
    this.total -= this.weigh(slot.value);
  }

  /** Forgets everything. */
  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  get size(): number {
    return this.map.size;
  }
}
