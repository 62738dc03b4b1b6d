import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { SessionRepository } from '@simvault/auth';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startAuthApp, type TestAuthApp } from './auth-app';
import {
  Browser,
  CLIENT_ID,
  CLIENT_SECRET,
  freePort,
  startOidcProvider,
  type OidcProvider,
} from './servers/oidc';

jest.setTimeout(120_000);

const ACCOUNTS = {
  alice: {
    password: 'alice-op-pw',
    claims: { preferred_username: 'alice', email: 'alice@example.org', groups: ['simvault-devs'] },
  },
  bob: { password: 'bob-op-pw', claims: { preferred_username: 'bob', groups: ['simvault-admins', 'other'] } },
  carol: { password: 'carol-op-pw', claims: { preferred_username: 'carol', groups: [] } },
  dave: { password: 'dave-op-pw', disabled: true, claims: { preferred_username: 'dave' } },
  erin: { password: 'erin-op-pw', claims: { preferred_username: 'erin', groups: ['simvault-devs'] } },
  frank: { password: 'frank-op-pw', claims: { preferred_username: 'frank' } },
};

const verifierPair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describe.each(TEST_BACKENDS)('OpenID Connect logins against a real oidc-provider on %s', (backend) => {
  let provider: OidcProvider;
  let t: TestAuthApp;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider(ACCOUNTS, [`${base}/session/oidc/callback`]);
    t = await startAuthApp(backend, {
      SIMVAULT_AUTH_STRATEGIES: 'local,oidc',
      SIMVAULT_OIDC_ISSUER: provider.issuer,
      SIMVAULT_OIDC_CLIENT_ID: CLIENT_ID,
      SIMVAULT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      SIMVAULT_OIDC_REDIRECT_URL: `${base}/session/oidc/callback`,
      SIMVAULT_OIDC_ROLE_MAP: 'admin=simvault-admins;developer=simvault-devs',
      SIMVAULT_PROVIDER_RECHECK_SECONDS: '1',
      SIMVAULT_SESSION_CACHE_SECONDS: '0',
    });
    await t.app.listen(port, '127.0.0.1');
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  it('says which logins are on', async () => {
    const res = await t.http().get('/session/strategies').expect(200);
    expect(res.body).toMatchObject({
      strategies: ['local', 'oidc'],
      password: true,
      oidc: { device: '/session/oidc/device' },
    });
  });

  it('signs a browser in through the provider: the same session token, a user row keyed by sub', async () => {
    const { res, body } = await new Browser().login(`${base}/session/oidc/login`, 'alice', 'alice-op-pw');
    expect(res.status).toBe(200);
    const login = JSON.parse(body);
    expect(login).toMatchObject({ username: 'alice', role: 'developer' });
    await t.http().get('/session').set('X-Session-ID', login.token).expect(200);
    expect(await t.app.get(SessionRepository).findUserByName('alice')).toMatchObject({
      provider: 'oidc',
      externalId: 'alice',
      email: 'alice@example.org',
      providerRefresh: expect.any(String),
    });
  });

  it('maps claims to roles', async () => {
    const as = async (who: 'bob' | 'carol') =>
      JSON.parse((await new Browser().login(`${base}/session/oidc/login`, who, `${who}-op-pw`)).body).role;
    expect(await as('bob')).toBe('admin');
    expect(await as('carol')).toBe('user');
  });

  it('refuses a wrong password, an unknown user and a disabled one at the provider', async () => {
    for (const [username, password] of [
      ['alice', 'wrong'],
      ['nobody', 'whatever'],
      ['dave', 'dave-op-pw'],
    ]) {
      const { res, body } = await new Browser().login(`${base}/session/oidc/login`, username, password);
      expect(res.status).toBe(401);
      expect(JSON.parse(body).error).toBe('The provider did not sign you in (access_denied).');
    }
    expect(await t.app.get(SessionRepository).findUserByName('dave')).toBeNull();
  });

  it('returns to a CLI loopback with a one-time code that only its PKCE verifier redeems', async () => {
    const { verifier, challenge } = verifierPair();
    const loopback = 'http://127.0.0.1:9/callback';
    const start = `${base}/session/oidc/login?redirect_uri=${encodeURIComponent(loopback)}&state=cli-state&code_challenge=${challenge}&code_challenge_method=S256`;
    const { url } = await new Browser().login(start, 'erin', 'erin-op-pw', (u) =>
      u.href.startsWith(loopback),
    );
    expect(url.searchParams.get('state')).toBe('cli-state');
    const code = url.searchParams.get('code')!;
    // The code is not a session token.
    await t.http().get('/session').set('X-Session-ID', code).expect(401);
    const wrong = await t
      .http()
      .post('/session/oidc/token')
      .send({ code, code_verifier: verifierPair().verifier })
      .expect(401);
    expect(wrong.body.error).toBe('The code is not valid for this verifier, or has expired; log in again.');
    const token = await t
      .http()
      .post('/session/oidc/token')
      .send({ code, code_verifier: verifier })
      .expect(200);
    expect(token.body).toMatchObject({ username: 'erin', role: 'developer' });
    await t.http().get('/session').set('X-Session-ID', token.body.token).expect(200);
  });

  it('never returns to an address that is not a loopback or a configured one', async () => {
    const res = await t
      .http()
      .get(
        `/session/oidc/login?redirect_uri=${encodeURIComponent('https://elsewhere.example/cb')}&code_challenge=${verifierPair().challenge}`,
      )
      .expect(400);
    expect(res.body.error).toMatch(/^redirect_uri must be a loopback address/);
    await t
      .http()
      .get(`/session/oidc/login?redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}`)
      .expect(400);
  });

  it('refuses a callback that this server did not start', async () => {
    const res = await t.http().get('/session/oidc/callback?code=made-up&state=made-up').expect(401);
    expect(res.body.error).toBe('This login was not started here, or took too long; start again.');
  });

  it('signs a device in through the device flow', async () => {
    const started = await t.http().post('/session/oidc/device').expect(200);
    expect(started.body).toMatchObject({ user_code: expect.any(String), interval: 5 });
    const pending = await t
      .http()
      .post('/session/oidc/device/token')
      .send({ device_code: started.body.device_code })
      .expect(202);
    expect(pending.body).toEqual({ status: 'pending', interval: 5 });
    const approved = await new Browser().approveDevice(
      started.body.verification_uri_complete,
      'frank',
      'frank-op-pw',
    );
    expect(approved.body).toBe('device login complete');
    // The provider asks clients to wait between polls.
    await new Promise((r) => setTimeout(r, 5200));
    const done = await t
      .http()
      .post('/session/oidc/device/token')
      .send({ device_code: started.body.device_code })
      .expect(200);
    expect(done.body).toMatchObject({ username: 'frank', role: 'user' });
    await t.http().get('/session').set('X-Session-ID', done.body.token).expect(200);
  });

  it('takes away the access of someone the provider no longer admits, within the recheck time', async () => {
    const login = JSON.parse(
      (await new Browser().login(`${base}/session/oidc/login`, 'carol', 'carol-op-pw')).body,
    );
    await t.http().get('/session').set('X-Session-ID', login.token).expect(200);
    await provider.disable('carol');
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await t.http().get('/session').set('X-Session-ID', login.token)).status;
    }
    expect(status).toBe(401);
  });

  it('limits failed OpenID Connect attempts from one address', async () => {
    for (let i = 0; i < 5; i++)
      await t
        .http()
        .post('/session/oidc/token')
        .send({ code: 'made-up', code_verifier: verifierPair().verifier })
        .expect(401);
    await t.http().post('/session/oidc/device/token').send({ device_code: 'made-up' }).expect(429);
    await t.http().get('/session/oidc/callback?code=x&state=y').expect(429);
  });
});
