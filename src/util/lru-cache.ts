// A least-recently-used set of keys, each with a size, under a capacity: the simulator's caches, and mmload plan's.

export class LruCache<K = string> {
  /** Map order is recency order: the first key is the least recently used. */
  private readonly sizes = new Map<K, number>();
  private used = 0;

  constructor(readonly capacity: number) {}

  /** True when `key` is held, which makes it the most recently used. */
  touch(key: K): boolean {
    const size = this.sizes.get(key);
    if (size === undefined) return false;
    this.sizes.delete(key);
    this.sizes.set(key, size);
    return true;
  }

  /** Forgets every key. */
  clear(): void {
    this.sizes.clear();
    this.used = 0;
  }

  /** Holds `key`, evicting the least recently used keys to make room; an item bigger than the whole cache is not held. */
  add(key: K, size: number): void {
    if (size > this.capacity || this.touch(key)) return;
    for (const [oldest, oldSize] of this.sizes) {
      if (this.used + size <= this.capacity) break;
      this.sizes.delete(oldest);
      this.used -= oldSize;
    }
    this.sizes.set(key, size);
    this.used += size;
  }
}
