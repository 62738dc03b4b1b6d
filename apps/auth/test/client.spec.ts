import { AuthClient, SimvaultError } from '@simvault/client';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { ADMIN_PASSWORD, startAuthApp, type TestAuthApp } from './auth-app';

describe.each(TEST_BACKENDS)('AuthClient against the auth app on %s', (backend) => {
  let t: TestAuthApp;
  let url: string;
  beforeAll(async () => {
    t = await startAuthApp(backend, { SIMVAULT_SESSION_CACHE_SECONDS: '0' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
  });
  afterAll(() => t.close());

  it('drives a session, users and tokens through the typed client', async () => {
    const admin = new AuthClient(url);
    const login = await admin.login('admin', ADMIN_PASSWORD);
    expect(login.role).toBe('admin');
    expect((await admin.whoami()).username).toBe('admin');
    await admin.createUser({ username: 'ci-owner', password: 'ci-owner-password', role: 'developer' });
    expect((await admin.listUsers({ limit: 1 })).total).toBe(2);

    const owner = new AuthClient(url);
    await owner.login('ci-owner', 'ci-owner-password');
    const token = await owner.createToken({ name: 'ci', privileges: ['read'] });
    const ci = new AuthClient(url, { token: token.token });
    expect((await ci.whoami()).privileges).toEqual(['read']);
    const refused = await ci.listUsers().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SimvaultError);
    expect((refused as SimvaultError).status).toBe(403);

    await owner.revokeToken(token.id);
    await expect(ci.whoami()).rejects.toMatchObject({ status: 401 });
    await owner.refresh();
    await owner.logout();
    expect(owner.token).toBeUndefined();
  });
});
