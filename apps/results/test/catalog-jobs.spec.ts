import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { settled, startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

const REDIS_URL = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** What the catalog's thermal_sim 1.0.0 declares (the expectations below are read from it by hand). */
const MAX_TEMPERATURE = 5000;
const aboveMax = (t: number) => ({
  param: 'temperature',
  class: 'input',
  problem: 'max',
  message: `inputs.temperature: ${t} is above the declared maximum ${MAX_TEMPERATURE}`,
});

/**
 * Queued registrations (async, batch) checked against the catalog (issue 21): the job holds the
 * schemas the caller's token found when it was queued, never the token; run in-process and by a
 * BullMQ worker on Redis.
 */
describe.each(
  TEST_BACKENDS.flatMap(
    (backend) =>
      [
        [backend, 'in-process'],
        [backend, 'redis'],
      ] as const,
  ),
)('queued registrations and the catalog on %s with %s queues', (backend, queues) => {
  let p: ResultsPlatform;
  let simulationId: number;
  const as = () => ({ 'X-Session-ID': p.tokens.user });

  beforeAll(async () => {
    p = await startResultsPlatform(
      backend,
      queues === 'redis' ? { SIMVAULT_REDIS_URL: REDIS_URL } : {},
      undefined,
      { withCatalog: true },
    );
    const created = await p
      .catalogHttp()
      .post('/simulations')
      .set('X-Session-ID', p.tokens.developer)
      .send({
        name: 'thermal_sim',
        version: '1.0.0',
        input_schema: { temperature: { type: 'Number', units: 'K', min: 0, max: MAX_TEMPERATURE } },
        output_schema: { max_stress: { type: 'Number', units: 'Pa' } },
      })
      .expect(201);
    simulationId = created.body.id;
  });
  afterAll(() => p.close());

  it('checks an async registration against the schema the caller saw when it was queued', async () => {
    expect((await p.http().get('/health').expect(200)).body.queues).toBe(queues);
    p.sim2lRun(thermalRun('hot-1', { temperature: 99999, max_stress: 5 }));
    const queued = await p
      .http()
      .post('/register')
      .set(as())
      .send({ execution_id: 'hot-1', async: true })
      .expect(202);
    const job = await settled(p, queued.body.job_id, p.tokens.user);
    expect(job.state).toBe('completed');
    expect(job.result).toMatchObject({
      execution_id: 'hot-1',
      schema_ok: false,
      schema_warnings: [aboveMax(99999)],
      catalog_notes: [],
      simulation_id: simulationId,
    });
    const stored = await p.http().get('/results/hot-1').set(as()).expect(200);
    expect(stored.body.schema_ok).toBe(false);
    expect(stored.body.schema_warnings).toEqual([aboveMax(99999)]);
    // Recorded as the caller when it was queued (the job holds no credential).
    const execution = await p.catalogHttp().get('/executions/hot-1').set(as()).expect(200);
    expect(execution.body).toMatchObject({
      execution_id: 'hot-1',
      simulation_id: simulationId,
      username: 'usr',
      status: 'completed',
    });
  });

  it('checks an async upload', async () => {
    mkdirSync(join(p.runRoot, 'up'), { recursive: true });
    const path = p.sim2lRun(thermalRun('hot-up', { temperature: 7000 }), join(p.runRoot, 'up'));
    const queued = await p
      .http()
      .post('/register/upload?async=true')
      .set(as())
      .set('Content-Type', 'application/octet-stream')
      .send(readFileSync(path))
      .expect(202);
    const job = await settled(p, queued.body.job_id, p.tokens.user);
    expect(job.result).toMatchObject({
      execution_id: 'hot-up',
      schema_ok: false,
      schema_warnings: [aboveMax(7000)],
      catalog_notes: [],
    });
    await p.catalogHttp().get('/executions/hot-up').set(as()).expect(200);
  });

  it('checks each file of a batch, across simulations the catalog knows and does not know', async () => {
    const dir = join(p.runRoot, 'hot-batch');
    mkdirSync(dir, { recursive: true });
    const temperatures = [300, 6000, 4999, 70000];
    temperatures.forEach((t, i) => p.sim2lRun(thermalRun(`hb-${i}`, { temperature: t }), dir));
    p.sim2lRun(thermalRun('hb-other', { temperature: 1 }, { simulationName: 'nobody_knows' }), dir);
    const queued = await p.http().post('/register/batch').set(as()).send({ directory: dir }).expect(202);
    const job = await settled(p, queued.body.job_id, p.tokens.user);
    expect(job.progress).toMatchObject({ registered: 5, failed: 0 });
    for (const [i, t] of temperatures.entries()) {
      const stored = await p.http().get(`/results/hb-${i}`).set(as()).expect(200);
      const expected = t > MAX_TEMPERATURE ? [aboveMax(t)] : [];
      expect({ ok: stored.body.schema_ok, warnings: stored.body.schema_warnings ?? [] }).toEqual({
        ok: expected.length === 0,
        warnings: expected,
      });
    }
    const other = await p.http().get('/results/hb-other').set(as()).expect(200);
    expect(other.body.schema_ok).toBeNull();
    // A batch's executions are not recorded in the catalog (one catalog call per file in the request).
    await p.catalogHttp().get('/executions/hb-0').set(as()).expect(404);
  });

  it('says when the catalog refused to record the execution (an anonymous session)', async () => {
    p.sim2lRun(thermalRun('hot-anon', { temperature: 99999 }));
    const queued = await p
      .http()
      .post('/register')
      .set('X-Session-ID', p.tokens.anonymous)
      .send({ execution_id: 'hot-anon', async: true })
      .expect(202);
    const job = await settled(p, queued.body.job_id, p.tokens.anonymous);
    expect(job.result).toMatchObject({
      schema_ok: false,
      schema_warnings: [aboveMax(99999)],
      catalog_notes: [
        'The catalog did not record the execution: This needs the execute or run privilege, which this session does not have.',
      ],
    });
  });
});
