import { accessGaps, PUBLIC_ROUTES } from '@simvault/auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { entry, startCachePlatform, type CachePlatform } from './platform';

type Method = 'get' | 'post' | 'delete';
type Who = keyof CachePlatform['tokens'];

/** Each cache route, a valid body, and the sessions that lack its privilege. */
const MATRIX: [Method, string, object | undefined, Who[]][] = [
  ['get', '/cache/matrix/key', undefined, ['noread']],
  ['get', '/cache/stats', undefined, ['noread']],
  ['get', '/cache/stats/history', undefined, ['noread']],
  ['get', '/cache/entries', undefined, ['noread']],
  ['post', '/cache', entry({ cache_key: 'matrix/new' }), ['readonly', 'noread']],
  ['delete', '/cache/matrix/key', undefined, ['user', 'anonymous', 'readonly', 'noread']],
  ['post', '/cache/invalidate', { simulation_id: 9 }, ['user', 'anonymous', 'readonly', 'noread']],
  ['get', '/cache/invalidations', undefined, ['user', 'anonymous', 'readonly', 'noread']],
  ['post', '/cache/invalidate', { all: true }, ['developer', 'user', 'anonymous', 'readonly', 'noread']],
  ['delete', '/cache', undefined, ['developer', 'user', 'anonymous', 'readonly', 'noread']],
];

describe.each(TEST_BACKENDS)('the cache privilege matrix on %s', (backend) => {
  let p: CachePlatform;
  beforeAll(async () => {
    p = await startCachePlatform(backend);
    await p
      .http()
      .post('/cache')
      .set('X-Session-ID', p.tokens.user)
      .send(entry({ cache_key: 'matrix/key' }))
      .expect(200);
  });
  afterAll(() => p.close());

  it('declares an access rule on every route', () => {
    expect(accessGaps(p.cache)).toEqual({ undeclared: [], public: PUBLIC_ROUTES });
  });

  describe.each(MATRIX)('%s %s', (method, path, body, refused) => {
    it('is refused without a token (401)', async () => {
      await p.http()[method](path).send(body).expect(401);
    });
    it.each(refused)('is refused to a %s session (403)', async (who) => {
      const res = await p.http()[method](path).set('X-Session-ID', p.tokens[who]).send(body).expect(403);
      expect(res.body.error).toMatch(/needs the (\w+) privilege/);
    });
  });

  it('lets the right sessions through', async () => {
    await p.http().get('/cache/matrix/key').set('X-Session-ID', p.tokens.readonly).expect(200);
    await p.http().get('/cache/matrix/key').set('Authorization', `Bearer ${p.tokens.anonymous}`).expect(200);
    await p
      .http()
      .post('/cache/invalidate')
      .set('X-Session-ID', p.tokens.developer)
      .send({ simulation_id: 9 })
      .expect(200);
    await p.http().delete('/cache/matrix/key').set('X-Session-ID', p.tokens.developer).expect(200);
    await p.http().delete('/cache').set('X-Session-ID', p.tokens.admin).expect(200);
  });

  it('serves the shared session routes: a login here works on the auth app', async () => {
    const res = await p
      .http()
      .post('/session/login')
      .send({ username: 'usr', password: 'usr-password' })
      .expect(200);
    await p.http().get('/session').set('X-Session-ID', res.body.token).expect(200);
  });
});
