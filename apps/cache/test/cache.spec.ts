import { ManualClock } from '@simvault/core';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { dataSourceToken } from '@simvault/db';
import { DataSource } from 'typeorm';
import { AccessRecorder, ExpiryService } from '../src';
import { entry, keyPath, startCachePlatform, type CachePlatform } from './platform';

const HOUR = 3_600_000;

describe.each(TEST_BACKENDS)('the result cache on %s', (backend) => {
  let p: CachePlatform;
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const as = (who: keyof CachePlatform['tokens']) => ({ 'X-Session-ID': p.tokens[who] });
  beforeAll(async () => {
    p = await startCachePlatform(backend, {}, clock);
  });
  afterAll(() => p.close());

  it('reports itself healthy with its backend and queue driver', async () => {
    const res = await p.http().get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'healthy',
      service: 'cache',
      backend: backend === 'postgres' ? 'postgresql' : 'sqlite',
      queues: 'in-process',
    });
  });

  it('stores an entry and answers a hit with where the result lives', async () => {
    const body = entry({ metadata: { mesh: 'fine', cores: 8 } });
    const stored = await p.http().post('/cache').set(as('user')).send(body).expect(200);
    expect(stored.body).toMatchObject({ success: true, cache_key: body.cache_key, expires_at: null });
    const hit = await p.http().get(keyPath(body.cache_key)).set(as('user')).expect(200);
    expect(hit.body).toMatchObject({
      cache_key: body.cache_key,
      execution_id: body.execution_id,
      squid_id: body.squid_id,
      run_db_path: body.run_db_path,
      metadata: { mesh: 'fine', cores: 8 },
      status: 'valid',
      created_by: 'usr',
    });
    // Beside sim2l's fields: where the platform serves the run (results and files services).
    const id = encodeURIComponent(body.execution_id);
    expect(hit.body.links).toEqual({
      result: { service: 'results', path: `/results/${id}` },
      run_file: { service: 'results', path: `/results/${id}/run-file` },
      artifacts: { service: 'files', path: `/runs/${id}/files` },
    });
    const plain = entry();
    await p.http().post('/cache').set(as('user')).send(plain).expect(200);
    expect(
      (await p.http().get(keyPath(plain.cache_key)).set(as('user')).expect(200)).body.metadata,
    ).toBeNull();
  });

  it('answers a miss with 404 {error: "Not found"} and says why', async () => {
    const res = await p.http().get('/cache/no/such/key').set(as('user')).expect(404);
    expect(res.body).toEqual({ error: 'Not found', statusCode: 404, details: { reason: 'absent' } });
  });

  it('takes keys with slashes, spaces and unicode', async () => {
    for (const key of [
      'a/b/c/d',
      'with spaces/and more',
      'θερμική/模拟/🔥',
      'percent%20literal',
      'trailing/',
    ]) {
      await p
        .http()
        .post('/cache')
        .set(as('user'))
        .send(entry({ cache_key: key, execution_id: key.slice(0, 10) }))
        .expect(200);
      const hit = await p.http().get(keyPath(key)).set(as('readonly')).expect(200);
      expect(hit.body.cache_key).toBe(key);
    }
  });

  it('refuses an over-long key, reserved keys and missing or mistyped fields with a sentence', async () => {
    const long = await p
      .http()
      .post('/cache')
      .set(as('user'))
      .send(entry({ cache_key: 'k'.repeat(513) }))
      .expect(400);
    expect(long.body.error).toMatch(/cache_key must be at most 512 characters long/);
    const { execution_id: _e, simulation_name: _n, ...missing } = entry();
    const res = await p.http().post('/cache').set(as('user')).send(missing).expect(400);
    expect(res.body.error).toBe('Invalid request: simulation_name is required; execution_id is required.');
    const typed = await p
      .http()
      .post('/cache')
      .set(as('user'))
      .send(entry({ ttl_seconds: 'soon', simulation_id: 'x' }))
      .expect(400);
    expect(typed.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'simulation_id',
      'ttl_seconds',
    ]);
    await p
      .http()
      .post('/cache')
      .set(as('user'))
      .send(entry({ cache_key: 'stats' }))
      .expect(400);
    await p
      .http()
      .post('/cache')
      .set(as('user'))
      .send(entry({ cache_key: 'bad\u0001key' }))
      .expect(400);
    await p.http().get('/cache/%E0%A4%A').set(as('user')).expect(400);
  });

  it('expires an entry at once when its TTL passes, and never without a TTL', async () => {
    const short = entry({ ttl_seconds: 60 });
    const hours = entry({ ttl_hours: 2 });
    const forever = entry({ ttl_seconds: null });
    for (const e of [short, hours, forever])
      await p.http().post('/cache').set(as('user')).send(e).expect(200);
    clock.advance(59_000);
    await p.http().get(keyPath(short.cache_key)).set(as('user')).expect(200);
    clock.advance(2_000);
    const expired = await p.http().get(keyPath(short.cache_key)).set(as('user')).expect(404);
    expect(expired.body.details).toEqual({ reason: 'expired' });
    await p.http().get(keyPath(hours.cache_key)).set(as('user')).expect(200);
    clock.advance(2 * HOUR);
    await p.http().get(keyPath(hours.cache_key)).set(as('user')).expect(404);
    clock.advance(10 * 365 * 24 * HOUR);
    await p.http().get(keyPath(forever.cache_key)).set(as('user')).expect(200);
  });

  it('marks expired entries in the sweep and purges them later', async () => {
    const e = entry({ cache_key: 'sweep/me', ttl_seconds: 10 });
    await p.http().post('/cache').set(as('user')).send(e).expect(200);
    clock.advance(11_000);
    const expiry = p.cache.get(ExpiryService);
    expect((await expiry.sweep()).expired).toBeGreaterThanOrEqual(1);
    const listed = await p.http().get('/cache/entries?status=expired&limit=1000').set(as('user')).expect(200);
    expect(listed.body.entries.map((x: { cache_key: string }) => x.cache_key)).toContain('sweep/me');
    clock.advance(p.config.cache.purgeAfterSeconds * 1000 + 1000);
    expect((await expiry.sweep()).purged).toBeGreaterThanOrEqual(1);
    await p
      .http()
      .get('/cache/sweep/me')
      .set(as('user'))
      .expect(404, { error: 'Not found', statusCode: 404, details: { reason: 'absent' } });
  });

  it('keeps one valid entry when 50 clients store the same key at once', async () => {
    const key = 'contended/key';
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        p
          .http()
          .post('/cache')
          .set(as('user'))
          .send(entry({ cache_key: key, execution_id: `exec-race-${i}` })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const listed = await p.http().get(`/cache/entries?limit=1000`).set(as('user')).expect(200);
    const rows = listed.body.entries.filter((x: { cache_key: string }) => x.cache_key === key);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('valid');
    expect(rows[0].execution_id).toMatch(/^exec-race-\d+$/);
  });

  it("lists a run's entries by execution_id, through an index", async () => {
    const keys = ['run-of/a', 'run-of/b', 'run-of/c'];
    for (const key of keys)
      await p
        .http()
        .post('/cache')
        .set(as('user'))
        .send(entry({ cache_key: key, execution_id: 'exec-shared' }))
        .expect(200);
    await p
      .http()
      .post('/cache')
      .set(as('user'))
      .send(entry({ cache_key: 'run-of/other', execution_id: 'exec-else' }))
      .expect(200);
    const listed = await p
      .http()
      .get('/cache/entries?execution_id=exec-shared&limit=2')
      .set(as('readonly'))
      .expect(200);
    expect(listed.body.total).toBe(3);
    expect(listed.body.entries).toHaveLength(2);
    const all = await p.http().get('/cache/entries?execution_id=exec-shared').set(as('readonly')).expect(200);
    expect(all.body.entries.map((e: { cache_key: string }) => e.cache_key).sort()).toEqual(keys);
    await p
      .http()
      .get(`/cache/entries?execution_id=${'x'.repeat(129)}`)
      .set(as('readonly'))
      .expect(400);

    const db = p.cache.get<DataSource>(dataSourceToken('cache'));
    const plan = (await db.query(
      backend === 'postgres'
        ? "SELECT indexdef AS d FROM pg_indexes WHERE indexname = 'idx_cache_entries_execution_id'"
        : "SELECT sql AS d FROM sqlite_master WHERE name = 'idx_cache_entries_execution_id'",
    )) as { d: string }[];
    expect(plan[0]?.d).toMatch(/execution_id/);
  });

  it('deletes one entry, and everything for an admin (logged)', async () => {
    const e = entry();
    await p.http().post('/cache').set(as('user')).send(e).expect(200);
    await p
      .http()
      .delete(keyPath(e.cache_key))
      .set(as('developer'))
      .expect(200, { deleted_count: 1, cache_key: e.cache_key });
    await p.http().delete(keyPath(e.cache_key)).set(as('developer')).expect(404);
  });
});

describe.each(TEST_BACKENDS)('invalidation and statistics on %s', (backend) => {
  let p: CachePlatform;
  const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
  const as = (who: keyof CachePlatform['tokens']) => ({ 'X-Session-ID': p.tokens[who] });
  beforeAll(async () => {
    // Counters are flushed by hand here (statistics flush first anyway), never by the timer mid-test.
    p = await startCachePlatform(backend, { SIMVAULT_CACHE_FLUSH_MS: '60000' }, clock);
  });
  afterAll(() => p.close());

  it('counts hits, misses, hit rate and time saved after a known sequence, overall and per simulation', async () => {
    const a = entry({ cache_key: 'stats/a', simulation_id: 1, compute_seconds: 10, size_bytes: 1024 * 1024 });
    const b = entry({ cache_key: 'stats/b', simulation_id: 2, compute_seconds: 4 });
    await p.http().post('/cache').set(as('user')).send(a).expect(200);
    await p.http().post('/cache').set(as('user')).send(b).expect(200);
    for (let i = 0; i < 3; i++) await p.http().get('/cache/stats/a').set(as('user')).expect(200);
    await p.http().get('/cache/stats/b').set(as('user')).expect(200);
    await p.http().get('/cache/stats/none').set(as('user')).expect(404);
    await p.http().get('/cache/stats/none2').set(as('user')).expect(404);
    await p
      .http()
      .post('/cache/invalidate')
      .set(as('developer'))
      .send({ simulation_id: 2, reason: 'bad mesh' })
      .expect(200, { invalidated_count: 1, invalidation_id: 1 });
    await p.http().get('/cache/stats/b').set(as('user')).expect(404);

    const overall = await p.http().get('/cache/stats').set(as('readonly')).expect(200);
    expect(overall.body).toMatchObject({
      total_entries: 2,
      valid_entries: 1,
      invalidated_entries: 1,
      expired_entries: 0,
      total_requests: 7,
      total_accesses: 7,
      total_hits: 4,
      cache_hits: 4,
      total_misses: 3,
      cache_misses: 3,
      hit_rate: 0.5714,
      hit_rate_percent: 57.14,
      total_size_mb: 1,
      time_saved_seconds: 34,
    });
    expect(overall.body.by_simulation).toEqual([
      {
        simulation_id: 1,
        total_requests: 3,
        total_hits: 3,
        total_misses: 0,
        hit_rate: 1,
        hit_rate_percent: 100,
        time_saved_seconds: 30,
      },
      {
        simulation_id: 2,
        total_requests: 2,
        total_hits: 1,
        total_misses: 1,
        hit_rate: 0.5,
        hit_rate_percent: 50,
        time_saved_seconds: 4,
      },
    ]);
    const one = await p.http().get('/cache/stats?simulation_id=2').set(as('user')).expect(200);
    expect(one.body).toMatchObject({
      simulation_id: 2,
      total_entries: 1,
      invalidated_entries: 1,
      total_requests: 2,
      total_hits: 1,
      hit_rate: 0.5,
    });
    const entries = await p.http().get('/cache/entries?simulation_id=1').set(as('user')).expect(200);
    expect(entries.body.entries[0]).toMatchObject({ cache_key: 'stats/a', hit_count: 3, access_count: 3 });
    await p.http().get('/cache/stats?simulation_id=abc').set(as('user')).expect(400);
  });

  it('writes hit counters behind: a hit issues no database write (and no read once remembered), a flush writes them in one batch', async () => {
    const e = entry({ cache_key: 'behind/1' });
    await p.http().post('/cache').set(as('user')).send(e).expect(200);
    await p.cache.get(AccessRecorder).flush();
    const ds = p.cache.get(AccessRecorder)['repository'].dataSource;
    const seen: string[] = [];
    const original = ds.logger.logQuery.bind(ds.logger);
    ds.logger.logQuery = (query: string, ...rest: unknown[]) => {
      seen.push(query);
      return original(query, ...(rest as []));
    };
    try {
      for (let i = 0; i < 20; i++) await p.http().get('/cache/behind/1').set(as('user')).expect(200);
      expect(seen.filter((q) => !/^\s*SELECT/i.test(q))).toEqual([]);
      // And at most one read: the entry is then answered from memory.
      expect(seen.length).toBeLessThanOrEqual(1);
      seen.length = 0;
      await p.cache.get(AccessRecorder).flush();
      expect(seen.filter((q) => /^UPDATE cache_entries/.test(q))).toHaveLength(1);
    } finally {
      ds.logger.logQuery = original;
    }
    const listed = await p
      .http()
      .get('/cache/entries?simulation_id=42&limit=1000')
      .set(as('user'))
      .expect(200);
    expect(listed.body.entries.find((x: { cache_key: string }) => x.cache_key === 'behind/1').hit_count).toBe(
      20,
    );
  });

  it('invalidates by name, version and key pattern, softly, and re-stores bring an entry back', async () => {
    const v1 = entry({ cache_key: 'Heat/1.0/a', simulation_name: 'heat', simulation_version: '1.0' });
    const v2 = entry({ cache_key: 'Heat/2.0/a', simulation_name: 'heat', simulation_version: '2.0' });
    const other = entry({ cache_key: 'heat/2.0/lower', simulation_name: 'cool', simulation_version: '2.0' });
    const literal = entry({ cache_key: 'odd%_key', simulation_name: 'odd' });
    for (const e of [v1, v2, other, literal])
      await p.http().post('/cache').set(as('user')).send(e).expect(200);
    await p
      .http()
      .post('/cache/invalidate')
      .set(as('developer'))
      .send({ simulation_name: 'heat', simulation_version: '1.0' })
      .expect(200, { invalidated_count: 1, invalidation_id: 2 });
    await p.http().get('/cache/Heat/1.0/a').set(as('user')).expect(404);
    await p.http().get('/cache/Heat/2.0/a').set(as('user')).expect(200);
    // LIKE is case-sensitive on both backends: "Heat/%" does not touch "heat/2.0/lower".
    const byPattern = await p
      .http()
      .post('/cache/invalidate')
      .set(as('developer'))
      .send({ pattern: 'Heat/%' })
      .expect(200);
    expect(byPattern.body.invalidated_count).toBe(1);
    await p.http().get('/cache/heat/2.0/lower').set(as('user')).expect(200);
    const escaped = await p
      .http()
      .post('/cache/invalidate')
      .set(as('developer'))
      .send({ pattern: 'odd\\%\\_key' })
      .expect(200);
    expect(escaped.body.invalidated_count).toBe(1);
    await p.http().post('/cache').set(as('user')).send(v1).expect(200);
    await p.http().get('/cache/Heat/1.0/a').set(as('user')).expect(200);
  });

  it('invalidates everything only for an admin, and refuses an empty request', async () => {
    await p.http().post('/cache/invalidate').set(as('developer')).send({}).expect(400);
    const dev = await p.http().post('/cache/invalidate').set(as('developer')).send({ all: true }).expect(403);
    expect(dev.body.error).toMatch(/needs the admin privilege/);
    await p
      .http()
      .post('/cache/invalidate')
      .set(as('admin'))
      .send({ all: true, simulation_id: 1 })
      .expect(400);
    const all = await p
      .http()
      .post('/cache/invalidate')
      .set(as('admin'))
      .send({ all: true, reason: 'reset' })
      .expect(200);
    expect(all.body.invalidated_count).toBeGreaterThan(0);
    expect((await p.http().get('/cache/stats').set(as('user'))).body.valid_entries).toBe(0);
  });

  it('lists the invalidation log: who, when, filter, reason, count', async () => {
    const log = await p.http().get('/cache/invalidations?limit=2').set(as('developer')).expect(200);
    expect(log.body.total).toBe(5);
    expect(log.body.items[0]).toMatchObject({
      username: 'admin',
      filter: { all: true },
      reason: 'reset',
      invalidated_count: expect.any(Number),
    });
    expect(log.body.items[1]).toMatchObject({
      username: 'dev',
      filter: { pattern: 'odd\\%\\_key' },
      reason: null,
      invalidated_count: 1,
    });
    const last = await p.http().get('/cache/invalidations?offset=4').set(as('developer')).expect(200);
    expect(last.body.items[0]).toMatchObject({
      filter: { simulation_id: 2 },
      reason: 'bad mesh',
      created_at: expect.any(String),
    });
    const cleared = await p.http().delete('/cache').set(as('admin')).expect(200);
    expect(cleared.body.deleted).toBeGreaterThan(0);
    const after = await p.http().get('/cache/invalidations?limit=1').set(as('developer')).expect(200);
    expect(after.body.items[0]).toMatchObject({ filter: { delete_all: true }, username: 'admin' });
  });

  it('pages and filters the entry list', async () => {
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await p
        .http()
        .post('/cache')
        .set(as('user'))
        .send(entry({ cache_key: `page/${i}`, simulation_name: 'pager' }))
        .expect(200);
    }
    const first = await p
      .http()
      .get('/cache/entries?simulation_name=pager&limit=2')
      .set(as('user'))
      .expect(200);
    expect(first.body).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.body.entries.map((e: { cache_key: string }) => e.cache_key)).toEqual(['page/4', 'page/3']);
    const last = await p
      .http()
      .get('/cache/entries?simulation_name=pager&limit=2&offset=4')
      .set(as('user'))
      .expect(200);
    expect(last.body.entries.map((e: { cache_key: string }) => e.cache_key)).toEqual(['page/0']);
    await p.http().get('/cache/entries?limit=1001').set(as('user')).expect(400);
    await p.http().get('/cache/entries?status=gone').set(as('user')).expect(400);
  });
});

describe.each(TEST_BACKENDS)('the statistics over time on %s', (backend) => {
  let p: CachePlatform;
  const clock = new ManualClock(new Date('2026-05-01T10:20:00Z'));
  const as = (who: keyof CachePlatform['tokens']) => ({ 'X-Session-ID': p.tokens[who] });
  beforeAll(async () => {
    p = await startCachePlatform(
      backend,
      { SIMVAULT_CACHE_FLUSH_MS: '60000', SIMVAULT_CACHE_STATS_HISTORY_HOURS: '48' },
      clock,
    );
  });
  afterAll(() => p.close());

  const hourRows = async () =>
    (
      (await p.cache
        .get<DataSource>(dataSourceToken('cache'))
        .query("SELECT scope FROM cache_counters WHERE scope LIKE 'hour:%' ORDER BY scope")) as {
        scope: string;
      }[]
    ).map((r) => r.scope);

  it('counts each hour apart (UTC), answers the last N hours oldest first, and the sweep drops buckets past the period', async () => {
    const e = entry({ cache_key: 'series/a', compute_seconds: 10 });
    await p.http().post('/cache').set(as('user')).send(e).expect(200);
    const hit = () => p.http().get('/cache/series/a').set(as('user')).expect(200);
    const miss = () => p.http().get('/cache/series/none').set(as('user')).expect(404);
    await hit(); // 10:20
    await hit();
    await miss();
    clock.advance(HOUR); // 11:20
    await hit();
    clock.advance(2 * HOUR); // 13:20
    await miss();
    const res = await p.http().get('/cache/stats/history?hours=5').set(as('readonly')).expect(200);
    expect(res.body).toEqual({
      bucket_seconds: 3600,
      buckets: [
        {
          start: '2026-05-01T09:00:00.000Z',
          requests: 0,
          hits: 0,
          misses: 0,
          hit_rate: 0,
          time_saved_seconds: 0,
        },
        {
          start: '2026-05-01T10:00:00.000Z',
          requests: 3,
          hits: 2,
          misses: 1,
          hit_rate: 0.6667,
          time_saved_seconds: 20,
        },
        {
          start: '2026-05-01T11:00:00.000Z',
          requests: 1,
          hits: 1,
          misses: 0,
          hit_rate: 1,
          time_saved_seconds: 10,
        },
        {
          start: '2026-05-01T12:00:00.000Z',
          requests: 0,
          hits: 0,
          misses: 0,
          hit_rate: 0,
          time_saved_seconds: 0,
        },
        {
          start: '2026-05-01T13:00:00.000Z',
          requests: 1,
          hits: 0,
          misses: 1,
          hit_rate: 0,
          time_saved_seconds: 0,
        },
      ],
    });
    // The overall counters still add up to the same.
    const overall = await p.http().get('/cache/stats').set(as('user')).expect(200);
    expect([overall.body.cache_hits, overall.body.cache_misses]).toEqual([3, 2]);
    // The default is the last week, within what is kept; more than is kept is a 400 that says so.
    const week = await p.http().get('/cache/stats/history').set(as('user')).expect(200);
    expect(week.body.buckets).toHaveLength(48);
    const tooMany = await p.http().get('/cache/stats/history?hours=49').set(as('user')).expect(400);
    expect(tooMany.body.error).toMatch(/at most 48/);
    await p.http().get('/cache/stats/history?hours=0').set(as('user')).expect(400);
    await p.http().get('/cache/stats/history?hours=x').set(as('user')).expect(400);

    expect(await hourRows()).toEqual(['hour:2026-05-01T10', 'hour:2026-05-01T11', 'hour:2026-05-01T13']);
    clock.advance(47 * HOUR); // 12:20 two days later: 13:00 on the first day is the oldest hour kept
    await p.cache.get(ExpiryService).sweep();
    expect(await hourRows()).toEqual(['hour:2026-05-01T13']);
  });
});

describe.each(TEST_BACKENDS)('cache caps on %s', (backend) => {
  let p: CachePlatform;
  const clock = new ManualClock(new Date('2026-05-01T00:00:00Z'));
  beforeAll(async () => {
    p = await startCachePlatform(
      backend,
      { SIMVAULT_CACHE_MAX_ENTRIES: '3', SIMVAULT_CACHE_MAX_SIZE_BYTES: '1000' },
      clock,
    );
  });
  afterAll(() => p.close());

  it('evicts the least recently used entries past the entry and size caps', async () => {
    const as = { 'X-Session-ID': p.tokens.user };
    for (let i = 0; i < 4; i++) {
      clock.advance(1000);
      await p
        .http()
        .post('/cache')
        .set(as)
        .send(entry({ cache_key: `lru/${i}`, size_bytes: 100 }))
        .expect(200);
    }
    clock.advance(1000);
    await p.http().get('/cache/lru/0').set(as).expect(200);
    await p.cache.get(AccessRecorder).flush();
    expect(await p.cache.get(ExpiryService).enforceCaps()).toBe(1);
    await p.http().get('/cache/lru/1').set(as).expect(404);
    for (const key of ['lru/0', 'lru/2', 'lru/3']) await p.http().get(`/cache/${key}`).set(as).expect(200);
    clock.advance(1000);
    await p
      .http()
      .post('/cache')
      .set(as)
      .send(entry({ cache_key: 'lru/big', size_bytes: 900 }))
      .expect(200);
    await p.cache.get(AccessRecorder).flush();
    await p.cache.get(ExpiryService).enforceCaps();
    const left = await p.http().get('/cache/entries').set(as).expect(200);
    expect(left.body.entries.map((e: { cache_key: string }) => e.cache_key).sort()).toEqual([
      'lru/3',
      'lru/big',
    ]);
  });
});

/** The bodies sim2l's CacheClient builds: every keyword argument sent, the unset ones as null. */
describe.each(TEST_BACKENDS)("sim2l's CacheClient bodies on %s", (backend) => {
  let p: CachePlatform;
  const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
  const as = (who: keyof CachePlatform['tokens']) => ({ 'X-Session-ID': p.tokens[who] });
  const invalidate = (body: Record<string, unknown>) => ({
    simulation_id: null,
    simulation_name: null,
    simulation_version: null,
    pattern: null,
    reason: null,
    ...body,
  });
  beforeAll(async () => {
    p = await startCachePlatform(backend, {}, clock);
  });
  afterAll(() => p.close());

  it('set() with ttl_seconds and metadata null stores an entry that never expires', async () => {
    const body = entry({ cache_key: 'client/set', ttl_seconds: null, metadata: null });
    const res = await p.http().post('/cache').set(as('user')).send(body).expect(200);
    expect(res.body).toMatchObject({ success: true, expires_at: null });
  });

  it('invalidate() by simulation_id, simulation_name or pattern alone, the other keys null', async () => {
    const make = (key: string, id: number, name: string) =>
      p
        .http()
        .post('/cache')
        .set(as('user'))
        .send(entry({ cache_key: key, simulation_id: id, simulation_name: name }))
        .expect(200);
    await make('nul/a/1', 501, 'nul_a');
    await make('nul/b/1', 502, 'nul_b');
    await make('nul/c/1', 503, 'nul_c');
    await make('nul/c/2', 503, 'nul_c');
    const byId = await p
      .http()
      .post('/cache/invalidate')
      .set(as('developer'))
      .send(invalidate({ simulation_id: 501 }))
      .expect(200);
    expect(byId.body.invalidated_count).toBe(1);
    const byName = await p
      .http()
      .post('/cache/invalidate')
      .set(as('developer'))
      .send(invalidate({ simulation_name: 'nul_b', reason: 'bad mesh' }))
      .expect(200);
    expect(byName.body.invalidated_count).toBe(1);
    const byPattern = await p
      .http()
      .post('/cache/invalidate')
      .set(as('developer'))
      .send(invalidate({ pattern: 'nul/c/%' }))
      .expect(200);
    expect(byPattern.body.invalidated_count).toBe(2);
    for (const key of ['nul/a/1', 'nul/b/1', 'nul/c/1', 'nul/c/2'])
      await p.http().get(keyPath(key)).set(as('user')).expect(404);
    // Nothing given at all (every key null) is the same request as {}: refused with a sentence.
    const empty = await p
      .http()
      .post('/cache/invalidate')
      .set(as('developer'))
      .send(invalidate({}))
      .expect(400);
    expect(empty.body.error).toMatch(/Say what to invalidate/);
    const log = await p.http().get('/cache/invalidations?limit=3').set(as('developer')).expect(200);
    expect(log.body.items.map((i: { filter: unknown }) => i.filter)).toEqual([
      { pattern: 'nul/c/%' },
      { simulation_name: 'nul_b' },
      { simulation_id: 501 },
    ]);
  });

  it('refuses a null where no client sends one, naming the field', async () => {
    const res = await p
      .http()
      .post('/cache/invalidate')
      .set(as('admin'))
      .send({ all: null, pattern: 'x/%' })
      .expect(400);
    expect(res.body.error).toBe('Invalid request: all may not be null (leave it out instead).');
  });

  it('answers metadata floats as floats (1.0 stays 1.0), integers as integers', async () => {
    const body = JSON.stringify(entry({ cache_key: 'float/1', metadata: { w: 0 } })).replace(
      '{"w":0}',
      '{"w": 2.0, "n": 3, "list": [1.0, 1.5e1, 7]}',
    );
    await p
      .http()
      .post('/cache')
      .set(as('user'))
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(200);
    const hit = await p.http().get('/cache/float/1').set(as('user')).expect(200);
    expect(hit.text).toContain('"metadata":{"w":2.0,"n":3,"list":[1.0,15.0,7]}');
    const again = await p.http().get('/cache/float/1').set(as('user')).expect(200);
    expect(again.text).toContain('"w":2.0');
  });

  it('names the last access last_accessed_at in /cache/entries, as sim2l does', async () => {
    await p
      .http()
      .post('/cache')
      .set(as('user'))
      .send(entry({ cache_key: 'seen/1', simulation_name: 'seen' }));
    const list = await p.http().get('/cache/entries?simulation_name=seen').set(as('user')).expect(200);
    const [row] = list.body.entries as Record<string, unknown>[];
    // Stored counts as the first access.
    expect(row.last_accessed_at).toBe(clock.now().toISOString());
    expect(row.last_accessed).toBe(row.last_accessed_at);
  });
});
