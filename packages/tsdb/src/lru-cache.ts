interface Slot<V> {
  value: V;
  used: boolean;
}

/**
 * A bounded cache with least-recently-used-like eviction ("second chance"): a hit only sets a flag, and
 * eviction re-queues flagged entries once. Hits stay cheap, which matters on the write path (one per series).
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, Slot<V>>();

  constructor(private readonly capacity: number) {
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
    this.map.delete(key);
    this.map.set(key, { value, used: false });
    while (this.map.size > this.capacity) {
      const [oldest, slot] = this.map.entries().next().value as [K, Slot<V>];
      this.map.delete(oldest);
      if (slot.used && oldest !== key) {
        slot.used = false;
        this.map.set(oldest, slot);
      }
    }
  }

  /** Forgets `key`. */
  delete(key: K): void {
    this.map.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
