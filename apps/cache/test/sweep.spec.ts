import { TEST_BACKENDS } from '@simvault/db/testing';
import { CacheEntryEntity } from '@simvault/entities';
import { DataSource } from 'typeorm';
import { dataSourceToken } from '@simvault/db';
import { entry, startCachePlatform, type CachePlatform } from './platform';

const REDIS_URL = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function statusOf(p: CachePlatform, key: string): Promise<string | undefined> {
  const ds = p.cache.get<DataSource>(dataSourceToken('cache'));
  return (await ds.getRepository(CacheEntryEntity).findOneBy({ cacheKey: key }))?.status;
}

async function until(check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

// The same sweep processor, scheduled two ways: an in-process timer, and a BullMQ job scheduler on Redis.
describe.each(
  TEST_BACKENDS.flatMap(
    (backend) =>
      [
        [backend, 'in-process'],
        [backend, 'redis'],
      ] as const,
  ),
)('the scheduled expiry sweep on %s with %s queues', (backend, queues) => {
  let p: CachePlatform;
  beforeAll(async () => {
    p = await startCachePlatform(backend, {
      SIMVAULT_CACHE_SWEEP_SECONDS: '1',
      ...(queues === 'redis' ? { SIMVAULT_REDIS_URL: REDIS_URL } : {}),
    });
  });
  afterAll(() => p.close());

  it('runs on its schedule and marks an expired entry', async () => {
    expect((await p.http().get('/health').expect(200)).body.queues).toBe(queues);
    await p
      .http()
      .post('/cache')
      .set('X-Session-ID', p.tokens.user)
      .send(entry({ cache_key: 'tick/1', ttl_seconds: 1 }))
      .expect(200);
    expect(await statusOf(p, 'tick/1')).toBe('valid');
    expect(await until(async () => (await statusOf(p, 'tick/1')) === 'expired', 8000)).toBe(true);
  });
});
