import { accessGaps, PUBLIC_ROUTES, routeAccess } from '@simvault/auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { simulation, startCatalogPlatform, type CatalogPlatform, type Who } from './platform';

type Method = 'get' | 'post' | 'patch' | 'delete';

const EVERYONE: Who[] = ['admin', 'developer', 'user', 'anonymous', 'readonly', 'noread', 'runner'];

/** Each catalog route, a body, and the sessions that lack its privilege. */
function matrix(id: number): [Method, string, object | undefined, Who[]][] {
  return [
    ['get', '/simulations/search', undefined, ['noread', 'runner']],
    ['get', '/simulations/matrix_sim', undefined, ['noread', 'runner']],
    ['get', '/simulations/matrix_sim/versions', undefined, ['noread', 'runner']],
    ['get', `/simulations/${id}/stats`, undefined, ['noread', 'runner']],
    ['get', '/statistics/overview', undefined, ['noread', 'runner']],
    ['get', '/executions', undefined, ['noread', 'runner']],
    ['get', '/executions/matrix-exec', undefined, ['noread', 'runner']],
    ['post', '/simulations', simulation(), ['user', 'anonymous', 'readonly', 'noread', 'runner']],
    ['patch', `/simulations/${id}`, { tags: ['x'] }, ['user', 'anonymous', 'readonly', 'noread', 'runner']],
    [
      'delete',
      `/simulations/${id}`,
      undefined,
      ['developer', 'user', 'anonymous', 'readonly', 'noread', 'runner'],
    ],
    [
      'post',
      '/executions',
      { simulation_id: id, execution_id: 'm', status: 'success' },
      ['anonymous', 'readonly', 'noread'],
    ],
    ['get', '/audit', undefined, ['user', 'anonymous', 'readonly', 'noread', 'runner']],
    ['post', '/installations', {}, ['readonly', 'runner']],
    ['get', '/installations', undefined, ['user', 'anonymous', 'readonly', 'noread', 'runner']],
    ['post', '/sync/auto', { simulations: [] }, ['readonly', 'runner']],
    ['get', '/sync/jobs/none', undefined, ['readonly', 'runner']],
    ['get', '/sync/pending', undefined, ['developer', 'user', 'anonymous', 'readonly', 'noread', 'runner']],
    [
      'post',
      '/sync/1/approve',
      undefined,
      ['developer', 'user', 'anonymous', 'readonly', 'noread', 'runner'],
    ],
    ['post', '/sync/1/reject', {}, ['developer', 'user', 'anonymous', 'readonly', 'noread', 'runner']],
  ];
}

describe.each(TEST_BACKENDS)('the catalog privilege matrix on %s', (backend) => {
  let p: CatalogPlatform;
  let id = 0;
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

  it('declares an access rule on every route, and every route is in the matrix', () => {
    expect(accessGaps(p.catalog)).toEqual({ undeclared: [], public: PUBLIC_ROUTES });
    const routes = routeAccess(p.catalog);
    const own = routes.filter((r) => !/^\w+ \/(health|session)/.test(r.route)).length;
    // Each of the catalog's own routes has its row in the matrix.
    expect(own).toBe(matrix(1).length);
  });

  it('refuses every route without a token (401) and each session lacking its privilege (403)', async () => {
    for (const [method, path, body, refused] of matrix(id)) {
      await p.http()[method](path).send(body).expect(401);
      for (const who of refused) {
        const res = await p.http()[method](path).set(p.as(who)).send(body);
        expect([path, who, res.status]).toEqual([path, who, 403]);
        expect(res.body.error).toMatch(/needs the (\w+)( or \w+)? privilege/);
      }
    }
  });

  it('lets every other session through', async () => {
    for (const [method, path, body, refused] of matrix(id)) {
      if (method === 'delete' || method === 'patch' || path === '/simulations') continue;
      for (const who of EVERYONE.filter((w) => !refused.includes(w))) {
        const res = await p.http()[method](path).set(p.as(who)).send(body);
        expect([path, who, res.status < 400 || res.status === 404 || res.status === 409]).toEqual([
          path,
          who,
          true,
        ]);
      }
    }
    await p
      .http()
      .patch(`/simulations/${id}`)
      .set(p.as('developer'))
      .send({ tags: ['y'] })
      .expect(200);
    await p.http().post('/simulations').set(p.as('developer')).send(simulation()).expect(201);
    await p.http().delete(`/simulations/${id}`).set(p.as('admin')).expect(200);
  });

  it('serves the shared session routes: a login here works on the auth app', async () => {
    const res = await p
      .http()
      .post('/session/login')
      .send({ username: 'usr', password: 'usr-password' })
      .expect(200);
    await request(p.auth.getHttpServer()).get('/session').set('X-Session-ID', res.body.token).expect(200);
  });
});
