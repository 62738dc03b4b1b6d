import { performance } from 'node:perf_hooks';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  CLOCK,
  SIMVAULT_CONFIG,
  SIMVAULT_LOGGER,
  type Clock,
  type Logger,
  type SimvaultConfig,
} from '@simvault/core';
import { AuditLog } from '@simvault/auth';
import { QueueService } from '@simvault/queue';
import { And, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { CacheCounterEntity } from '@simvault/entities';
import { CacheRepository } from '../cache/cache.repository';
import { EntryReadCache } from '../cache/entry-read-cache';
import { AccessRecorder, HOUR_SCOPE_PREFIX, hourScope } from '../stats/access-recorder.service';
import { MAINTENANCE_QUEUE } from '../tokens';

export interface SweepResult {
  expired: number;
  purged: number;
  evicted: number;
}

/**
 * How old an audit outbox row is before the sweep moves it: a store moves its own within
 * milliseconds of its commit, and moving it twice (this replica and the storing one) would log
 * the act twice.
 */
const AUDIT_FORWARD_GRACE_MS = 60_000;
/**
 * Rows one write statement of the sweep or the caps touches: adapted after each statement to keep
 * it near BATCH_TARGET_MS (on SQLite a statement holds the event loop). At 1M entries a row costs
 * 50-100 µs to update or delete (its six indexes) and a WAL checkpoint can land on any commit, so
 * a fixed 500 rows took 150-210 ms a statement on a loaded machine.
 */
const BATCH_TARGET_MS = 10;
const BATCH_MIN = 10;
const BATCH_MAX = 500;

/** The next batch size after a statement of `size` rows took `ms`. */
function nextBatch(size: number, ms: number): number {
  const scaled = ms > 0 ? Math.floor((size * BATCH_TARGET_MS) / ms) : BATCH_MAX;
  // At most doubling: one fast statement (rows in the page cache) says little about the next.
  return Math.max(BATCH_MIN, Math.min(BATCH_MAX, size * 2, scaled));
}

/**
 * Runs `batch` (with a row limit) until it changes fewer rows than its limit, yielding between
 * runs and adapting the limit (nextBatch); answers the total.
 */
async function inBatches(batch: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  let limit = BATCH_MIN * 4;
  for (;;) {
    const start = performance.now();
    const changed = await batch(limit);
    total += changed;
    if (changed < limit) return total;
    limit = nextBatch(limit, performance.now() - start);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Expiry and the optional caps. One processor (`sweep`) on the maintenance queue, run on a
 * schedule: by BullMQ (one replica per tick) when Redis is configured, by an in-process timer
 * otherwise. Expired entries are misses at once anyway (the read checks `expires_at`); the sweep
 * marks them `expired`, later purges them, and evicts least recently used entries past a cap.
 */
@Injectable()
export class ExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private capTimer?: NodeJS.Timeout;

  constructor(
    private readonly repository: CacheRepository,
    private readonly readCache: EntryReadCache,
    private readonly recorder: AccessRecorder,
    private readonly queue: QueueService,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap() {
    this.queue.process(MAINTENANCE_QUEUE, async () => this.sweep());
    await this.queue.repeat(MAINTENANCE_QUEUE, 'sweep', this.config.cache.sweepSeconds * 1000);
  }

  onApplicationShutdown() {
    clearTimeout(this.capTimer);
  }

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const db = this.repository.db;
    // Bounded batches, the event loop free between them: on SQLite a statement holds the process
    // (better-sqlite3 is synchronous), so no statement may touch every row at once.
    const expired = await inBatches((limit) =>
      db.execute(
        `UPDATE cache_entries SET status = 'expired', ended_at = expires_at WHERE cache_key IN (
           SELECT cache_key FROM cache_entries
           WHERE status = 'valid' AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ${limit})`,
        [now],
      ),
    );
    const purgeBefore = new Date(now.getTime() - this.config.cache.purgeAfterSeconds * 1000);
    let purged = 0;
    for (const status of ['expired', 'invalidated']) {
      purged += await inBatches((limit) =>
        db.execute(
          `DELETE FROM cache_entries WHERE cache_key IN (
             SELECT cache_key FROM cache_entries WHERE status = ? AND ended_at <= ? LIMIT ${limit})`,
          [status, purgeBefore],
        ),
      );
    }
    // The statistics' hourly buckets older than SIMVAULT_CACHE_STATS_HISTORY_HOURS.
    const oldest = new Date(now.getTime() - (this.config.cache.statsHistoryHours - 1) * 3600_000);
    await this.repository.dataSource.getRepository(CacheCounterEntity).delete({
      scope: And(MoreThanOrEqual(HOUR_SCOPE_PREFIX), LessThan(hourScope(oldest))),
    });
    const evicted = await this.enforceCaps();
    // Audit acts whose move after their commit did not happen (a crash, the auth database away).
    await this.audit
      .forwardLeftovers(db, new Date(now.getTime() - AUDIT_FORWARD_GRACE_MS))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'audit outbox not forwarded'));
    const result = { expired, purged, evicted };
    if (result.expired || result.purged || result.evicted) {
      await this.readCache.changedMany();
      this.logger.info(result, 'cache sweep');
    }
    return result;
  }

  /** After a store: check the caps soon, once for a burst of stores. */
  afterStore(): void {
    const { maxEntries, maxSizeBytes } = this.config.cache;
    if ((maxEntries === undefined && maxSizeBytes === undefined) || this.capTimer) return;
    this.capTimer = setTimeout(() => {
      this.capTimer = undefined;
      void this.enforceCaps()
        .then((evicted) => (evicted > 0 ? this.readCache.changedMany() : undefined))
        .catch((e) => this.logger.error({ err: String(e) }, 'cache cap enforcement failed'));
    }, 200);
    this.capTimer.unref();
  }

  /** Deletes the least recently used live entries until both caps hold; answers how many went. */
  async enforceCaps(): Promise<number> {
    const { maxEntries, maxSizeBytes } = this.config.cache;
    if (maxEntries === undefined && maxSizeBytes === undefined) return 0;
    // Least recently used by the access times gathered so far, not only those already written.
    await this.recorder.flush();
    const entries = this.repository.entries;
    let evicted = 0;
    // Totalled in bounded batches (CacheRepository.scan), never one statement over every row.
    let count = 0;
    let size = 0;
    await this.repository.scan<{ cache_key: string; size_bytes: unknown }>(
      'size_bytes',
      "status = 'valid'",
      [],
      (rows) => {
        count += rows.length;
        for (const row of rows) size += Number(row.size_bytes ?? 0);
      },
    );
    let limit = BATCH_MIN * 4;
    while (
      (maxEntries !== undefined && count > maxEntries) ||
      (maxSizeBytes !== undefined && size > maxSizeBytes)
    ) {
      const start = performance.now();
      const oldest = await entries
        .createQueryBuilder('e')
        .select(['e.cacheKey', 'e.sizeBytes'])
        // `status || ''` keeps the planner off the status indexes (SQLite, without ANALYZE, picks
        // one and sorts every valid entry): the LRU index is walked in order, a batch at a time.
        .where("(e.status || '') = 'valid'")
        .orderBy('e.last_accessed', 'ASC')
        .addOrderBy('e.cache_key', 'ASC')
        .take(limit)
        .getMany();
      const victims: string[] = [];
      for (const entry of oldest) {
        if (!(
          (maxEntries !== undefined && count > maxEntries) ||
          (maxSizeBytes !== undefined && size > maxSizeBytes)
        ))
          break;
        victims.push(entry.cacheKey);
        count--;
        size -= entry.sizeBytes;
      }
      if (victims.length === 0) break;
      await entries.delete({ cacheKey: In(victims) });
      evicted += victims.length;
      limit = nextBatch(limit, performance.now() - start);
      // The loop free between batches (on SQLite the statements above never yield to it).
      await new Promise((resolve) => setImmediate(resolve));
    }
    return evicted;
  }
}
