import { TEST_BACKENDS } from '@simvault/db/testing';
import { CacheEntryEntity } from '@simvault/entities';
import { ManualClock, SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';
import { ExpiryService } from '../src';
import { CacheRepository } from '../src/cache/cache.repository';
import { StatsService } from '../src/stats/stats.service';
import { startCachePlatform, type CachePlatform } from './platform';

// More entries than one statement of the scan (2,000) or of a sweep batch (at most 500) reads, so
// every answer is put together from several batches; checked against a model of the rows.
const ROWS = 4321;

describe.each(TEST_BACKENDS)('batched statistics, sweep and caps on %s', (backend) => {
  let p: CachePlatform;
  const clock = new ManualClock(new Date('2026-05-01T00:00:00Z'));
  const day = 86400_000;
  type Row = {
    key: string;
    sim: number;
    status: string;
    expires?: Date;
    ended?: Date;
    accessed: Date;
    size: number;
  };
  const model: Row[] = [];
  beforeAll(async () => {
    p = await startCachePlatform(
      backend,
      { SIMVAULT_CACHE_PURGE_AFTER_SECONDS: String((10 * day) / 1000) },
      clock,
    );
    const now = clock.now().getTime();
    for (let i = 0; i < ROWS; i++) {
      // Keys sort differently from their insertion order; statuses and simulations interleave.
      const kind = i % 5;
      model.push({
        key: `b/${(i * 7919) % ROWS}/${i}`,
        sim: i % 3,
        status: kind === 1 ? 'invalidated' : 'valid',
        expires: kind === 2 ? new Date(now - day) : kind === 3 ? new Date(now + day) : undefined,
        ended: kind === 1 ? new Date(now - (i % 2 ? 20 : 1) * day) : undefined,
        // Distinct access times: the LRU order never falls back to the keys' collation.
        accessed: new Date(now - ((i * 7919) % ROWS) * 1000 - i),
        size: 10 + (i % 7),
      });
    }
    const entries = p.cache.get(CacheRepository).entries;
    for (let i = 0; i < ROWS; i += 500)
      await entries.insert(
        model.slice(i, i + 500).map((r) => ({
          cacheKey: r.key,
          simulationId: r.sim,
          simulationName: 'sim',
          simulationVersion: '1',
          executionId: `e-${r.key}`,
          status: r.status as CacheEntryEntity['status'],
          sizeBytes: r.size,
          accessCount: 0,
          hitCount: 0,
          createdAt: clock.now(),
          expiresAt: r.expires ?? null,
          lastAccessed: r.accessed,
          endedAt: r.ended ?? null,
        })),
      );
  });
  afterAll(() => p.close());

  const live = (r: Row) => r.status === 'valid' && !(r.expires && r.expires <= clock.now());

  it('counts every entry, and one simulation, across batches', async () => {
    const stats = p.cache.get(StatsService);
    for (const sim of [undefined, 1]) {
      const rows = model.filter((r) => sim === undefined || r.sim === sim);
      const answer = await stats.stats(sim);
      expect(answer).toMatchObject({
        total_entries: rows.length,
        valid_entries: rows.filter(live).length,
        invalidated_entries: rows.filter((r) => r.status === 'invalidated').length,
        expired_entries: rows.filter((r) => r.status === 'valid' && !live(r)).length,
        total_size_bytes: rows.filter(live).reduce((sum, r) => sum + r.size, 0),
      });
    }
  });

  it('expires, purges and evicts exactly the model rows, in batches', async () => {
    const expiry = p.cache.get(ExpiryService);
    const expired = model.filter((r) => r.status === 'valid' && !live(r));
    const purged = model.filter(
      (r) => r.status === 'invalidated' && r.ended!.getTime() <= clock.now().getTime() - 10 * day,
    );
    expect(await expiry.sweep()).toEqual({ expired: expired.length, purged: purged.length, evicted: 0 });
    const cap = 700;
    const config = p.cache.get<SimvaultConfig>(SIMVAULT_CONFIG);
    config.cache.maxEntries = cap;
    try {
      const valid = model.filter(live).sort((a, b) => a.accessed.getTime() - b.accessed.getTime());
      expect(await expiry.enforceCaps()).toBe(valid.length - cap);
      const left = await p.cache
        .get(CacheRepository)
        .entries.find({ where: { status: 'valid' }, select: { cacheKey: true } });
      expect(left.map((e) => e.cacheKey).sort()).toEqual(
        valid
          .slice(valid.length - cap)
          .map((r) => r.key)
          .sort(),
      );
    } finally {
      config.cache.maxEntries = undefined;
    }
  });
});
