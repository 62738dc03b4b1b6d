import type { Principal } from '@simvault/auth';
import { openDatabase } from '@simvault/db';
import { TEST_BACKENDS } from '@simvault/db/testing';
import type { DataSource } from 'typeorm';
import { CatalogDatabase } from '../src/database/catalog-database';
import { ExecutionsService } from '../src/executions/executions.service';
import { simulation, startCatalogPlatform, type CatalogPlatform } from './platform';

describe.each(TEST_BACKENDS)('executions and statistics on %s', (backend) => {
  let p: CatalogPlatform;
  let id: number;
  const record = (body: object, who: Parameters<CatalogPlatform['as']>[0] = 'user') =>
    p.http().post('/executions').set(p.as(who)).send(body);

  beforeAll(async () => {
    p = await startCatalogPlatform(backend);
    id = (
      await p
        .http()
        .post('/simulations')
        .set(p.as('developer'))
        .send(simulation({ name: 'runner_sim' }))
        .expect(201)
    ).body.id;
  });
  afterAll(() => p.close());

  it("records what sim2l's record_execution sends, as the session's user", async () => {
    const res = await record({
      execution_id: 'exec-001',
      squid_id: 'runner_sim/1.0.0/abc',
      simulation_id: id,
      started_at: '2024-05-01T12:00:00.123456',
      duration_seconds: 12.5,
      status: 'success',
      executor_type: 'local',
      cache_hit: false,
      run_db_path: '/runs/exec-001.db',
      input_hash: 'h1',
      output_count: 3,
      artifact_count: 1,
      error_count: 0,
      warning_count: 2,
      username: 'mallory',
      environment: { python: '3.12' },
    }).expect(201);
    expect(res.body).toMatchObject({ status: 'recorded', execution_id: 'exec-001' });
    const row = (await p.http().get('/executions/exec-001').set(p.as('readonly')).expect(200)).body;
    expect(row).toMatchObject({
      simulation_id: id,
      username: 'usr',
      status: 'success',
      outcome: 'success',
      started_at: '2024-05-01T12:00:00.123Z',
      duration_seconds: 12.5,
      cache_hit: false,
      warning_count: 2,
      environment: { python: '3.12' },
    });
  });

  it('is idempotent on execution_id, also under concurrent retries: one row, no 500', async () => {
    const body = { execution_id: 'exec-retry', simulation_id: id, status: 'failed', duration_seconds: 1 };
    const answers = await Promise.all(Array.from({ length: 20 }, () => record(body)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => !a.body.already_recorded)).toHaveLength(1);
    const listed = await p.http().get(`/executions?simulation_id=${id}`).set(p.as('user')).expect(200);
    expect(
      listed.body.items.filter((e: { execution_id: string }) => e.execution_id === 'exec-retry'),
    ).toHaveLength(1);
    const again = await record(body).expect(201);
    expect(again.body).toMatchObject({ status: 'recorded', already_recorded: true });
  });

  it('refuses an execution id reused for another simulation, an unknown simulation, and bad fields', async () => {
    const other = (await p.http().post('/simulations').set(p.as('developer')).send(simulation()).expect(201))
      .body.id;
    const clash = await record({ execution_id: 'exec-001', simulation_id: other, status: 'success' }).expect(
      409,
    );
    expect(clash.body.error).toMatch(/already recorded for simulation/);
    const unknown = await record({ execution_id: 'exec-x', simulation_id: 999999, status: 'success' }).expect(
      404,
    );
    expect(unknown.body.error).toBe('No simulation with id 999999.');
    const missing = await record({ simulation_id: id }).expect(400);
    expect(missing.body.error).toBe('Invalid request: execution_id is required; status is required.');
    const typed = await record({
      execution_id: 'e',
      simulation_id: id,
      status: 'success',
      started_at: 'yesterday',
      duration_seconds: -1,
      cache_hit: 'yes',
    }).expect(400);
    expect(typed.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'cache_hit',
      'duration_seconds',
      'started_at',
    ]);
  });

  it('needs execute or run', async () => {
    await record(
      {
        execution_id: 'exec-run',
        simulation_id: id,
        status: 'completed',
        cache_hit: true,
        duration_seconds: 0.5,
      },
      'runner',
    ).expect(201);
    const refused = await record(
      { execution_id: 'exec-w', simulation_id: id, status: 'success' },
      'noread',
    ).expect(403);
    expect(refused.body.error).toBe(
      'This needs the execute or run privilege, which this session does not have.',
    );
    await record({ execution_id: 'exec-anon', simulation_id: id, status: 'success' }, 'anonymous').expect(
      403,
    );
  });

  it("answers a simulation's statistics and the overview", async () => {
    const stats = await p.http().get(`/simulations/${id}/stats`).set(p.as('readonly')).expect(200);
    expect(stats.body).toMatchObject({
      simulation_id: id,
      total_executions: 3,
      successful: 2,
      failed: 1,
      cached: 1,
      success_rate: 0.6667,
      avg_duration: 4.667,
      min_duration: 0.5,
      max_duration: 12.5,
    });
    await p.http().get('/simulations/999999/stats').set(p.as('readonly')).expect(404);
    await p.http().get('/simulations/x/stats').set(p.as('readonly')).expect(400);
    const overview = await p.http().get('/statistics/overview').set(p.as('readonly')).expect(200);
    expect(overview.body).toMatchObject({
      total_simulations: 2,
      active_simulations: 2,
      total_executions: 3,
      successful_executions: 2,
      cached_executions: 1,
    });
  });
});

describe.each(TEST_BACKENDS)("a run recorded twice, as sim2l's client does, on %s", (backend) => {
  let p: CatalogPlatform;
  let id: number;
  const record = (body: object) => p.http().post('/executions').set(p.as('runner')).send(body);
  // What CatalogClient.record_execution sends: every keyword argument, the unset ones null.
  const client = (body: object) => ({
    squid_id: 'twice_sim/1.0.0/abc',
    simulation_id: id,
    started_at: '2024-05-01T12:00:00',
    duration_seconds: null,
    executor_type: 'local',
    cache_hit: false,
    run_db_path: null,
    input_hash: null,
    output_count: 0,
    artifact_count: 0,
    error_count: 0,
    warning_count: 0,
    ...body,
  });

  beforeAll(async () => {
    p = await startCatalogPlatform(backend);
    id = (
      await p
        .http()
        .post('/simulations')
        .set(p.as('developer'))
        .send(simulation({ name: 'twice_sim' }))
        .expect(201)
    ).body.id;
  });
  afterAll(() => p.close());

  it('takes the new values: running, then completed with its duration, counts and run file', async () => {
    await record(client({ execution_id: 'run-1', status: 'running' })).expect(201);
    await record(client({ execution_id: 'run-2', status: 'running' })).expect(201);
    const done = await record(
      client({
        execution_id: 'run-1',
        status: 'completed',
        completed_at: '2024-05-01T12:00:07',
        duration_seconds: 7,
        cache_hit: true,
        run_db_path: '/runs/run-1.db',
        run_db_size_bytes: 4096,
        output_count: 3,
        artifact_count: 1,
        error_count: 0,
        warning_count: 2,
        environment: { python: '3.12' },
      }),
    ).expect(201);
    expect(done.body).toMatchObject({ status: 'recorded', already_recorded: true });
    await record(client({ execution_id: 'run-2', status: 'failed', duration_seconds: 3 })).expect(201);
    const row = (await p.http().get('/executions/run-1').set(p.as('readonly')).expect(200)).body;
    expect(row).toMatchObject({
      status: 'completed',
      outcome: 'success',
      completed_at: '2024-05-01T12:00:07.000Z',
      started_at: '2024-05-01T12:00:00.000Z',
      duration_seconds: 7,
      cache_hit: true,
      run_db_path: '/runs/run-1.db',
      run_db_size_bytes: 4096,
      output_count: 3,
      artifact_count: 1,
      warning_count: 2,
      environment: { python: '3.12' },
    });
    const stats = await p.http().get(`/simulations/${id}/stats`).set(p.as('readonly')).expect(200);
    expect(stats.body).toMatchObject({
      total_executions: 2,
      successful: 1,
      failed: 1,
      cached: 1,
      avg_duration: 5,
      min_duration: 3,
      max_duration: 7,
    });
  });

  it("keeps the environment's floats as floats", async () => {
    const body = JSON.stringify(
      client({ execution_id: 'run-f', status: 'completed', environment: { v: 0 } }),
    );
    await p
      .http()
      .post('/executions')
      .set(p.as('runner'))
      .set('Content-Type', 'application/json')
      .send(body.replace('{"v":0}', '{"python": 3.0, "cores": 8}'))
      .expect(201);
    const row = await p.http().get('/executions/run-f').set(p.as('readonly')).expect(200);
    expect(row.text).toContain('"environment":{"python":3.0,"cores":8}');
  });

  it('still refuses the same id for another simulation', async () => {
    const other = (await p.http().post('/simulations').set(p.as('developer')).send(simulation()).expect(201))
      .body.id;
    await record(client({ execution_id: 'run-1', simulation_id: other, status: 'failed' })).expect(409);
    const row = (await p.http().get('/executions/run-1').set(p.as('readonly')).expect(200)).body;
    expect(row).toMatchObject({ simulation_id: id, status: 'completed' });
  });
});

describe.each(TEST_BACKENDS)("a simulation's schema numbers as written, on %s", (backend) => {
  let p: CatalogPlatform;
  beforeAll(async () => {
    p = await startCatalogPlatform(backend);
  });
  afterAll(() => p.close());

  it('answers 300.0 as 300.0 and 10 as 10', async () => {
    const body = JSON.stringify(simulation({ name: 'float_schema' }))
      .replace('"max":2000,"value":300', '"max":2000.0,"value":300.0')
      .replace('"value":10', '"value":10');
    await p
      .http()
      .post('/simulations')
      .set(p.as('developer'))
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(201);
    const got = await p.http().get('/simulations/float_schema').set(p.as('readonly')).expect(200);
    expect(got.text).toContain('"max":2000.0,"value":300.0');
    expect(got.text).toContain('"value":10}');
  });
});

describe.each(TEST_BACKENDS)('records committed together (group commit) on %s', (backend) => {
  let p: CatalogPlatform;
  let id: number;
  /** A connection of its own to the catalog's database: it sees only what has committed. */
  let reader: DataSource;
  const runner = {
    sessionId: 's',
    kind: 'user',
    userId: null,
    username: 'runner',
    role: 'user',
    privileges: ['execute'],
    expiresAt: new Date(Date.now() + 3_600_000),
    name: null,
  } as Principal;

  beforeAll(async () => {
    p = await startCatalogPlatform(backend);
    id = (await p.http().post('/simulations').set(p.as('developer')).send(simulation()).expect(201)).body.id;
    const options = p.catalog.get(CatalogDatabase).dataSource.options as { database?: string; url?: string };
    reader = await openDatabase({
      url: backend === 'sqlite' ? `sqlite:${options.database}` : options.url!,
      entities: [],
      runMigrations: false,
    });
  });
  afterAll(async () => {
    await reader.destroy();
    await p.close();
  });

  const committed = async (ids: string[]) =>
    (
      await reader.query<{ execution_id: string }[]>(
        `SELECT execution_id FROM executions WHERE execution_id IN (${ids.map((_, i) => (backend === 'sqlite' ? '?' : `$${i + 1}`)).join(', ')}) ORDER BY execution_id`,
        ids,
      )
    ).map((r) => r.execution_id);

  it('answers each record only once it has committed, the ones of one turn in one transaction', async () => {
    const service = p.catalog.get(ExecutionsService);
    const ids = Array.from({ length: 12 }, (_, i) => `grp-${String(i).padStart(2, '0')}`);
    const seenAtAnswer: string[][] = [];
    // Submitted in one turn of the event loop: they go into one transaction together.
    const answers = await Promise.all(
      ids.map((execution_id) =>
        service
          .record({ execution_id, simulation_id: id, status: 'success' }, runner)
          .then(async (answer) => {
            seenAtAnswer.push(await committed(ids));
            return answer;
          }),
      ),
    );
    expect(answers.map((a) => a.already_recorded ?? false)).toEqual(Array(12).fill(false));
    expect(new Set(answers.map((a) => a.id)).size).toBe(12);
    // When any of them is answered, all twelve are visible to another connection: they committed
    // in one transaction, before the first answer.
    expect(seenAtAnswer).toEqual(Array(12).fill(ids));
    if (backend === 'postgres') {
      // PostgreSQL stamps a row with the id of the transaction that wrote it.
      const xmins = await reader.query<{ xmin: string }[]>(
        `SELECT DISTINCT xmin::text AS xmin FROM executions WHERE execution_id LIKE 'grp-%'`,
      );
      expect(xmins).toHaveLength(1);
    }
  });

  it('fails only the record of an unknown simulation in a batch, the others land', async () => {
    const service = p.catalog.get(ExecutionsService);
    const ok = ['bad-0', 'bad-1', 'bad-3'];
    const results = await Promise.allSettled(
      ['bad-0', 'bad-1', 'bad-2', 'bad-3'].map((execution_id) =>
        service.record(
          { execution_id, simulation_id: execution_id === 'bad-2' ? 999_999 : id, status: 'failed' },
          runner,
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const refused = (results[2] as PromiseRejectedResult).reason as {
      getStatus(): number;
      getResponse(): unknown;
    };
    expect(refused.getStatus()).toBe(404);
    expect(JSON.stringify(refused.getResponse())).toMatch(/No simulation with id 999999/);
    expect(await committed([...ok, 'bad-2'])).toEqual(ok);
  });

  it('answers concurrent HTTP records 201 each, every one visible to another connection when answered', async () => {
    const ids = Array.from({ length: 16 }, (_, i) => `http-${i}`);
    const visible = await Promise.all(
      ids.map(async (execution_id) => {
        await p
          .http()
          .post('/executions')
          .set(p.as('user'))
          .send({ execution_id, simulation_id: id, status: 'success' })
          .expect(201);
        return (await committed([execution_id])).length;
      }),
    );
    expect(visible).toEqual(Array(16).fill(1));
  });
});
