import { accessGaps, PUBLIC_ROUTES, routeAccess } from '@simvault/auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { ADMIN_PASSWORD, createUser, login, startAuthApp, type TestAuthApp } from './auth-app';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every admin-only route of the auth app, with a body that would be valid. */
const ADMIN_ROUTES: [Method, string, object?][] = [
  ['post', '/users', { username: 'matrix-made', password: 'matrix-password' }],
  ['get', '/users'],
  ['get', '/users/admin'],
  ['patch', '/users/target', { email: 'target@example.org' }],
  ['put', '/users/target/password', { password: 'target-password-2' }],
  ['delete', '/users/target'],
  ['get', '/sessions'],
  ['delete', '/sessions/00000000-0000-0000-0000-000000000000'],
];

/** One request to the app, by method name (keeps the matrix below a table). */
const call = (t: TestAuthApp, method: Method, path: string) => t.http()[method](path);

describe.each(TEST_BACKENDS)('the access rules of the auth app on %s', (backend) => {
  let t: TestAuthApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startAuthApp(backend);
    tokens.admin = await login(t, 'admin', ADMIN_PASSWORD);
    tokens.user = await createUser(t, tokens.admin, 'matrix-user', 'user');
    tokens.developer = await createUser(t, tokens.admin, 'matrix-dev', 'developer');
    tokens.anonymous = (await t.http().post('/session/anonymous').send({}).expect(200)).body.token;
    tokens.readonlyAdminToken = (
      await t
        .http()
        .post('/tokens')
        .set('X-Session-ID', tokens.admin)
        .send({ name: 'ro', privileges: ['read'] })
        .expect(201)
    ).body.token;
    await t
      .http()
      .post('/users')
      .set('X-Session-ID', tokens.admin)
      .send({ username: 'target', password: 'target-password' })
      .expect(201);
  });
  afterAll(() => t.close());

  it('declares an access rule on every route', () => {
    expect(routeAccess(t.app).length).toBeGreaterThan(15);
    expect(accessGaps(t.app)).toEqual({ undeclared: [], public: PUBLIC_ROUTES });
  });

  describe.each(ADMIN_ROUTES)('%s %s', (method, path, body) => {
    it('is refused without a token (401)', async () => {
      await call(t, method, path)
        .send(body ?? {})
        .expect(401);
    });
    it.each(['anonymous', 'user', 'developer', 'readonlyAdminToken'])(
      'is refused to a %s session (403)',
      async (who) => {
        const res = await call(t, method, path)
          .set('X-Session-ID', tokens[who])
          .send(body ?? {})
          .expect(403);
        expect(res.body.error).toBe('This needs the admin privilege, which this session does not have.');
      },
    );
  });

  it('lets an admin through every admin route', async () => {
    for (const [method, path, body] of ADMIN_ROUTES) {
      const res = await call(t, method, path)
        .set('Authorization', `Bearer ${tokens.admin}`)
        .send(body ?? {});
      expect([200, 201, 404]).toContain(res.status);
    }
  });

  it('lets every kind of session read who it is', async () => {
    for (const who of Object.keys(tokens))
      await t.http().get('/session').set('X-Session-ID', tokens[who]).expect(200);
  });
});

describe.each(TEST_BACKENDS)('bad input to the auth app on %s', (backend) => {
  let t: TestAuthApp;
  let admin: string;
  beforeAll(async () => {
    t = await startAuthApp(backend);
    admin = await login(t, 'admin', ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  it('names missing fields', async () => {
    const res = await t.http().post('/session/login').send({}).expect(400);
    expect(res.body.error).toBe('Invalid request: username is required; password is required.');
    expect(res.body.details).toEqual([
      { field: 'username', problems: ['username is required'] },
      { field: 'password', problems: ['password is required'] },
    ]);
  });

  it('names fields of the wrong type', async () => {
    const res = await t
      .http()
      .post('/session/login')
      .send({ username: 42, password: ['x'] })
      .expect(400);
    expect(res.body.error).toMatch(/username must be a string/);
    expect(res.body.error).toMatch(/password must be a string/);
    const user = await t
      .http()
      .post('/users')
      .set('X-Session-ID', admin)
      .send({ username: '../etc', password: 'long-enough', role: 'root' })
      .expect(400);
    expect(user.body.error).toMatch(/username must be 1 to 64 letters/);
    expect(user.body.error).toMatch(/role must be one of/);
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await t
      .http()
      .post('/session/login')
      .set('Content-Type', 'application/json')
      .send('{"username": "admin",')
      .expect(400);
    expect(res.body.error).toMatch(/^The request body is not valid JSON/);
  });

  it('refuses a 10 MB body with 413 and stays up', async () => {
    const huge = JSON.stringify({ username: 'admin', password: 'x'.repeat(10 * 1024 * 1024) });
    const res = await t
      .http()
      .post('/session/login')
      .set('Content-Type', 'application/json')
      .send(huge)
      .expect(413);
    expect(res.body).toEqual({ error: 'The request body is too large.', statusCode: 413 });
    await t.http().get('/health').expect(200);
  });

  it('ignores unknown fields rather than failing (sim2l clients send extra)', async () => {
    await t
      .http()
      .post('/session/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD, client: 'sim2l' })
      .expect(200);
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const own = await t.http().get('/health/live').set('X-Request-Id', 'trace-42').expect(200);
    expect(own.headers['x-request-id']).toBe('trace-42');
    const made = await t
      .http()
      .get('/health/live')
      .set('X-Request-Id', 'bad id with spaces and /slashes/')
      .expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const res = await t.http().get('/nowhere').expect(404);
    expect(res.body).toEqual({ error: 'No route GET /nowhere.', statusCode: 404 });
  });

  it('serves OpenAPI at /openapi.json and the docs at /docs', async () => {
    const spec = await t.http().get('/openapi.json').expect(200);
    expect(spec.body.paths).toHaveProperty('/session/login');
    expect(spec.body.paths).toHaveProperty('/users/{username}');
    await t.http().get('/docs').expect(200);
  });
});
