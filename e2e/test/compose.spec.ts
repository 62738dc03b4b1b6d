import { randomBytes } from 'node:crypto';
import {
  AuthClient,
  CacheClient,
  CatalogClient,
  FilesClient,
  ResultsClient,
  SimvaultError,
} from '@simvault/client';
import { RunDatabase } from '@simvault/run-db';
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
    expect(composeApps().map(([name]) => name)).toEqual(['auth', 'cache', 'catalog', 'results', 'files']);
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
    const admin = new AuthClient(url('auth', 8000));
    await admin.login('admin', ADMIN_PASSWORD);
    await admin.createUser({ username: 'dora', password: 'dora-password', role: 'developer' });
    await admin.createUser({ username: 'uli', password: 'uli-password', role: 'user' });
    await admin.createUser({ username: 'vera', password: 'vera-password', role: 'user' });

    // The developer registers the simulation.
    const catalog = new CatalogClient(url('catalog', 8002));
    await catalog.login('dora', 'dora-password');
    expect(
      await catalog.registerSimulation({
        name: 'thermal_sim',
        version: '1.0.0',
        description: 'Thermal stress analysis',
        tags: ['thermal', 'physics'],
        input_schema: { temperature: { type: 'Number', units: 'K', min: 0 } },
        output_schema: { max_stress: { type: 'Number', units: 'Pa' } },
      }),
    ).toBe(true);
    const simulation = (await catalog.getSimulation('thermal_sim'))!;

    // A user runs it: one run file under the run root, the execution recorded, the result registered.
    const executionId = 'exec-e2e-350K';
    const run = RunDatabase.open(executionId, { dir: t.env.SIMVAULT_RUN_ROOTS });
    run.initializeRun('thermal_sim', '1.0.0', { executorType: 'local', simulationId: simulation.id });
    run.saveInput('temperature', 350, 'number', { units: 'K' });
    run.saveOutput('max_stress', 1.5e8, 'number', { units: 'Pa' });
    run.saveArtifact(
      'stress.csv',
      { data: 'x,stress\n0,1.5e8\n' },
      { category: 'output', contentType: 'text/csv' },
    );
    run.completeRun('completed', { durationSeconds: 42 });
    run.close();
    const uliCatalog = new CatalogClient(url('catalog', 8002));
    await uliCatalog.login('uli', 'uli-password');
    await uliCatalog.recordExecution({
      simulation_id: simulation.id,
      execution_id: executionId,
      squid_id: `thermal_sim/1.0.0/${executionId}`,
      status: 'completed',
      duration_seconds: 42,
    });
    const results = new ResultsClient(url('results', 8003));
    await results.login('uli', 'uli-password');
    await results.registerResult(executionId);
    const uli = new CacheClient(url('cache', 8001));
    await uli.login('uli', 'uli-password');
    await uli.set({
      cache_key: `thermal_sim/1.0.0/350K`,
      simulation_id: simulation.id,
      simulation_name: 'thermal_sim',
      simulation_version: '1.0.0',
      execution_id: executionId,
      squid_id: `thermal_sim/1.0.0/${executionId}`,
      input_hash: 'temperature=350',
      run_db_path: (await results.getResult(executionId))!.run_db_path as string,
      compute_seconds: 42,
    });

    // A second user gets a cache hit and finds the run by a parameter range.
    const vera = new CacheClient(url('cache', 8001));
    await vera.login('vera', 'vera-password');
    expect((await vera.get('thermal_sim/1.0.0/350K'))?.execution_id).toBe(executionId);
    const veraResults = new ResultsClient(url('results', 8003), { token: vera.token });
    const found = await veraResults.search({
      simulation_name: 'thermal_sim',
      input_filters: { temperature: { $gte: 300, $lte: 400 } },
    });
    expect(found.map((r) => r.execution_id)).toEqual([executionId]);

    // The user cannot invalidate; the developer can.
    const refused = await uli
      .invalidate({ simulation_id: simulation.id, reason: 'try' })
      .catch((e: unknown) => e);
    expect((refused as SimvaultError).status).toBe(403);
    const dora = new CacheClient(url('cache', 8001));
    await dora.login('dora', 'dora-password');
    expect(
      (await dora.invalidate({ simulation_id: simulation.id, reason: 'unit bug' })).invalidated_count,
    ).toBe(1);
    expect(await vera.get('thermal_sim/1.0.0/350K')).toBeNull();

    // The run's artifacts download through the file manager (indexed when the run was registered).
    const files = new FilesClient(url('files', 8004), { token: vera.token });
    let artifacts: Awaited<ReturnType<FilesClient['getRunFiles']>> = [];
    for (let i = 0; i < 50 && artifacts.length === 0; i++) {
      artifacts = await files.getRunFiles(executionId).catch(() => []);
      if (artifacts.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(artifacts.map((a) => a.name)).toEqual(['stress.csv']);
    const bytes = await (
      await fetch(`${url('files', 8004)}/runs/${executionId}/files/stress.csv`, {
        headers: { authorization: `Bearer ${vera.token}` },
      })
    ).text();
    expect(bytes).toBe('x,stress\n0,1.5e8\n');

    // A revoked token stops working on every service (each checks the shared session table).
    const session = await new AuthClient(url('auth', 8000), { token: vera.token }).whoami();
    await admin.revokeSession(session.id);
    await new Promise((r) => setTimeout(r, 2500));
    for (const [service, port] of [
      ['auth', 8000],
      ['cache', 8001],
      ['catalog', 8002],
      ['results', 8003],
      ['files', 8004],
    ] as const) {
      const res = await fetch(`${url(service, port)}/session`, {
        headers: { authorization: `Bearer ${vera.token}` },
      });
      expect([service, res.status]).toEqual([service, 401]);
    }
  });
});
