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
import { simulation, startCatalogPlatform, until, type CatalogPlatform } from './platform';

/** Who holds write here: the platform's `noread` token holds write only. */
const CATALOG_WRITERS: Caller[] = [...WRITERS, 'noread'];
const CATALOG_UPDATE: Caller[] = ['developer', 'admin'];

describe.each(TEST_BACKENDS)('the catalog privilege and ownership matrix on %s', (backend) => {
  let p: CatalogPlatform;
  let id = 0;
  let made = 0;
  const newSimulation = async () => ({
    id: String(
      (await p.http().post('/simulations').set(p.as('developer')).send(simulation()).expect(201)).body.id,
    ),
  });
  /** A reported simulation waiting for an admin (only the admin's call gets to use it). */
  const pending = async (caller: Caller) => {
    if (caller !== 'admin') return { id: '1' };
    const name = `pending_${++made}`;
    const job = await p
      .http()
      .post('/sync/auto')
      .set(p.as('user'))
      .send({ simulations: [simulation({ name })] })
      .expect(202);
    await until(async () => {
      const res = await p.http().get(`/sync/jobs/${job.body.job_id}`).set(p.as('user')).expect(200);
      return res.body.state === 'completed';
    });
    const items = (await p.http().get('/sync/pending').set(p.as('admin')).expect(200)).body.items as {
      id: number;
      name: string;
    }[];
    return { id: String(items.find((i) => i.name === name)!.id) };
  };
  beforeAll(async () => {
    p = await startCatalogPlatform(backend);
    id = (
      await p
        .http()
        .post('/simulations')
        .set(p.as('developer'))
        .send(simulation({ name: 'matrix_sim' }))
        .expect(201)
    ).body.id;
    await p
      .http()
      .post('/executions')
      .set(p.as('user'))
      .send({ simulation_id: id, execution_id: 'matrix-exec', status: 'success' })
      .expect(201);
  });
  afterAll(() => p.close());

  const cases: AccessCase[] = [
    ...commonCases(),
    { route: 'GET /simulations/search', expect: statuses(200, READERS) },
    {
      route: 'GET /simulations/:name',
      setup: async () => ({ name: 'matrix_sim' }),
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /simulations/:name/versions',
      setup: async () => ({ name: 'matrix_sim' }),
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /simulations/:id/stats',
      setup: async () => ({ id: String(id) }),
      expect: statuses(200, READERS),
    },
    { route: 'GET /statistics/overview', expect: statuses(200, READERS) },
    { route: 'GET /executions', expect: statuses(200, READERS) },
    {
      route: 'GET /executions/:executionId',
      setup: async () => ({ executionId: 'matrix-exec' }),
      expect: statuses(200, READERS),
    },
    { route: 'POST /simulations', body: () => simulation(), expect: statuses(201, CATALOG_UPDATE) },
    {
      route: 'PATCH /simulations/:id',
      setup: newSimulation,
      body: { tags: ['x'] },
      expect: statuses(200, CATALOG_UPDATE),
    },
    { route: 'DELETE /simulations/:id', setup: newSimulation, expect: statuses(200, ['admin']) },
    {
      // execute or run.
      route: 'POST /executions',
      body: () => ({ simulation_id: id, execution_id: `m-${++made}`, status: 'success' }),
      expect: statuses(201, ['runner', 'user', 'other', 'developer', 'admin']),
    },
    { route: 'GET /audit', expect: statuses(200, CATALOG_UPDATE) },
    { route: 'POST /installations', body: {}, expect: statuses(201, CATALOG_WRITERS) },
    { route: 'GET /installations', expect: statuses(200, CATALOG_UPDATE) },
    {
      route: 'POST /sync/auto',
      body: { simulations: [simulation()] },
      expect: statuses(202, CATALOG_WRITERS),
    },
    {
      // usr's job: usr's sessions that may write see it, an admin too; to anyone else it does not exist.
      route: 'GET /sync/jobs/:id',
      setup: async () => ({
        id: (await p.http().post('/sync/auto').set(p.as('user')).send({ simulations: [] }).expect(202)).body
          .job_id as string,
      }),
      expect: statuses(200, ['user', 'noread', 'admin'], { other: 404, developer: 404, anonymous: 404 }),
    },
    { route: 'GET /sync/pending', expect: statuses(200, ['admin']) },
    { route: 'POST /sync/:id/approve', setup: pending, expect: statuses(200, ['admin']) },
    { route: 'POST /sync/:id/reject', setup: pending, body: {}, expect: statuses(200, ['admin']) },
  ];

  it('declares an access rule on every route, and the matrix covers every one', () => {
    expect(accessGaps(p.catalog)).toEqual({ undeclared: [], public: PUBLIC_ROUTES });
    expect(untested(p.catalog, cases)).toEqual([]);
  });

  it('answers every caller of every route as the matrix says', async () => {
    expect(await accessMatrix(p.catalog, p, cases)).toEqual([]);
  }, 300_000);
});
