import { accessGaps, PUBLIC_ROUTES, routeAccess } from '@simvault/auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startFilesPlatform, type FilesPlatform, type Who } from './platform';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

describe.each(TEST_BACKENDS)('the files privilege matrix on %s', (backend) => {
  let p: FilesPlatform;
  let id: string;
  beforeAll(async () => {
    p = await startFilesPlatform(backend);
    id = (await p.http().post('/files').set(p.as('user')).send({ name: 'matrix', uri: 'u' }).expect(201)).body
      .id;
  });
  afterAll(() => p.close());

  /** Each route, a body, and the sessions that lack its privilege (write routes: read-only tokens too). */
  const matrix = (): [Method, string, object | undefined, Who[]][] => [
    ['get', '/files', undefined, ['noread']],
    ['get', `/files/${id}`, undefined, ['noread']],
    ['get', `/files/${id}/content`, undefined, ['noread']],
    ['get', `/files/${id}/export`, undefined, ['noread']],
    ['post', '/files', { name: 'new', is_folder: true }, ['readonly', 'noread']],
    ['post', '/files/upload?name=up', undefined, ['readonly', 'noread']],
    ['post', '/files/batch', { action: 'tag', ids: [id], tags: ['t'] }, ['readonly', 'noread']],
    ['patch', `/files/${id}`, { name: 'renamed' }, ['readonly', 'noread']],
    ['put', `/files/${id}/content`, undefined, ['readonly', 'noread']],
    ['delete', `/files/${id}`, undefined, ['readonly', 'noread']],
    ['get', '/runs/exec-1/files', undefined, ['noread']],
    ['get', '/runs/exec-1/files/a.txt', undefined, ['noread']],
    ['get', '/runs/exec-1/export', undefined, ['noread']],
    ['post', '/runs/exec-1/index', {}, ['readonly', 'noread']],
    ['get', '/simulations/thermal_sim/1.0.0/files', undefined, ['noread']],
  ];

  it('declares an access rule on every route', () => {
    expect(accessGaps(p.files)).toEqual({ undeclared: [], public: PUBLIC_ROUTES });
    expect(routeAccess(p.files).filter((r) => r.access?.kind === 'privileges').length).toBe(matrix().length);
  });

  it('refuses every route without a token (401) and to sessions without its privilege (403)', async () => {
    for (const [method, path, body, refused] of matrix()) {
      const anonymous = await p.http()[method](path).send(body);
      expect([method, path, anonymous.status]).toEqual([method, path, 401]);
      for (const who of refused) {
        const res = await p.http()[method](path).set(p.as(who)).send(body);
        expect([method, path, who, res.status]).toEqual([method, path, who, 403]);
        expect(res.body.error).toMatch(/needs the (read|write) privilege/);
      }
    }
  });

  it('lets readers read and writers write, anonymous sessions included', async () => {
    await p.http().get(`/files/${id}`).set(p.as('readonly')).expect(200);
    await p.http().get('/files').set('Authorization', `Bearer ${p.tokens.anonymous}`).expect(200);
    await p.http().post('/files').set(p.as('anonymous')).send({ name: 'anon', is_folder: true }).expect(201);
    await p.http().patch(`/files/${id}`).set(p.as('user')).send({ name: 'renamed' }).expect(200);
    await p.http().delete(`/files/${id}`).set(p.as('admin')).expect(200);
  });
});
