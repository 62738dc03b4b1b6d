import { readFileSync } from 'node:fs';
import { accessGaps, PUBLIC_ROUTES } from '@simvault/auth/testing';
import {
  accessMatrix,
  commonCases,
  READERS,
  statuses,
  untested,
  WRITERS,
  type AccessCase,
  type Caller,
} from '@simvault/app-auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { settled, startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

const direct = (id: string) => ({
  execution_id: id,
  simulation_name: 'matrix_sim',
  simulation_version: '1',
  input_params: { x: 1 },
  output_params: { y: 2 },
  status: 'completed',
});

/** Who may change usr's result: usr, and results_curate (developer, admin). */
const OWNER_OR_CURATOR: Caller[] = ['user', 'developer', 'admin'];

describe.each(TEST_BACKENDS)('the results privilege and ownership matrix on %s', (backend) => {
  let p: ResultsPlatform;
  let made = 0;
  const as = (who: Caller) => ({ 'X-Session-ID': p.tokens[who as keyof ResultsPlatform['tokens']] });
  /** A new run file in the run root, registered by nobody yet. */
  const newRun = async () => {
    const id = `m-${++made}`;
    return { id, file: p.sim2lRun(thermalRun(id, { temperature: 300 + made })) };
  };
  /** A new result of usr's (registered from a run file). */
  const usersResult = async () => {
    const run = await newRun();
    await p.http().post('/register').set(as('user')).send({ execution_id: run.id }).expect(200);
    return run;
  };
  beforeAll(async () => {
    p = await startResultsPlatform(backend);
    p.sim2lRun(
      thermalRun(
        'exec-matrix',
        { temperature: 300 },
        { metrics: [{ name: 'residual', value: 0.5 }], logs: [{ level: 'INFO', message: 'started' }] },
      ),
    );
    await p.http().post('/register').set(as('user')).send({ execution_id: 'exec-matrix' }).expect(200);
  });
  afterAll(() => p.close());

  const cases: AccessCase[] = [
    ...commonCases(),
    {
      route: 'POST /register',
      setup: newRun,
      body: ({ id }) => ({ execution_id: id }),
      expect: statuses(200, WRITERS),
    },
    {
      // Re-registering usr's result replaces it: usr, or results_curate; never anonymous.
      route: 'POST /register',
      setup: usersResult,
      body: ({ id }) => ({ execution_id: id }),
      expect: statuses(200, OWNER_OR_CURATOR),
    },
    {
      route: 'POST /register/upload',
      setup: newRun,
      body: ({ file }) => readFileSync(file),
      expect: statuses(200, WRITERS),
    },
    {
      route: 'POST /register/batch',
      setup: newRun,
      body: ({ file }) => ({ paths: [file] }),
      expect: statuses(202, WRITERS),
    },
    {
      route: 'POST /register_direct',
      setup: async () => ({ id: `d-${++made}` }),
      body: ({ id }) => direct(id),
      expect: statuses(200, WRITERS),
    },
    {
      route: 'POST /register_direct',
      setup: usersResult,
      body: ({ id }) => direct(id),
      expect: statuses(200, OWNER_OR_CURATOR),
    },
    { route: 'POST /search', body: {}, expect: statuses(200, READERS) },
    { route: 'GET /results', expect: statuses(200, READERS) },
    {
      route: 'GET /results/:executionId',
      setup: async () => ({ executionId: 'exec-matrix' }),
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /results/:executionId/run-file',
      setup: async () => ({ executionId: 'exec-matrix' }),
      expect: statuses(200, READERS),
    },
    // A run's metrics and logs are read like the run: by anyone holding read.
    {
      route: 'GET /results/:executionId/metrics',
      setup: async () => ({ executionId: 'exec-matrix' }),
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /results/:executionId/metrics/:name',
      setup: async () => ({ executionId: 'exec-matrix', name: 'residual' }),
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /results/:executionId/logs',
      setup: async () => ({ executionId: 'exec-matrix' }),
      query: 'level=INFO',
      expect: statuses(200, READERS),
    },
    {
      route: 'POST /results/:executionId/invalidate',
      setup: async () => ({ executionId: (await usersResult()).id }),
      body: { reason: 'checked' },
      expect: statuses(200, OWNER_OR_CURATOR),
    },
    {
      route: 'PUT /results/:executionId/tags',
      setup: async () => ({ executionId: (await usersResult()).id }),
      body: { tags: { project: 'matrix' } },
      expect: statuses(200, OWNER_OR_CURATOR),
    },
    {
      route: 'DELETE /results/:executionId/tags/:key',
      setup: async () => {
        const { id } = await usersResult();
        await p
          .http()
          .put(`/results/${id}/tags`)
          .set(as('user'))
          .send({ tags: { stage: 'x' } })
          .expect(200);
        return { executionId: id, key: 'stage' };
      },
      expect: statuses(200, OWNER_OR_CURATOR),
    },
    {
      route: 'DELETE /results/:executionId',
      setup: async () => ({ executionId: (await usersResult()).id }),
      expect: statuses(200, OWNER_OR_CURATOR),
    },
    {
      route: 'GET /stats/:simulation/:param',
      setup: async () => ({ simulation: 'thermal_sim', param: 'temperature' }),
      query: 'class=input',
      expect: statuses(200, READERS),
    },
    { route: 'GET /schemas', expect: statuses(200, READERS) },
    {
      route: 'GET /latest/:simulation',
      setup: async () => ({ simulation: 'thermal_sim' }),
      query: 'param=temperature&class=input',
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /schemas/:simulation',
      setup: async () => ({ simulation: 'thermal_sim' }),
      expect: statuses(200, READERS),
    },
    {
      // usr's job: usr's sessions that may read see it, an admin too; to anyone else it does not exist.
      route: 'GET /jobs/:id',
      setup: async () => {
        const run = await newRun();
        const queued = await p
          .http()
          .post('/register')
          .set(as('user'))
          .send({ execution_id: run.id, async: true })
          .expect(202);
        await settled(p, queued.body.job_id, p.tokens.user);
        return { id: queued.body.job_id as string };
      },
      expect: statuses(200, ['user', 'readonly', 'admin'], { other: 404, developer: 404, anonymous: 404 }),
    },
  ];

  it('declares an access rule on every route, and the matrix covers every one', () => {
    expect(accessGaps(p.results)).toEqual({ undeclared: [], public: PUBLIC_ROUTES });
    expect(untested(p.results, cases)).toEqual([]);
  });

  it('answers every caller of every route as the matrix says', async () => {
    expect(await accessMatrix(p.results, p, cases)).toEqual([]);
  }, 300_000);
});
