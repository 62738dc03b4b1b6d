import { SessionRepository } from '@simvault/auth';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { ADMIN_PASSWORD, login, startAuthApp, type TestAuthApp } from './auth-app';
import { GROUPS, PEOPLE, READER_DN, READER_PASSWORD, startSlapd, type Slapd } from './servers/slapd';

// The first run on a clean machine installs slapd from Debian's packages.
jest.setTimeout(300_000);

const PEOPLE_IN_DIRECTORY = [
  { uid: 'alice', password: 'alice-ldap-pw', mail: 'alice@example.org' },
  { uid: 'bob', password: 'bob-ldap-pw' },
  { uid: 'carol', password: 'carol-ldap-pw' },
  { uid: 'dave', password: 'dave-ldap-pw', employeeType: 'disabled' },
  { uid: 'erin', password: 'erin-ldap-pw' },
  { uid: 'frank', password: 'frank-ldap-pw' },
  // The same name as Simvault's own admin: the local account keeps it.
  { uid: 'admin', password: 'directory-admin-pw' },
];
const GROUP_MEMBERS = { devs: ['alice'], admins: ['bob'], staff: ['alice', 'bob', 'carol', 'erin', 'frank'] };

function ldapEnv(slapd: Slapd, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SIMVAULT_AUTH_STRATEGIES: 'local,ldap',
    SIMVAULT_LDAP_URL: slapd.url,
    SIMVAULT_LDAP_BIND_DN: READER_DN,
    SIMVAULT_LDAP_BIND_PASSWORD: READER_PASSWORD,
    SIMVAULT_LDAP_USER_BASE: PEOPLE,
    SIMVAULT_LDAP_GROUP_BASE: GROUPS,
    SIMVAULT_LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(uid={username})(!(employeeType=disabled)))',
    SIMVAULT_LDAP_GROUP_FILTER: '(&(objectClass=groupOfNames)(member={dn}))',
    SIMVAULT_LDAP_ROLE_MAP: `admin=cn=admins,${GROUPS};developer=CN=devs, ou=groups, dc=example, dc=org`,
    SIMVAULT_PROVIDER_RECHECK_SECONDS: '1',
    SIMVAULT_SESSION_CACHE_SECONDS: '0',
    ...extra,
  };
}

const attempt = (t: TestAuthApp, username: string, password: string) =>
  t.http().post('/session/login').send({ username, password });

let slapd: Slapd;
beforeAll(async () => {
  slapd = await startSlapd(PEOPLE_IN_DIRECTORY, GROUP_MEMBERS);
});
afterAll(() => slapd?.stop());

describe.each(TEST_BACKENDS)('LDAP logins against a real slapd on %s', (backend) => {
  let t: TestAuthApp;
  beforeAll(async () => {
    t = await startAuthApp(backend, ldapEnv(slapd));
  });
  afterAll(() => t?.close());

  it('signs a directory user in with the same session token, made a user row keyed by entryUUID', async () => {
    const res = await attempt(t, 'alice', 'alice-ldap-pw').expect(200);
    expect(res.body).toMatchObject({ username: 'alice', role: 'developer' });
    const who = await t.http().get('/session').set('X-Session-ID', res.body.token).expect(200);
    expect(who.body).toMatchObject({ kind: 'login', username: 'alice', role: 'developer' });
    const row = await t.app.get(SessionRepository).findUserByName('alice');
    expect(row).toMatchObject({
      provider: 'ldap',
      externalId: slapd.entryUuid('alice'),
      email: 'alice@example.org',
      passwordHash: '',
    });
    // A second login is the same user, not a new one.
    await attempt(t, 'alice', 'alice-ldap-pw').expect(200);
    expect(await t.app.get(SessionRepository).users.countBy({ provider: 'ldap', username: 'alice' })).toBe(1);
  });

  it('maps groups to roles: admins, developers, and the default role for the rest', async () => {
    expect((await attempt(t, 'bob', 'bob-ldap-pw').expect(200)).body.role).toBe('admin');
    expect((await attempt(t, 'carol', 'carol-ldap-pw').expect(200)).body.role).toBe('user');
  });

  it('refuses a wrong password, an unknown user, a disabled one, and filter syntax in a name', async () => {
    for (const [username, password] of [
      ['alice', 'wrong-password'],
      ['nobody', 'whatever-password'],
      ['dave', 'dave-ldap-pw'],
      ['*', 'alice-ldap-pw'],
      ['alice)(uid=*', 'alice-ldap-pw'],
    ]) {
      const res = await attempt(t, username, password).expect(401);
      expect(res.body.error).toBe('Invalid username or password.');
    }
    expect(await t.app.get(SessionRepository).findUserByName('dave')).toBeNull();
    // An empty password would be an unauthenticated bind, which a directory accepts.
    await attempt(t, 'alice', '').expect(400);
  });

  it("keeps a local account's name for the local account", async () => {
    await attempt(t, 'admin', 'directory-admin-pw').expect(401);
    expect((await attempt(t, 'admin', ADMIN_PASSWORD).expect(200)).body.role).toBe('admin');
  });

  it('limits failed directory logins like local ones', async () => {
    for (let i = 0; i < 5; i++) await attempt(t, 'frank', 'wrong-password').expect(401);
    await attempt(t, 'frank', 'frank-ldap-pw').expect(429);
  });

  it('takes away the access of someone the directory disables, within the recheck time', async () => {
    const token = (await attempt(t, 'erin', 'erin-ldap-pw').expect(200)).body.token as string;
    const admin = await login(t, 'admin', ADMIN_PASSWORD);
    const api = (
      await t
        .http()
        .post('/tokens')
        .set('X-Session-ID', token)
        .send({ name: 'erin-ci', privileges: ['read'] })
        .expect(201)
    ).body.token as string;
    slapd.modify(`dn: uid=erin,${PEOPLE}\nchangetype: modify\nadd: employeeType\nemployeeType: disabled\n`);
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await t.http().get('/session').set('X-Session-ID', token)).status;
    }
    expect(status).toBe(401);
    await t.http().get('/session').set('X-Session-ID', api).expect(401);
    await attempt(t, 'erin', 'erin-ldap-pw').expect(401);
    const users = await t.http().get('/users/erin').set('X-Session-ID', admin).expect(200);
    expect(users.body.username).toBe('erin');
    // Enabled again in the directory, she signs in again.
    slapd.modify(`dn: uid=erin,${PEOPLE}\nchangetype: modify\ndelete: employeeType\n`);
    await attempt(t, 'erin', 'erin-ldap-pw').expect(200);
  });
});

describe('LDAP logins that require a mapped group', () => {
  let t: TestAuthApp;
  beforeAll(async () => {
    t = await startAuthApp('sqlite', ldapEnv(slapd, { SIMVAULT_LDAP_DEFAULT_ROLE: 'none' }));
  });
  afterAll(() => t?.close());

  it('refuses a directory user in no mapped group', async () => {
    await attempt(t, 'carol', 'carol-ldap-pw').expect(401);
    await attempt(t, 'alice', 'alice-ldap-pw').expect(200);
  });
});

describe('an LDAP directory that does not answer', () => {
  let t: TestAuthApp;
  beforeAll(async () => {
    t = await startAuthApp('sqlite', { ...ldapEnv(slapd), SIMVAULT_LDAP_URL: 'ldap://127.0.0.1:1' });
  });
  afterAll(() => t?.close());

  it('answers 503 for directory users and still signs local users in', async () => {
    const res = await attempt(t, 'alice', 'alice-ldap-pw').expect(503);
    expect(res.body.error).toBe('The directory (LDAP) did not answer as expected; try again later.');
    await attempt(t, 'admin', ADMIN_PASSWORD).expect(200);
  });
});
