import { randomBytes } from 'node:crypto';
import { cacheApp } from '../src';
import { createApp, createLogger } from '@simvault/core';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { removeQueueData } from '@simvault/queue/testing';
import request from 'supertest';
import { entry, startCachePlatform, type CachePlatform } from './platform';

const REDIS_URL = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Two replicas of the cache app on one database and one Redis. Each remembers lookups for a
// minute here, so only the broadcast can make the second see what the first changed.
describe.each(TEST_BACKENDS)('two cache replicas on %s with Redis', (backend) => {
  let p: CachePlatform;
  let second: Awaited<ReturnType<typeof createApp>>;
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    p = await startCachePlatform(backend, {
      SIMVAULT_REDIS_URL: REDIS_URL,
      SIMVAULT_CACHE_READ_CACHE_MS: '60000',
    });
    const logger = createLogger('silent');
    second = await createApp(cacheApp(p.config, logger, { queuePrefix: prefix }), p.config, logger);
  });
  afterAll(async () => {
    await second.close();
    await p.close();
    await removeQueueData(REDIS_URL, prefix);
  });

  const eventually = async (check: () => Promise<number>, status: number) => {
    for (let i = 0; i < 50 && (await check()) !== status; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await check()).toBe(status);
  };

  it('sees a store, an invalidation and a delete made on the other replica at once', async () => {
    const as = { 'X-Session-ID': p.tokens.developer };
    const get = () =>
      request(second.getHttpServer())
        .get('/cache/replica/key')
        .set(as)
        .then((r) => r.status);
    expect(await get()).toBe(404);
    await p
      .http()
      .post('/cache')
      .set(as)
      .send(entry({ cache_key: 'replica/key', simulation_id: 7 }))
      .expect(200);
    await eventually(get, 200);
    await p.http().post('/cache/invalidate').set(as).send({ simulation_id: 7 }).expect(200);
    await eventually(get, 404);
    await p
      .http()
      .post('/cache')
      .set(as)
      .send(entry({ cache_key: 'replica/key' }))
      .expect(200);
    await eventually(get, 200);
    await p.http().delete('/cache/replica/key').set(as).expect(200);
    await eventually(get, 404);
  });
});
