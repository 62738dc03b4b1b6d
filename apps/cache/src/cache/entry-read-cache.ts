import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';
import type { CacheEntryEntity } from '@simvault/entities';
import { BroadcastService } from '@simvault/queue';

const CHANNEL = 'simvault:cache:entries';
const CLEAR = '*';
const MAX_KEYS = 100_000;

interface Remembered {
  row: CacheEntryEntity | null;
  at: number;
}

/**
 * Lookups answered from memory for `SIMVAULT_CACHE_READ_CACHE_MS` (1 s): a hit then costs no
 * database round trip, which on these machines is most of a request. Expiry is still judged on
 * every lookup from the remembered row; any store, delete, invalidation or sweep drops what it
 * touches on every replica at once (Redis pub/sub, or in-process without Redis), so the window
 * for a stale answer is the time a broadcast takes, not the TTL.
 */
@Injectable()
export class EntryReadCache implements OnModuleInit {
  private readonly rows = new Map<string, Remembered>();
  private readonly ttlMs: number;

  constructor(
    private readonly broadcast: BroadcastService,
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
  ) {
    this.ttlMs = config.cache.readCacheMs;
  }

  async onModuleInit() {
    await this.broadcast.subscribe(CHANNEL, (message) => {
      if (message === CLEAR) this.rows.clear();
      else this.rows.delete(message);
    });
  }

  /** The remembered row (null = remembered absent), or undefined when it must be read. */
  get(key: string, nowMs = Date.now()): CacheEntryEntity | null | undefined {
    const remembered = this.rows.get(key);
    if (!remembered) return undefined;
    if (nowMs - remembered.at >= this.ttlMs) {
      this.rows.delete(key);
      return undefined;
    }
    return remembered.row;
  }

  remember(key: string, row: CacheEntryEntity | null, nowMs = Date.now()): void {
    if (this.ttlMs === 0) return;
    if (this.rows.size >= MAX_KEYS) this.rows.delete(this.rows.keys().next().value as string);
    this.rows.set(key, { row, at: nowMs });
  }

  /** One key changed (stored or deleted): forget it everywhere. */
  async changed(key: string): Promise<void> {
    this.rows.delete(key);
    await this.broadcast.publish(CHANNEL, key);
  }

  /** Many keys changed (invalidation, sweep, clear): forget everything everywhere. */
  async changedMany(): Promise<void> {
    this.rows.clear();
    await this.broadcast.publish(CHANNEL, CLEAR);
  }
}
