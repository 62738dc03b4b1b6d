import { randomBytes } from 'node:crypto';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { ADMIN_PASSWORD, startAuthApp, type TestAuthApp } from './auth-app';

const REDIS_URL = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const attempt = (t: TestAuthApp, username: string, password = 'wrong-password') =>
  t.http().post('/session/login').send({ username, password });

describe.each(TEST_BACKENDS)('the login limit with Redis on %s', (backend) => {
  let a: TestAuthApp;
  let b: TestAuthApp;
  beforeAll(async () => {
    // Two replicas of the auth app: one database, one Redis, a prefix of this run's own.
    const env = {
      SIMVAULT_REDIS_URL: REDIS_URL,
      SIMVAULT_QUEUE_PREFIX: `test-limit-${randomBytes(4).toString('hex')}`,
    };
    a = await startAuthApp(backend, env);
    b = await startAuthApp(backend, env, a.db);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close(); // and drops the database
  });

  it('counts failures against one limit across replicas', async () => {
    for (const replica of [a, b, a, b, a]) await attempt(replica, 'shared-count').expect(401);
    // Five failures in all, none more than three on one replica: both refuse the sixth.
    const refused = await attempt(b, 'shared-count').expect(429);
    expect(refused.body.error).toMatch(/^Too many login attempts for this user from your address/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await attempt(a, 'shared-count').expect(429);
    // Another username from the same address is not affected, on either replica.
    await attempt(a, 'admin', ADMIN_PASSWORD).expect(200);
    await attempt(b, 'other-user').expect(401);
  });

  it('clears the count on a successful login, for every replica', async () => {
    for (let i = 0; i < 4; i++) await attempt(i % 2 ? a : b, 'admin').expect(401);
    await attempt(a, 'admin', ADMIN_PASSWORD).expect(200);
    for (let i = 0; i < 4; i++) await attempt(b, 'admin').expect(401);
    await attempt(b, 'admin', ADMIN_PASSWORD).expect(200);
  });
});

describe('the login limit when Redis does not answer', () => {
  let t: TestAuthApp;
  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails fast.
    t = await startAuthApp('sqlite', { SIMVAULT_REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t?.close());

  it('still logs people in and still limits failures, in the process memory', async () => {
    await attempt(t, 'admin', ADMIN_PASSWORD).expect(200);
    for (let i = 0; i < 5; i++) await attempt(t, 'no-redis').expect(401);
    await attempt(t, 'no-redis').expect(429);
  });
});
