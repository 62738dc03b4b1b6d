import {
  AuthClient,
  CacheClient,
  CatalogClient,
  FilesClient,
  ResultsClient,
  SimvaultError,
} from '@simvault/client';
import { RunDatabase } from '@simvault/run-db';

/** An app's HTTP base URL by compose service and container port. */
export type ServiceUrl = (service: string, port: number) => string;

/**
 * The team flow every deployment shape must carry (e2e/test/compose.spec.ts natively,
 * e2e/containers/compose-up.spec.ts in containers): users, the catalog, a run file registered
 * from the run root, a cache store and hit, a search, an artifact download, privileges, and a
 * revoked token refused by every app. `runRoot` is where the apps read run files from.
 */
export async function teamFlow(url: ServiceUrl, runRoot: string, adminPassword: string): Promise<void> {
  const admin = new AuthClient(url('auth', 8000));
  await admin.login('admin', adminPassword);
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
  const run = RunDatabase.open(executionId, { dir: runRoot });
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
}
