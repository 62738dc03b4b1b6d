import { TEST_BACKENDS } from '@simvault/db/testing';
import { ADMIN_PASSWORD, createUser, login, startAuthApp, type TestAuthApp } from './auth-app';

describe.each(TEST_BACKENDS)('users and API tokens on %s', (backend) => {
  let t: TestAuthApp;
  let admin: string;
  beforeAll(async () => {
    t = await startAuthApp(backend, { SIMVAULT_SESSION_CACHE_SECONDS: '0' });
    admin = await login(t, 'admin', ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('creates users, refuses a duplicate, and lists them page by page', async () => {
    const created = await t
      .http()
      .post('/users')
      .set(as(admin))
      .send({ username: 'alice', password: 'alice-password', role: 'developer', email: 'alice@example.org' })
      .expect(201);
    expect(created.body).toMatchObject({
      username: 'alice',
      role: 'developer',
      active: true,
      email: 'alice@example.org',
    });
    expect(created.body).not.toHaveProperty('password_hash');
    const dup = await t
      .http()
      .post('/users')
      .set(as(admin))
      .send({ username: 'alice', password: 'another-password' })
      .expect(409);
    expect(dup.body.error).toBe('User "alice" already exists.');
    for (const name of ['bob', 'carol', 'dave']) {
      await t
        .http()
        .post('/users')
        .set(as(admin))
        .send({ username: name, password: `${name}-password` })
        .expect(201);
    }
    const page1 = await t.http().get('/users?limit=2&offset=0').set(as(admin)).expect(200);
    expect(page1.body).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(page1.body.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'alice']);
    const page3 = await t.http().get('/users?limit=2&offset=4').set(as(admin)).expect(200);
    expect(page3.body.items.map((u: { username: string }) => u.username)).toEqual(['dave']);
    const developers = await t.http().get('/users?role=developer').set(as(admin)).expect(200);
    expect(developers.body.total).toBe(1);
    await t.http().get('/users?limit=5000').set(as(admin)).expect(400);
    await t.http().get('/users?active=maybe').set(as(admin)).expect(400);
  });

  it('changes a role, and the new privileges apply to existing sessions', async () => {
    const bob = await login(t, 'bob', 'bob-password');
    expect((await t.http().get('/session').set(as(bob))).body.privileges).not.toContain('catalog_update');
    await t.http().patch('/users/bob').set(as(admin)).send({ role: 'developer' }).expect(200);
    expect((await t.http().get('/session').set(as(bob))).body).toMatchObject({
      role: 'developer',
      privileges: expect.arrayContaining(['catalog_update', 'cache_invalidate']),
    });
    await t.http().patch('/users/bob').set(as(admin)).send({ role: 'wizard' }).expect(400);
    await t.http().patch('/users/bob').set(as(admin)).send({}).expect(400);
    // A null is no value for active or role (400 with a sentence); for email it removes the address.
    const nulled = await t.http().patch('/users/bob').set(as(admin)).send({ active: null }).expect(400);
    expect(nulled.body.error).toBe('Invalid request: active may not be null (leave it out instead).');
    await t.http().patch('/users/bob').set(as(admin)).send({ role: null }).expect(400);
    await t.http().patch('/users/bob').set(as(admin)).send({ email: 'bob@example.org' }).expect(200);
    const cleared = await t.http().patch('/users/bob').set(as(admin)).send({ email: null }).expect(200);
    expect(cleared.body.email).toBeNull();
    await t.http().patch('/users/nobody').set(as(admin)).send({ role: 'user' }).expect(404);
  });

  it('deactivates a user, whose sessions stop working, and reactivates them', async () => {
    const carol = await login(t, 'carol', 'carol-password');
    await t.http().patch('/users/carol').set(as(admin)).send({ active: false }).expect(200);
    const refused = await t.http().get('/session').set(as(carol)).expect(401);
    expect(refused.body.error).toBe('The account of this session is deactivated.');
    await t.http().post('/session/login').send({ username: 'carol', password: 'carol-password' }).expect(401);
    await t.http().patch('/users/carol').set(as(admin)).send({ active: true }).expect(200);
    await t.http().get('/session').set(as(carol)).expect(200);
  });

  it('sets a password (ending login sessions) and lets a user change their own', async () => {
    const dave = await login(t, 'dave', 'dave-password');
    await t.http().put('/users/dave/password').set(as(admin)).send({ password: 'short' }).expect(400);
    const set = await t
      .http()
      .put('/users/dave/password')
      .set(as(admin))
      .send({ password: 'dave-new-password' })
      .expect(200);
    expect(set.body).toEqual({ status: 'password_changed', revoked_sessions: 1 });
    await t.http().get('/session').set(as(dave)).expect(401);
    const fresh = await login(t, 'dave', 'dave-new-password');
    await t
      .http()
      .put('/account/password')
      .set(as(fresh))
      .send({ current_password: 'wrong', new_password: 'dave-third-password' })
      .expect(403);
    await t
      .http()
      .put('/account/password')
      .set(as(fresh))
      .send({ current_password: 'dave-new-password', new_password: 'dave-third-password' })
      .expect(200);
    await t.http().get('/session').set(as(fresh)).expect(200);
    await login(t, 'dave', 'dave-third-password');
  });

  it('protects the last admin and the caller', async () => {
    const res = await t.http().patch('/users/admin').set(as(admin)).send({ role: 'user' }).expect(409);
    expect(res.body.error).toBe('This is the last active admin; make another admin first.');
    await t.http().delete('/users/admin').set(as(admin)).expect(400);
  });

  it('deletes a user and every session of theirs', async () => {
    const eve = await createUser(t, admin, 'eve', 'user');
    await t.http().delete('/users/eve').set(as(admin)).expect(200, { status: 'deleted', username: 'eve' });
    await t.http().get('/session').set(as(eve)).expect(401);
    await t.http().get('/users/eve').set(as(admin)).expect(404);
  });

  it('issues API tokens limited to a subset of the owner privileges, lists and revokes them', async () => {
    const alice = await login(t, 'alice', 'alice-password');
    const created = await t
      .http()
      .post('/tokens')
      .set(as(alice))
      .send({ name: 'ci-readonly', privileges: ['read'], expires_in_days: 30 })
      .expect(201);
    expect(created.body).toMatchObject({
      kind: 'api_token',
      name: 'ci-readonly',
      privileges: ['read'],
      username: 'alice',
      active: true,
    });
    const ci = created.body.token as string;
    expect((await t.http().get('/session').set('X-Session-ID', ci)).body).toMatchObject({
      kind: 'api_token',
      privileges: ['read'],
      name: 'ci-readonly',
    });
    const beyond = await t
      .http()
      .post('/tokens')
      .set(as(alice))
      .send({ name: 'too-much', privileges: ['admin'] })
      .expect(400);
    expect(beyond.body.error).toBe('A token cannot have privileges you do not have: admin.');
    await t.http().post('/tokens').set(as(ci)).send({ name: 'from-a-token' }).expect(403);
    await t.http().post('/tokens').set(as(alice)).send({ name: '' }).expect(400);
    await t.http().post('/tokens').set(as(alice)).send({ name: 'x', expires_in_days: 99999 }).expect(400);
    const listed = await t.http().get('/tokens').set(as(alice)).expect(200);
    expect(listed.body.items.map((s: { name: string }) => s.name)).toEqual(['ci-readonly']);
    expect(listed.body.items[0]).not.toHaveProperty('token');
    await t.http().get('/tokens?all=true').set(as(alice)).expect(403);
    const everyone = await t.http().get('/tokens?all=true').set(as(admin)).expect(200);
    expect(everyone.body.total).toBe(1);
    const bob = await login(t, 'bob', 'bob-password');
    await t.http().delete(`/tokens/${created.body.id}`).set(as(bob)).expect(404);
    await t.http().delete(`/tokens/${created.body.id}`).set(as(alice)).expect(200);
    await t.http().get('/session').set('X-Session-ID', ci).expect(401);
    expect((await t.http().get('/tokens').set(as(alice))).body.total).toBe(0);
    expect((await t.http().get('/tokens?include_inactive=true').set(as(alice))).body.total).toBe(1);
  });

  it('loses token privileges its owner loses', async () => {
    const bob = await login(t, 'bob', 'bob-password');
    const token = (await t.http().post('/tokens').set(as(bob)).send({ name: 'dev' }).expect(201)).body.token;
    expect((await t.http().get('/session').set(as(token))).body.privileges).toContain('catalog_update');
    await t.http().patch('/users/bob').set(as(admin)).send({ role: 'user' }).expect(200);
    expect((await t.http().get('/session').set(as(token))).body.privileges).not.toContain('catalog_update');
  });

  it('lists sessions for an admin and revokes one', async () => {
    const res = await t.http().get('/sessions?username=alice&kind=login').set(as(admin)).expect(200);
    expect(res.body.total).toBeGreaterThan(0);
    expect(res.body.items[0]).toMatchObject({ kind: 'login', username: 'alice', active: true });
    await t.http().delete('/sessions/does-not-exist').set(as(admin)).expect(404);
    await t.http().get('/sessions?kind=nonsense').set(as(admin)).expect(400);
  });
});
