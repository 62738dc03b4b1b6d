import { PasswordHasher, SessionRepository } from '@simvault/auth';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { SessionEntity } from '@simvault/entities';
import * as jwt from 'jsonwebtoken';
import { ADMIN_PASSWORD, createUser, login, startAuthApp, type TestAuthApp } from './auth-app';

describe.each(TEST_BACKENDS)('auth sessions on %s', (backend) => {
  let t: TestAuthApp;
  beforeAll(async () => {
    t = await startAuthApp(backend, { SIMVAULT_SESSION_CACHE_SECONDS: '0' });
  });
  afterAll(() => t.close());

  it('reports itself healthy with its backend', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'healthy',
      service: 'auth',
      backend: backend === 'postgres' ? 'postgresql' : 'sqlite',
    });
  });

  it('logs in and answers who the caller is, from either token header', async () => {
    const res = await t
      .http()
      .post('/session/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    expect(res.body).toMatchObject({
      username: 'admin',
      role: 'admin',
      privileges: expect.arrayContaining(['admin', 'read']),
    });
    expect(res.body.session_id).toBe(res.body.token);
    expect(new Date(res.body.expires_at).getTime()).toBeGreaterThan(Date.now());
    const bearer = await t
      .http()
      .get('/session')
      .set('Authorization', `Bearer ${res.body.token}`)
      .expect(200);
    expect(bearer.body).toMatchObject({ id: res.body.id, kind: 'login', username: 'admin', role: 'admin' });
    const sim2l = await t.http().get('/session').set('X-Session-ID', res.body.token).expect(200);
    expect(sim2l.body.username).toBe('admin');
  });

  it('answers a wrong password and an unknown user the same way, after the same password check', async () => {
    const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
    const wrong = await t
      .http()
      .post('/session/login')
      .send({ username: 'admin', password: 'not-it' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/session/login')
      .send({ username: 'nobody', password: 'not-it' })
      .expect(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: 'Invalid username or password.', statusCode: 401 });
    // Both paths run one argon2 verification, so they take about the same time.
    expect(verify).toHaveBeenCalledTimes(2);
    verify.mockRestore();
  });

  it('refuses the sixth failed login in a minute for an address and username with 429', async () => {
    for (let i = 0; i < 5; i++) {
      await t
        .http()
        .post('/session/login')
        .send({ username: 'ratelimited', password: 'wrong-password' })
        .expect(401);
    }
    const res = await t
      .http()
      .post('/session/login')
      .send({ username: 'ratelimited', password: 'wrong-password' })
      .expect(429);
    expect(res.body.error).toMatch(/Too many login attempts/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another username from the same address is not affected.
    await t.http().post('/session/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
  });

  it('does not believe X-Forwarded-For from an untrusted client, so spoofing it does not dodge the limit', async () => {
    for (let i = 0; i < 5; i++) {
      await t
        .http()
        .post('/session/login')
        .set('X-Forwarded-For', `10.0.0.${i}`)
        .send({ username: 'spoofer', password: 'wrong-password' })
        .expect(401);
    }
    await t
      .http()
      .post('/session/login')
      .set('X-Forwarded-For', '10.9.9.9')
      .send({ username: 'spoofer', password: 'wrong-password' })
      .expect(429);
  });

  it('refuses a tampered token, a token signed with another secret, and a missing one', async () => {
    const token = await login(t, 'admin', ADMIN_PASSWORD);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sid: 'someone-else' })).toString('base64url');
    const tampered = await t
      .http()
      .get('/session')
      .set('Authorization', `Bearer ${header}.${forged}.${signature}`)
      .expect(401);
    expect(tampered.body.error).toBe('The session token is not valid.');
    const other = jwt.sign({ sid: claims.sid, exp: claims.exp }, 'x'.repeat(40), { issuer: 'simvault' });
    await t.http().get('/session').set('Authorization', `Bearer ${other}`).expect(401);
    await t.http().get('/session').set('Authorization', 'Bearer not-a-jwt').expect(401);
    const none = await t.http().get('/session').expect(401);
    expect(none.body.error).toMatch(/Authentication required/);
  });

  it('refuses an expired session', async () => {
    const res = await t
      .http()
      .post('/session/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    await t.app
      .get(SessionRepository)
      .sessions.update({ id: res.body.id }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await t.http().get('/session').set('X-Session-ID', res.body.token).expect(401);
    expect(expired.body.error).toBe('The session has expired; log in again.');
    await t.http().post('/session/refresh').set('X-Session-ID', res.body.token).expect(401);
  });

  it('refreshes a login session and refuses a logged-out one', async () => {
    const res = await t
      .http()
      .post('/session/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    await new Promise((r) => setTimeout(r, 1100));
    const refreshed = await t
      .http()
      .post('/session/refresh')
      .set('Authorization', `Bearer ${res.body.token}`)
      .expect(200);
    expect(refreshed.body.id).toBe(res.body.id);
    expect(new Date(refreshed.body.expires_at).getTime()).toBeGreaterThan(
      new Date(res.body.expires_at).getTime(),
    );
    await t.http().get('/session').set('Authorization', `Bearer ${refreshed.body.token}`).expect(200);
    await t
      .http()
      .post('/session/logout')
      .set('Authorization', `Bearer ${refreshed.body.token}`)
      .expect(200, { status: 'logged_out' });
    const after = await t
      .http()
      .get('/session')
      .set('Authorization', `Bearer ${refreshed.body.token}`)
      .expect(401);
    expect(after.body.error).toBe('The session has been revoked; log in again.');
    await t.http().get('/session').set('Authorization', `Bearer ${res.body.token}`).expect(401);
  });

  it('starts anonymous sessions with a subset of the allowed privileges, never admin', async () => {
    const res = await t
      .http()
      .post('/session/anonymous')
      .send({ privileges: ['read'], ttl_seconds: 600 })
      .expect(200);
    expect(res.body).toMatchObject({ username: 'anonymous', role: null, privileges: ['read'] });
    const who = await t.http().get('/session').set('X-Session-ID', res.body.token).expect(200);
    expect(who.body).toMatchObject({ kind: 'anonymous', privileges: ['read'] });
    expect(new Date(who.body.expires_at).getTime()).toBeLessThanOrEqual(Date.now() + 601_000);
    const all = await t.http().post('/session/anonymous').send({}).expect(200);
    // Read only unless configuration grants more.
    expect(all.body.privileges).toEqual(['read']);
    const write = await t
      .http()
      .post('/session/anonymous')
      .send({ privileges: ['read', 'write'] })
      .expect(400);
    expect(write.body.error).toBe('Anonymous sessions may not have write; allowed: read.');
    const admin = await t
      .http()
      .post('/session/anonymous')
      .send({ privileges: ['admin'] })
      .expect(400);
    expect(admin.body.error).toMatch(/may not have admin/);
    await t
      .http()
      .post('/session/anonymous')
      .send({ privileges: ['root'] })
      .expect(400);
    await t.http().post('/session/refresh').set('X-Session-ID', res.body.token).expect(400);
  });

  it('keeps passwords hashed with argon2id, never in clear', async () => {
    const user = await t.app.get(SessionRepository).findUserByName('admin');
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user!.passwordHash).not.toContain(ADMIN_PASSWORD);
  });

  it('sees a revocation made through another app within the session cache time', async () => {
    const other = await startAuthApp(backend, { SIMVAULT_SESSION_CACHE_SECONDS: '1' }, t.db);
    try {
      const admin = await login(t, 'admin', ADMIN_PASSWORD);
      const user = await createUser(t, admin, 'revokee', 'user');
      await other.http().get('/session').set('X-Session-ID', user).expect(200);
      const id = (await t.http().get('/session').set('X-Session-ID', user)).body.id;
      await t
        .http()
        .delete(`/sessions/${id}`)
        .set('X-Session-ID', admin)
        .expect(200, { status: 'revoked', id });
      await new Promise((r) => setTimeout(r, 1100));
      await other.http().get('/session').set('X-Session-ID', user).expect(401);
      const rows = await t.app.get(SessionRepository).sessions.count({ where: { id } });
      expect(rows).toBe(1);
      expect((await t.app.get(SessionRepository).sessions.findOneBy({ id })) as SessionEntity).toMatchObject({
        revokedAt: expect.any(Date),
      });
    } finally {
      await other.close();
    }
  });
});

describe.each(TEST_BACKENDS)('auth with anonymous sessions disabled on %s', (backend) => {
  let t: TestAuthApp;
  beforeAll(async () => {
    t = await startAuthApp(backend, { SIMVAULT_ANONYMOUS_SESSIONS: 'false' });
  });
  afterAll(() => t.close());

  it('refuses anonymous sessions with 403', async () => {
    const res = await t.http().post('/session/anonymous').send({}).expect(403);
    expect(res.body.error).toBe('Anonymous sessions are disabled on this server; log in instead.');
  });
});
