import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AuthClient, CacheClient, CatalogClient, ResultsClient } from '@simvault/client';
import { SERVICES } from '@simvault/core';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '@simvault/db/testing';
import { removeQueueData } from '@simvault/queue/testing';
import { freePort, startUp } from './cli';

const REDIS = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'shutdown-admin-password';

jest.setTimeout(180_000);

describe.each(TEST_BACKENDS)('SIGTERM during a burst of writes (simvault up on %s)', (backend) => {
  let db: TestDatabase;
  const prefix = `shutdown-${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await db?.drop();
    if (backend === 'postgres') await removeQueueData(REDIS, prefix);
  });

  it('stops every app within 10 s and keeps every write it acknowledged, hit counts included', async () => {
    db = await createTestDatabase(backend, 'shutdown');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_LOG_LEVEL: 'error',
      SIMVAULT_ADMIN_PASSWORD: PASSWORD,
      SIMVAULT_SEAMLESS_ENABLED: 'false',
      SIMVAULT_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
      // Hit counters are written behind in batches: a long interval leaves one pending at SIGTERM.
      SIMVAULT_CACHE_FLUSH_MS: '60000',
    };
    if (backend === 'postgres')
      Object.assign(env, { SIMVAULT_REDIS_URL: REDIS, SIMVAULT_QUEUE_PREFIX: prefix });
    for (const service of SERVICES)
      env[`SIMVAULT_${service.toUpperCase()}_DATABASE_URL`] =
        backend === 'sqlite' ? `sqlite:${join(db.dir, `${service}.sqlite`)}` : db.url;
    // Fresh ports for each start: the ones of the first may be taken by the time of the restart.
    const start = async () => {
      for (const service of SERVICES)
        env[`SIMVAULT_${service.toUpperCase()}_PORT`] = String(await freePort());
      return (await startUp(env)).child;
    };
    const url = (service: string) => `http://127.0.0.1:${env[`SIMVAULT_${service.toUpperCase()}_PORT`]}`;
    const clients = async () => {
      const auth = new AuthClient(url('auth'));
      const { token } = await auth.login('admin', PASSWORD);
      return {
        auth,
        cache: new CacheClient(url('cache'), { token }),
        catalog: new CatalogClient(url('catalog'), { token }),
        results: new ResultsClient(url('results'), { token }),
      };
    };

    let child = await start();
    const c = await clients();
    const entry = (key: string) => ({
      cache_key: key,
      simulation_id: 7,
      simulation_name: 'burst',
      simulation_version: '1.0.0',
      execution_id: key,
      squid_id: `burst/1.0.0/${key}`,
      input_hash: key,
      run_db_path: `/runs/${key}.db`,
      compute_seconds: 3,
    });
    await c.cache.set(entry('hot'));

    const acknowledged = {
      cache: [] as string[],
      catalog: [] as string[],
      results: [] as string[],
      users: [] as string[],
    };
    let hits = 0;
    let attemptedHits = 0;
    let n = 0;
    let stopped = false;
    const writes = [
      async (i: number) => {
        await c.cache.set(entry(`k${i}`));
        acknowledged.cache.push(`k${i}`);
      },
      async () => {
        attemptedHits++;
        if (await c.cache.get('hot')) hits++;
      },
      async (i: number) => {
        await c.catalog.registerSimulation({ name: `sim_${i}`, version: '1.0.0', description: 'burst' });
        acknowledged.catalog.push(`sim_${i}`);
      },
      async (i: number) => {
        await c.results.registerDirect({
          execution_id: `exec-${i}`,
          simulation_name: 'burst',
          simulation_version: '1.0.0',
          input_params: { i },
          output_params: { twice: 2 * i },
          status: 'completed',
        });
        acknowledged.results.push(`exec-${i}`);
      },
      async (i: number) => {
        await c.auth.createUser({ username: `user${i}`, password: `password-${i}` });
        acknowledged.users.push(`user${i}`);
      },
    ];
    // Keep-alive connections, as real clients hold them, writing until the process is gone.
    const worker = async () => {
      while (!stopped) {
        const i = n++;
        await writes[i % writes.length](i).catch(() => undefined);
      }
    };
    const workers = Promise.all([1, 2, 3, 4, 5, 6].map(worker));
    while (n < 150) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise<number | null>((ok) => child.once('exit', ok));
    const since = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const tookMs = Date.now() - since;
    stopped = true;
    await workers;
    expect({ code, withinTenSeconds: tookMs < 10_000 }).toEqual({ code: 0, withinTenSeconds: true });

    child = await start();
    try {
      const after = await clients();
      // Counted before anything below reads the hot entry again.
      const stats = await after.cache.getStats();
      expect(stats.total_hits).toBeGreaterThanOrEqual(hits);
      expect(stats.total_hits).toBeLessThanOrEqual(attemptedHits);
      const missing: string[] = [];
      for (const key of acknowledged.cache) if (!(await after.cache.get(key))) missing.push(`cache ${key}`);
      for (const name of acknowledged.catalog)
        if (!(await after.catalog.getSimulation(name))) missing.push(`catalog ${name}`);
      for (const id of acknowledged.results)
        if (!(await after.results.getResult(id))) missing.push(`results ${id}`);
      for (const name of acknowledged.users)
        if (!(await after.auth.getUser(name).catch(() => null))) missing.push(`user ${name}`);
      expect(missing).toEqual([]);
      expect(Object.values(acknowledged).every((list) => list.length > 0)).toBe(true);
    } finally {
      const exit = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exit;
    }
  });
});
