import { accessGaps, PUBLIC_ROUTES } from '@simvault/auth/testing';
import {
  accessMatrix,
  commonCases,
  everyone,
  LOGIN_CALLERS,
  startTestPlatform,
  statuses,
  untested,
  type AccessCase,
  type TestPlatform,
} from '@simvault/app-auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { ADMIN_PASSWORD, login, startAuthApp, type TestAuthApp } from './auth-app';

describe.each(TEST_BACKENDS)('the privilege matrix of the auth app on %s', (backend) => {
  let p: TestPlatform<Record<string, never>>;
  const http = () => request(p.auth.getHttpServer());
  let made = 0;
  /** A new user of the given role (something for an admin route to act on). */
  const newUser = async () => {
    const username = `target-${++made}`;
    await http()
      .post('/users')
      .set(p.as('admin'))
      .send({ username, password: `${username}-password` })
      .expect(201);
    return { username };
  };
  beforeAll(async () => {
    p = await startTestPlatform(backend, { name: 'auth_matrix', services: [] }, async () => ({}));
  });
  afterAll(() => p?.close());

  const cases: AccessCase[] = [
    ...commonCases(),
    { route: 'GET /session/strategies', expect: everyone(200) },
    {
      route: 'PUT /account/password',
      fresh: true,
      body: (_params, caller) => ({
        current_password: `${caller.username}-password`,
        new_password: `${caller.username}-password-2`,
      }),
      expect: statuses(200, LOGIN_CALLERS),
    },
    {
      route: 'POST /users',
      setup: async () => ({ username: `made-${++made}` }),
      body: ({ username }) => ({ username, password: `${username}-password` }),
      expect: statuses(201, ['admin']),
    },
    { route: 'GET /users', expect: statuses(200, ['admin']) },
    { route: 'GET /users/:username', setup: newUser, expect: statuses(200, ['admin']) },
    {
      route: 'PATCH /users/:username',
      setup: newUser,
      body: { email: 'someone@example.org' },
      expect: statuses(200, ['admin']),
    },
    {
      route: 'PUT /users/:username/password',
      setup: newUser,
      body: { password: 'a-new-password' },
      expect: statuses(200, ['admin']),
    },
    { route: 'DELETE /users/:username', setup: newUser, expect: statuses(200, ['admin']) },
    // Tokens come from a login session, never from another token or an anonymous session.
    { route: 'POST /tokens', body: { name: 'made-by' }, expect: statuses(201, LOGIN_CALLERS) },
    {
      route: 'GET /tokens',
      expect: statuses(200, ['anonymous', 'readonly', ...LOGIN_CALLERS]),
    },
    {
      // A token of usr's: usr's login and an admin revoke it; usr's own API tokens (read-only
      // included) may not, and to anyone else it does not exist.
      route: 'DELETE /tokens/:id',
      setup: async () => ({
        id: (await http().post('/tokens').set(p.as('user')).send({ name: 'victim' }).expect(201)).body.id,
      }),
      expect: statuses(200, ['user', 'admin'], { other: 404, developer: 404 }),
    },
    { route: 'GET /sessions', expect: statuses(200, ['admin']) },
    { route: 'GET /audit', expect: statuses(200, ['admin']) },
    {
      route: 'DELETE /sessions/:id',
      setup: async () => ({
        id: (
          await http().post('/session/login').send({ username: 'oth', password: 'oth-password' }).expect(200)
        ).body.id,
      }),
      expect: statuses(200, ['admin']),
    },
  ];

  it('declares an access rule on every route, and the matrix covers every one', () => {
    // The auth app alone tells clients which logins it offers.
    expect(accessGaps(p.auth)).toEqual({
      undeclared: [],
      public: [...PUBLIC_ROUTES, 'GET /session/strategies'].sort(),
    });
    expect(untested(p.auth, cases)).toEqual([]);
  });

  it('answers every caller of every route as the matrix says', async () => {
    expect(await accessMatrix(p.auth, p, cases)).toEqual([]);
  }, 120_000);

  it('refuses the revoked and the forged token with the reason', async () => {
    const revoked = await http().get('/session').set(p.as('revoked')).expect(401);
    expect(revoked.body.error).toBe('The session has been revoked; log in again.');
    const forged = await http().get('/session').set(p.as('forged')).expect(401);
    expect(forged.body.error).toBe('The session token is not valid.');
  });

  it("does not let a read-only API token revoke its owner's other tokens", async () => {
    const other = await http().post('/tokens').set(p.as('user')).send({ name: 'ci-deploy' }).expect(201);
    const refused = await http().delete(`/tokens/${other.body.id}`).set(p.as('readonly')).expect(403);
    expect(refused.body.error).toMatch(/^Tokens are revoked from a logged-in session/);
    await http().get('/session').set('X-Session-ID', other.body.token).expect(200);
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
