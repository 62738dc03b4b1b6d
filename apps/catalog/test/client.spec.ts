import { CatalogClient } from '@simvault/client';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { ADMIN_PASSWORD, startCatalogPlatform, until, type CatalogPlatform } from './platform';

describe.each(TEST_BACKENDS)('CatalogClient against the catalog app on %s', (backend) => {
  let p: CatalogPlatform;
  let url: string;
  beforeAll(async () => {
    p = await startCatalogPlatform(backend);
    await p.catalog.listen(0, '127.0.0.1');
    url = await p.catalog.getUrl();
  });
  afterAll(() => p.close());

  it('does what sim2l clients do: register, search, get, record, statistics; and the admin side', async () => {
    const dev = new CatalogClient(url);
    await dev.login('dev', 'dev-password');
    const thermal = {
      name: 'thermal_sim',
      version: '1.0.0',
      description: 'Heat conduction in a plate',
      author: 'Ada',
      tags: ['thermal', 'fem'],
      input_schema: { temperature: { type: 'Number', units: 'K', min: 0, max: 2000, value: 300 } },
      output_schema: { max_stress: { type: 'Number', units: 'MPa' } },
      workflow_type: 'function' as const,
      workflow_hash: null,
      dependencies: ['numpy'],
      metadata: {},
      workflow_files: [{ path: 'run.py', content: 'print("hi")' }],
      workflow_entrypoint: 'run.py',
    };
    expect(await dev.registerSimulation(thermal)).toBe(true);
    expect(await dev.registerSimulation(thermal)).toBe(false);
    await dev.register({ ...thermal, version: '1.10.0' });

    const found = await dev.search({ query: 'therm', tags: ['fem'], limit: 1 });
    expect(found.total).toBe(2);
    expect(found.items.map((s) => s.version)).toEqual(['1.10.0']);
    const latest = await dev.getSimulation('thermal_sim');
    expect(latest?.version).toBe('1.10.0');
    expect(latest?.workflow_bundle?.entrypoint).toBe('run.py');
    expect(await dev.getSimulation('nothing_here')).toBeNull();
    expect((await dev.listVersions('thermal_sim')).latest).toBe('1.10.0');

    const user = new CatalogClient(url);
    await user.login('usr', 'usr-password');
    const execution = {
      simulation_id: latest!.id,
      execution_id: 'exec-1',
      status: 'success',
      duration_seconds: 2,
    };
    expect(await user.recordExecution(execution)).toMatchObject({ status: 'recorded' });
    expect(await user.recordExecution(execution)).toMatchObject({
      status: 'recorded',
      already_recorded: true,
    });
    expect((await user.getExecution('exec-1')).username).toBe('usr');
    expect(await user.getStats(latest!.id)).toMatchObject({ total_executions: 1, success_rate: 1 });
    expect(await user.overview()).toMatchObject({ total_simulations: 2, total_executions: 1 });

    expect(await dev.update(latest!.id, { status: 'deprecated' })).toMatchObject({ changed: ['status'] });
    expect((await dev.audit({ simulation_id: latest!.id })).items[0].action).toBe('updated');

    const installed = await user.reportInstallation({
      installation_id: 'laptop',
      simulations: [{ ...thermal, name: 'user_tool' }],
    });
    const jobId = installed.sync!.job_id;
    expect(await until(async () => (await user.syncJob(jobId)).state === 'completed')).toBe(true);
    const admin = new CatalogClient(url);
    await admin.login('admin', ADMIN_PASSWORD);
    const [waiting] = (await admin.listPending()).items;
    expect(waiting).toMatchObject({ name: 'user_tool', submitted_by: 'usr' });
    const approved = await admin.approve(waiting.id);
    expect((await user.getSimulation('user_tool'))?.id).toBe(approved.simulation_id);
    expect(await admin.delete(approved.simulation_id)).toMatchObject({ status: 'deleted' });
  });

  it('takes a workflow bundle larger than the default 1 MiB JSON body, up to the bundle limit', async () => {
    const dev = new CatalogClient(url);
    await dev.login('dev', 'dev-password');
    const big = 'x'.repeat(3 * 1024 * 1024);
    const res = await dev.register({
      name: 'big_bundle',
      version: '1.0.0',
      input_schema: {},
      output_schema: {},
      workflow_files: [{ path: 'data.txt', content: big }],
    });
    expect(res).toMatchObject({ status: 'registered' });
  });
});
