import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { BoundedTtlMap, SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';
import type { CacheEntryEntity } from '@simvault/entities';
import { BroadcastService } from '@simvault/queue';

const CHANNEL = 'simvault:cache:entries';
const CLEAR = '*';
const MAX_KEYS = 100_000;

/**
 * Lookups answered from memory for `SIMVAULT_CACHE_READ_CACHE_MS` (1 s): a hit then costs no
 * database round trip, which on these machines is most of a request. Expiry is still judged on
 * every lookup from the remembered row; any store, delete, invalidation or sweep drops what it
 * touches on every replica at once (Redis pub/sub, or in-process without Redis), so the window
 * for a stale answer is the time a broadcast takes, not the TTL.
 *
 * A lookup that misses memory reads the row and then remembers it, with awaits in between: a
 * change of the key that lands in that gap must not be undone by the remember. So every change
 * (local or broadcast) takes the next number of a generation counter, recorded per key; a lookup
 * takes the current number before it reads (`generation()`), and `remember()` refuses a row read
 * before a later change of its key (or a later clear). The per-key record is bounded: when a key's
 * record is dropped, its number becomes a floor that refuses every older read.
 */
@Injectable()
export class EntryReadCache implements OnModuleInit {
  private readonly rows: BoundedTtlMap<string, CacheEntryEntity | null>;
  /** Number of the latest change seen. */
  private current = 0;
  /** Number of the latest change of each recently changed key (oldest first). */
  private readonly changes = new Map<string, number>();
  /** Reads older than this are refused for every key (a clear, or a dropped change record). */
  private floor = 0;

  constructor(
    private readonly broadcast: BroadcastService,
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
  ) {
    this.rows = new BoundedTtlMap(config.cache.readCacheMs, MAX_KEYS);
  }

  async onModuleInit() {
    await this.broadcast.subscribe(CHANNEL, (message) => {
      if (message === CLEAR) this.forgetAll();
      else this.forget(message);
    });
  }

  /** The generation to pass to `remember()`: take it before reading the row. */
  generation(): number {
    return this.current;
  }

  /** The remembered row (null = remembered absent), or undefined when it must be read. */
  get(key: string, nowMs = Date.now()): CacheEntryEntity | null | undefined {
    return this.rows.get(key, nowMs);
  }

  /** Remembers a row read at `generation`, unless its key (or everything) changed since. */
  remember(key: string, row: CacheEntryEntity | null, generation: number, nowMs = Date.now()): void {
    if (generation < this.floor || (this.changes.get(key) ?? 0) > generation) return;
    this.rows.set(key, row, nowMs);
  }

  /** One key changed (stored or deleted): forget it everywhere. */
  async changed(key: string): Promise<void> {
    this.forget(key);
    await this.broadcast.publish(CHANNEL, key);
  }

  /** Many keys changed (invalidation, sweep, clear): forget everything everywhere. */
  async changedMany(): Promise<void> {
    this.forgetAll();
    await this.broadcast.publish(CHANNEL, CLEAR);
  }

  private forget(key: string): void {
    this.rows.delete(key);
    this.changes.delete(key);
    this.changes.set(key, ++this.current);
    if (this.changes.size > MAX_KEYS) {
      const [oldest, number] = this.changes.entries().next().value as [string, number];
      this.changes.delete(oldest);
      this.floor = Math.max(this.floor, number);
    }
  }

  private forgetAll(): void {
    this.rows.clear();
    this.changes.clear();
    this.floor = ++this.current;
  }
}
