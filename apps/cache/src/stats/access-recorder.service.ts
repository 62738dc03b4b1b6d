import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SIMVAULT_CONFIG, SIMVAULT_LOGGER, type Logger, type SimvaultConfig } from '@simvault/core';
import type { CacheEntryEntity } from '@simvault/entities';
import { CacheRepository } from '../cache/cache.repository';

interface EntryDelta {
  hits: number;
  accesses: number;
  last: Date;
}

interface CounterDelta {
  requests: number;
  hits: number;
  misses: number;
  saved: number;
}

export const OVERALL = '*';
export const simulationScope = (id: number) => `sim:${id}`;
/**
 * The counter of the hour `at` falls in (UTC): `hour:2026-12-02T17`. The statistics' time series is
 * these rows; their names sort in time order, so a range of hours is a range of the primary key.
 */
export const hourScope = (at: Date) => `hour:${at.toISOString().slice(0, 13)}`;
export const HOUR_SCOPE_PREFIX = 'hour:';

/**
 * Hit counters and access times, written behind. A lookup only touches memory; every
 * `SIMVAULT_CACHE_FLUSH_MS` (and before statistics are read, and at shutdown) everything
 * gathered is written in one transaction: one UPDATE per touched key, one upsert per counter.
 */
@Injectable()
export class AccessRecorder implements OnModuleInit, OnApplicationShutdown {
  private entries = new Map<string, EntryDelta>();
  private counters = new Map<string, CounterDelta>();
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: CacheRepository,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    this.timer = setInterval(
      () =>
        void this.flush().catch((e) => this.logger.error({ err: String(e) }, 'cache counter flush failed')),
      this.config.cache.flushMs,
    );
    this.timer.unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.flush();
  }

  hit(entry: CacheEntryEntity, now: Date): void {
    this.touch(entry.cacheKey, now, true);
    const saved = entry.computeSeconds ?? 0;
    this.count(OVERALL, 1, 0, saved);
    this.count(hourScope(now), 1, 0, saved);
    if (entry.simulationId !== null) this.count(simulationScope(entry.simulationId), 1, 0, saved);
  }

  /** A lookup that found nothing usable; `entry` when the key exists but is expired or invalidated. */
  miss(entry: CacheEntryEntity | null, now: Date): void {
    if (entry) this.touch(entry.cacheKey, now, false);
    this.count(OVERALL, 0, 1, 0);
    this.count(hourScope(now), 0, 1, 0);
    if (entry?.simulationId != null) this.count(simulationScope(entry.simulationId), 0, 1, 0);
  }

  /** Writes what has been gathered; concurrent calls queue behind each other. */
  flush(): Promise<void> {
    this.chain = this.chain
      .then(() => this.write())
      .catch((error) => {
        this.logger.error({ err: String(error) }, 'cache counter flush failed');
      });
    return this.chain;
  }

  private touch(key: string, now: Date, hit: boolean) {
    const delta = this.entries.get(key);
    if (delta) {
      delta.accesses++;
      if (hit) delta.hits++;
      if (now > delta.last) delta.last = now;
    } else this.entries.set(key, { hits: hit ? 1 : 0, accesses: 1, last: now });
  }

  private count(scope: string, hits: number, misses: number, saved: number) {
    const delta = this.counters.get(scope);
    if (delta) {
      delta.requests++;
      delta.hits += hits;
      delta.misses += misses;
      delta.saved += saved;
    } else this.counters.set(scope, { requests: 1, hits, misses, saved });
  }

  private async write(): Promise<void> {
    if (this.entries.size === 0 && this.counters.size === 0) return;
    const entries = this.entries;
    const counters = this.counters;
    this.entries = new Map();
    this.counters = new Map();
    const updateEntry =
      'UPDATE cache_entries SET hit_count = hit_count + ?, access_count = access_count + ?, ' +
      'last_accessed = CASE WHEN last_accessed IS NULL OR last_accessed < ? THEN ? ELSE last_accessed END ' +
      'WHERE cache_key = ?';
    const upsertCounter =
      'INSERT INTO cache_counters (scope, requests, hits, misses, saved_seconds) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT (scope) DO UPDATE SET requests = cache_counters.requests + excluded.requests, ' +
      'hits = cache_counters.hits + excluded.hits, misses = cache_counters.misses + excluded.misses, ' +
      'saved_seconds = cache_counters.saved_seconds + excluded.saved_seconds';
    try {
      await this.repository.db.transaction(async (tx) => {
        for (const [key, delta] of entries) {
          await tx.execute(updateEntry, [delta.hits, delta.accesses, delta.last, delta.last, key], {
            prepare: true,
          });
        }
        for (const [scope, delta] of counters) {
          await tx.execute(upsertCounter, [scope, delta.requests, delta.hits, delta.misses, delta.saved], {
            prepare: true,
          });
        }
      });
    } catch (error) {
      // Keep what was not written for the next flush rather than lose it.
      for (const [key, delta] of entries) {
        const current = this.entries.get(key);
        if (!current) this.entries.set(key, delta);
        else
          Object.assign(current, {
            hits: current.hits + delta.hits,
            accesses: current.accesses + delta.accesses,
            last: current.last > delta.last ? current.last : delta.last,
          });
      }
      for (const [scope, delta] of counters) {
        const current = this.counters.get(scope);
        if (!current) this.counters.set(scope, delta);
        else
          Object.assign(current, {
            requests: current.requests + delta.requests,
            hits: current.hits + delta.hits,
            misses: current.misses + delta.misses,
            saved: current.saved + delta.saved,
          });
      }
      throw error;
    }
  }
}
