/**
 * A map whose entries live `ttlMs` and of which at most `maxEntries` are kept: the one bounded
 * in-memory cache of the platform (the session verifier's rows, the cache app's read cache). When
 * full, the oldest insertion goes first, so memory stays bounded whatever the keys; an expired entry
 * is dropped when it is next read. A TTL of 0 keeps nothing.
 */
export class BoundedTtlMap<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value, or undefined when absent or older than the TTL. */
  get(key: K, nowMs = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (nowMs - entry.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V, nowMs = Date.now()): void {
    if (this.ttlMs <= 0) return;
    // Re-inserting moves the key to the young end, so eviction order is insertion order.
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, at: nowMs });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
