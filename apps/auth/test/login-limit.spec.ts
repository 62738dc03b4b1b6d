import { randomBytes } from 'node:crypto';
import { LoginRateLimiter } from '@simvault/auth';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { ADMIN_PASSWORD, createUser, login, startAuthApp, type TestAuthApp } from './auth-app';

const REDIS_URL = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const attempt = (t: TestAuthApp, username: string, password = 'wrong-password') =>
  t.http().post('/session/login').send({ username, password });

/** `n` attempts at once, alternating between the replicas; the status of each. */
async function parallel(replicas: TestAuthApp[], n: number, username: string, password?: string) {
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) => attempt(replicas[i % replicas.length], username, password)),
  );
  return answers.map((r) => r.status).sort();
}

/** Two replicas of the auth app on one database (and one Redis when `env` names it). */
function replicas(backend: 'sqlite' | 'postgres', env: Record<string, string> = {}) {
  const pair = {} as { a: TestAuthApp; b: TestAuthApp };
  beforeAll(async () => {
    pair.a = await startAuthApp(backend, env);
    pair.b = await startAuthApp(backend, env, pair.a.db);
  });
  afterAll(async () => {
    await pair.b?.close();
    await pair.a?.close(); // and drops the database
  });
  return pair;
}

/** Five failures in all, none more than three on one replica: both refuse the sixth. */
async function sharedCount(p: { a: TestAuthApp; b: TestAuthApp }) {
  for (const replica of [p.a, p.b, p.a, p.b, p.a]) await attempt(replica, 'shared-count').expect(401);
  const refused = await attempt(p.b, 'shared-count').expect(429);
  expect(refused.body.error).toMatch(/^Too many login attempts for this user from your address/);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  await attempt(p.a, 'shared-count').expect(429);
  // Another username from the same address is not affected, on either replica.
  await attempt(p.a, 'admin', ADMIN_PASSWORD).expect(200);
  await attempt(p.b, 'other-user').expect(401);
}

describe.each(TEST_BACKENDS)('the login limit without Redis on %s', (backend) => {
  const p = replicas(backend);
  beforeAll(async () => {
    const admin = await login(p.a, 'admin', ADMIN_PASSWORD);
    for (const name of ['racer', 'clears']) await createUser(p.a, admin, name, 'user');
  });

  it('counts failures on every replica against one limit kept in the auth database', () => sharedCount(p));

  it('stops parallel attempts on two replicas exactly at the limit, before the password is hashed', async () => {
    const statuses = await parallel([p.a, p.b], 16, 'racer');
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(11).fill(429)]);
    // The right password, once the limit is used up, is refused too.
    await attempt(p.b, 'racer', 'racer-password').expect(429);
  });

  it('clears the count on a successful login, for every replica', async () => {
    for (let i = 0; i < 4; i++) await attempt(i % 2 ? p.a : p.b, 'clears').expect(401);
    await attempt(p.b, 'clears', 'clears-password').expect(200);
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? p.a : p.b, 'clears').expect(401);
    await attempt(p.b, 'clears').expect(429);
  });

  it('keeps a victim counted through a flood of 50,001 other usernames', async () => {
    const limiter = p.a.app.get(LoginRateLimiter);
    // One moment for every attempt, however long the flood takes on a loaded machine.
    const now = Date.now();
    const victim = () => limiter.reserve('10.1.1.1', 'victim', now);
    for (let i = 0; i < 5; i++) await victim();
    await expect(victim()).rejects.toMatchObject({ status: 429 });
    const flood = Array.from({ length: 50_001 }, (_, i) => `flood-${i}`);
    for (let i = 0; i < flood.length; i += 500)
      await Promise.all(flood.slice(i, i + 500).map((name) => limiter.reserve('10.6.6.6', name, now)));
    await expect(victim()).rejects.toMatchObject({ status: 429 });
    await expect(p.b.app.get(LoginRateLimiter).reserve('10.1.1.1', 'victim', now)).rejects.toMatchObject({
      status: 429,
    });
  }, 180_000);

  it('lets the window slide: attempts older than a minute no longer count', async () => {
    const limiter = p.a.app.get(LoginRateLimiter);
    const start = Date.now();
    for (let i = 0; i < 5; i++) await limiter.reserve('10.2.2.2', 'slides', start + i * 10_000);
    await expect(limiter.reserve('10.2.2.2', 'slides', start + 59_999)).rejects.toMatchObject({
      status: 429,
      headers: { 'Retry-After': '1' },
    });
    // The first attempt (at start) has left the window a minute later; only one slot is free.
    await limiter.reserve('10.2.2.2', 'slides', start + 60_000);
    await expect(limiter.reserve('10.2.2.2', 'slides', start + 60_001)).rejects.toMatchObject({
      status: 429,
    });
  });
});

describe.each(TEST_BACKENDS)('the login limit with Redis on %s', (backend) => {
  // One Redis, a prefix of this run's own.
  const p = replicas(backend, {
    SIMVAULT_REDIS_URL: REDIS_URL,
    SIMVAULT_QUEUE_PREFIX: `test-limit-${randomBytes(4).toString('hex')}`,
  });

  it('counts failures against one limit across replicas', () => sharedCount(p));

  it('stops parallel attempts on two replicas exactly at the limit', async () => {
    expect(await parallel([p.a, p.b], 16, 'parallel')).toEqual([
      ...Array(5).fill(401),
      ...Array(11).fill(429),
    ]);
  });

  it('clears the count on a successful login, for every replica', async () => {
    for (let i = 0; i < 4; i++) await attempt(i % 2 ? p.a : p.b, 'admin').expect(401);
    await attempt(p.a, 'admin', ADMIN_PASSWORD).expect(200);
    for (let i = 0; i < 4; i++) await attempt(p.b, 'admin').expect(401);
    await attempt(p.b, 'admin', ADMIN_PASSWORD).expect(200);
  });
});

describe('the login limit when Redis does not answer', () => {
  // Nothing listens on port 1: every Redis command fails fast, and both replicas fall back to
  // the auth database they share.
  const p = replicas('sqlite', { SIMVAULT_REDIS_URL: 'redis://127.0.0.1:1' });

  it('still logs people in and still limits failures, across replicas', async () => {
    await attempt(p.a, 'admin', ADMIN_PASSWORD).expect(200);
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? p.a : p.b, 'no-redis').expect(401);
    await attempt(p.a, 'no-redis').expect(429);
    await attempt(p.b, 'no-redis').expect(429);
  });
});
