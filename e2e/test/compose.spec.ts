import { randomBytes } from 'node:crypto';
import { AuthClient, CacheClient, SimvaultError } from '@simvault/client';
import { removeQueueData } from '@simvault/queue/testing';
import { composeApps, startTopology, type Topology } from './compose';

const REDIS = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_PASSWORD = 'e2e-admin-password';

describe('the docker-compose topology, run natively: every app its own process on PostgreSQL and Redis', () => {
  let t: Topology;
  beforeAll(async () => {
    t = await startTopology({
      SIMVAULT_JWT_SECRET: randomBytes(48).toString('base64'),
      POSTGRES_PASSWORD: 'not-used-natively',
      SIMVAULT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SIMVAULT_LOG_LEVEL: 'warn',
    });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    if (t) await removeQueueData(REDIS, t.queuePrefix);
  });

  const url = (service: string, port: number) => t.apps[service].urls[port];

  it('starts every app of the compose file, healthy, in production mode on PostgreSQL and Redis', async () => {
    expect(composeApps().map(([name]) => name)).toEqual(expect.arrayContaining(['auth', 'cache']));
    for (const [name, app] of Object.entries(t.apps)) {
      const health = (await (await fetch(`${app.url}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'healthy', service: name, backend: 'postgresql' });
      // Anonymous sessions are off in production.
      expect((await fetch(`${app.url}/session/anonymous`, { method: 'POST' })).status).toBe(403);
    }
    expect(((await (await fetch(`${url('cache', 8001)}/health`)).json()) as { queues: string }).queues).toBe(
      'redis',
    );
  });

  it("answers Seamless clients on the cache app's wire-protocol port, backed by the shared database", async () => {
    const wire = url('cache', 5522);
    const [tf, result] = [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')];
    const put = await fetch(wire, {
      method: 'PUT',
      body: JSON.stringify({ type: 'transformation', checksum: tf, value: result }),
    });
    expect([put.status, await put.text()]).toEqual([200, 'OK']);
    const get = await fetch(wire, { method: 'POST', body: '' }).then((r) => r.status);
    expect(get).toBe(405);
    const res = await fetch(`${wire}/healthcheck`);
    expect(await res.text()).toBe('OK');
    // GET with a JSON body, as Seamless sends it (fetch cannot, so a raw request).
    const http = await import('node:http');
    const body = JSON.stringify({ type: 'transformation', checksum: tf });
    const answer = await new Promise<string>((ok, fail) => {
      const req = http.request(
        wire,
        { method: 'GET', headers: { 'content-length': Buffer.byteLength(body) } },
        (r) => {
          let text = '';
          r.on('data', (c) => (text += c));
          r.on('end', () => ok(`${r.statusCode} ${text}`));
        },
      );
      req.on('error', fail);
      req.end(body);
    });
    expect(answer).toBe(`200 ${result}`);
  });

  it('runs the team flow across processes: users, a shared cache hit, privileges, and revocation everywhere', async () => {
    const admin = new AuthClient(url('auth', 8000));
    await admin.login('admin', ADMIN_PASSWORD);
    await admin.createUser({ username: 'dora', password: 'dora-password', role: 'developer' });
    await admin.createUser({ username: 'uli', password: 'uli-password', role: 'user' });
    await admin.createUser({ username: 'vera', password: 'vera-password', role: 'user' });

    // Uli logs in through the cache service itself (sim2l clients log in to each service).
    const uli = new CacheClient(url('cache', 8001));
    await uli.login('uli', 'uli-password');
    await uli.set({
      cache_key: 'thermal_sim/1.0.0/350K',
      simulation_id: 1,
      simulation_name: 'thermal_sim',
      simulation_version: '1.0.0',
      execution_id: 'exec-e2e-1',
      squid_id: 'thermal_sim/1.0.0/exec-e2e-1',
      input_hash: 'h1',
      run_db_path: 'runs/exec-e2e-1.db',
      compute_seconds: 120,
    });
    const vera = new CacheClient(url('cache', 8001));
    await vera.login('vera', 'vera-password');
    expect((await vera.get('thermal_sim/1.0.0/350K'))?.execution_id).toBe('exec-e2e-1');

    const refused = await uli.invalidate({ simulation_id: 1, reason: 'try' }).catch((e: unknown) => e);
    expect((refused as SimvaultError).status).toBe(403);
    const dora = new CacheClient(url('cache', 8001));
    await dora.login('dora', 'dora-password');
    expect((await dora.invalidate({ simulation_id: 1, reason: 'unit bug' })).invalidated_count).toBe(1);
    expect(await vera.get('thermal_sim/1.0.0/350K')).toBeNull();

    // A revoked token stops working on every service (each checks the shared session table).
    const session = await new AuthClient(url('auth', 8000), { token: vera.token }).whoami();
    await admin.revokeSession(session.id);
    await new Promise((r) => setTimeout(r, 2500));
    for (const base of [url('auth', 8000), url('cache', 8001)]) {
      const res = await fetch(`${base}/session`, { headers: { authorization: `Bearer ${vera.token}` } });
      expect(res.status).toBe(401);
    }
  });
});
