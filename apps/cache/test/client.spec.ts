import { CacheClient } from '@simvault/client';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { ADMIN_PASSWORD, startCachePlatform, type CachePlatform } from './platform';

describe.each(TEST_BACKENDS)('CacheClient against the cache app on %s', (backend) => {
  let p: CachePlatform;
  let url: string;
  beforeAll(async () => {
    p = await startCachePlatform(backend);
    await p.cache.listen(0, '127.0.0.1');
    url = await p.cache.getUrl();
  });
  afterAll(() => p.close());

  it('does what sim2l clients do: set, get, invalidate, stats', async () => {
    const cache = new CacheClient(url);
    await cache.login('dev', 'dev-password');
    await cache.set({
      cache_key: 'thermal_sim/350K/result',
      simulation_id: 42,
      simulation_name: 'thermal_sim',
      simulation_version: '1.0.0',
      execution_id: 'exec-001',
      squid_id: 'thermal_sim/1.0.0/xyz',
      input_hash: 'hash123',
      run_db_path: '/path/to/run.db',
      ttl_hours: 24,
    });
    expect((await cache.get('thermal_sim/350K/result'))?.run_db_path).toBe('/path/to/run.db');
    expect(await cache.get('thermal_sim/400K/result')).toBeNull();
    expect(await cache.invalidate({ simulation_id: 42, reason: 'new version' })).toMatchObject({
      invalidated_count: 1,
    });
    expect(await cache.get('thermal_sim/350K/result')).toBeNull();
    const stats = await cache.getStats(42);
    expect(stats).toMatchObject({ total_requests: 2, total_hits: 1, hit_rate: 0.5 });
    expect((await cache.listInvalidations()).items[0]).toMatchObject({
      username: 'dev',
      reason: 'new version',
    });
    expect((await cache.listEntries({ status: 'invalidated' })).total).toBe(1);

    const admin = new CacheClient(url);
    await admin.login('admin', ADMIN_PASSWORD);
    expect((await admin.clear()).deleted).toBe(1);
  });
});
