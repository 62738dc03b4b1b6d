import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthClient } from '@simvault/client';
import { removeQueueData } from '@simvault/queue/testing';
import { composeApps, ROOT, startTopology, type Topology } from './compose';
import { teamFlow } from './team-flow';

const REDIS = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_PASSWORD = 'e2e-admin-password';

describe('the docker-compose topology, run natively: every app its own process on PostgreSQL and Redis', () => {
  let t: Topology;
  beforeAll(async () => {
    t = await startTopology(
      {
        // The wire protocol stays read-only, as compose leaves it unless the operator opens it.
        SIMVAULT_LOG_LEVEL: 'warn',
      },
      {
        jwt_secret: randomBytes(48).toString('base64'),
        postgres_password: 'not-used-natively',
        admin_password: ADMIN_PASSWORD,
        s3_access_key_id: 'simvault-e2e',
        s3_secret_access_key: randomBytes(30).toString('base64'),
      },
    );
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    if (t) await removeQueueData(REDIS, t.queuePrefix);
  });

  const url = (service: string, port: number) => t.apps[service].urls[port];

  it('starts every app of the compose file, healthy, in production mode on PostgreSQL and Redis', async () => {
    expect(composeApps().map(([name]) => name)).toEqual([
      'auth',
      'cache',
      'catalog',
      'results',
      'files',
      'console',
    ]);
    for (const [name, app] of Object.entries(t.apps)) {
      if (name === 'console') {
        // No database of its own: healthy, and its page served.
        expect(await (await fetch(`${app.url}/health`)).json()).toMatchObject({
          status: 'healthy',
          service: 'console',
        });
        expect((await fetch(`${app.url}/`)).headers.get('content-type')).toMatch(/^text\/html/);
        continue;
      }
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
    // The protocol has no authentication: read-only unless writes are configured.
    const put = await fetch(wire, {
      method: 'PUT',
      body: JSON.stringify({ type: 'transformation', checksum: tf, value: result }),
    });
    expect([put.status, await put.text()]).toEqual([405, 'ERROR: Database server is read-only']);
    // Records are written through the REST routes (session auth) meanwhile.
    const admin = new AuthClient(url('auth', 8000));
    await admin.login('admin', ADMIN_PASSWORD);
    const rest = await fetch(`${url('cache', 8001)}/checksums/transformations/${tf}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ result }),
    });
    expect(rest.status).toBe(200);
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

  it('runs the team flow across processes: catalog, run file, results, cache, files, privileges, revocation', async () => {
    await teamFlow(url, t.env.SIMVAULT_RUN_ROOTS, ADMIN_PASSWORD);
  });
});

describe('docker/.env.example', () => {
  const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');
  const names = [...text('docker/.env.example').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]);
  const appSettings = new Set(
    [...text('libs/core/src/config/config.ts').matchAll(/'(SIMVAULT_[A-Z0-9_]+)'/g)].map((m) => m[1]),
  );

  it("passes every app setting it names to every app, and every other name is one of compose's own", () => {
    expect(names.length).toBeGreaterThan(20);
    const compose = text('docker-compose.yml');
    for (const name of names) {
      if (appSettings.has(name)) {
        for (const [service, definition] of composeApps())
          expect([service, name, String(definition.environment?.[name])]).toEqual([
            service,
            name,
            expect.stringMatching(new RegExp(`^\\$\\{${name}(:-[^}]*)?\\}$`)),
          ]);
      } else {
        expect([name, compose.includes(`\${${name}:-`)]).toEqual([name, true]);
      }
    }
  });
});
