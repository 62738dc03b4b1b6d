import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import {
  Browser,
  CLIENT_ID,
  CLIENT_SECRET,
  freePort,
  startOidcProvider,
  type OidcProvider,
} from '../../auth/test/servers/oidc';
import {
  GROUPS,
  PEOPLE,
  READER_DN,
  READER_PASSWORD,
  startSlapd,
  type Slapd,
} from '../../auth/test/servers/slapd';
import { runCli, startCli } from './testing/cli';

jest.setTimeout(300_000);

async function printed(output: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(TEST_BACKENDS)('simvault login with every strategy on %s', (backend) => {
  let slapd: Slapd;
  let provider: OidcProvider;
  let p: TestPlatform<Record<string, never>>;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'simvault-login-'));
  let n = 0;
  const tokenFile = () => join(dir, `token-${++n}`);
  const session = (token: string) =>
    request(p.auth.getHttpServer()).get('/session').set('X-Session-ID', token);
  const stored = (file: string) =>
    JSON.parse(readFileSync(file, 'utf8')) as { token: string; username: string; url: string };

  beforeAll(async () => {
    slapd = await startSlapd([{ uid: 'lena', password: 'lena-ldap-pw' }], { devs: ['lena'] });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider(
      {
        olga: { password: 'olga-op-pw', claims: { preferred_username: 'olga', groups: ['simvault-devs'] } },
        otto: { password: 'otto-op-pw', claims: { preferred_username: 'otto' } },
      },
      [`${base}/session/oidc/callback`],
    );
    p = await startTestPlatform(
      backend,
      {
        name: 'login_cli',
        services: [],
        env: {
          SIMVAULT_AUTH_STRATEGIES: 'local,ldap,oidc',
          SIMVAULT_LDAP_URL: slapd.url,
          SIMVAULT_LDAP_BIND_DN: READER_DN,
          SIMVAULT_LDAP_BIND_PASSWORD: READER_PASSWORD,
          SIMVAULT_LDAP_USER_BASE: PEOPLE,
          SIMVAULT_LDAP_GROUP_BASE: GROUPS,
          SIMVAULT_LDAP_GROUP_FILTER: '(member={dn})',
          SIMVAULT_LDAP_ROLE_MAP: `developer=cn=devs,${GROUPS}`,
          SIMVAULT_OIDC_ISSUER: provider.issuer,
          SIMVAULT_OIDC_CLIENT_ID: CLIENT_ID,
          SIMVAULT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
          SIMVAULT_OIDC_REDIRECT_URL: `${base}/session/oidc/callback`,
          SIMVAULT_OIDC_ROLE_MAP: 'developer=simvault-devs',
        },
      },
      async () => ({}),
    );
    await p.auth.listen(port, '127.0.0.1');
  });
  afterAll(async () => {
    await p?.close();
    await provider?.stop();
    await slapd?.stop();
  });

  it('signs a Simvault account in and keeps the token in a 0600 file', async () => {
    const file = tokenFile();
    const res = await runCli(
      ['login', 'admin', '--password-stdin', '--url', base, '--token-file', file],
      ADMIN_PASSWORD,
    );
    expect(res.out).toContain(`token kept in ${file}`);
    expect(res.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(stored(file)).toMatchObject({ username: 'admin', url: base });
    const { token } = stored(file);
    await session(token).expect(200);
    const out = await runCli(['logout', '--token-file', file]);
    expect(out.out).toContain(`signed out of ${base}`);
    expect(existsSync(file)).toBe(false);
    await session(token).expect(401);
  });

  it('refuses a wrong password with the API sentence', async () => {
    const res = await runCli(
      ['login', 'admin', '--password-stdin', '--url', base, '--token-file', tokenFile()],
      'wrong',
    );
    expect({ code: res.code, out: res.out.trim().split('\n').pop() }).toEqual({
      code: 1,
      out: 'simvault: Invalid username or password.',
    });
  });

  it('signs a directory (LDAP) account in', async () => {
    const file = tokenFile();
    const res = await runCli(
      ['login', 'lena', '--password-stdin', '--url', base, '--token-file', file],
      'lena-ldap-pw',
    );
    expect(res.out).toContain('signed in as lena (developer)');
    expect((await session(stored(file).token).expect(200)).body).toMatchObject({
      username: 'lena',
      role: 'developer',
    });
  });

  it('signs in through the provider with the device flow', async () => {
    const file = tokenFile();
    const login = startCli(['login', '--oidc', '--url', base, '--token-file', file]);
    const [, complete] = await printed(login.output, /\(or open (\S+)\)/);
    await new Browser().approveDevice(complete, 'olga', 'olga-op-pw');
    const code = await new Promise((ok) => login.child.on('exit', ok));
    expect({ code, out: login.output() }).toMatchObject({ code: 0 });
    expect(login.output()).toContain('signed in as olga (developer)');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await session(stored(file).token).expect(200);
  });

  it('signs in through the provider with a browser that comes back to a loopback port (PKCE)', async () => {
    const file = tokenFile();
    const login = startCli(['login', '--oidc', '--browser', '--url', base, '--token-file', file]);
    const [, address] = await printed(login.output, /sign in:\n\s+(\S+)/);
    const back = await new Browser().login(address, 'otto', 'otto-op-pw');
    expect(back.body).toBe('Signed in to Simvault; you may close this window.');
    const code = await new Promise((ok) => login.child.on('exit', ok));
    expect(code).toBe(0);
    expect(login.output()).toContain('signed in as otto (user)');
    await session(stored(file).token).expect(200);
  });
});
