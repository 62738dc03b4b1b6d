import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { runCli } from './testing/cli';

jest.setTimeout(120_000);

describe.each(TEST_BACKENDS)('simvault user add / passwd apply the API validation on %s', (backend) => {
  let p: TestPlatform<Record<string, never>>;
  let admin: string;
  let env: Record<string, string>;
  const http = () => request(p.auth.getHttpServer());
  const login = (username: string, password: string) =>
    http().post('/session/login').send({ username, password }).expect(200);
  beforeAll(async () => {
    p = await startTestPlatform(backend, { name: 'users_cli', services: [] }, async () => ({}));
    admin = p.tokens.admin;
    env = { SIMVAULT_DATA_DIR: p.db.dir, SIMVAULT_AUTH_DATABASE_URL: p.config.databaseUrls.auth };
  });
  afterAll(() => p.close());

  /** What the API answers for the same input: the CLI must say exactly that, and change nothing. */
  async function refusedAlike(
    args: string[],
    password: string,
    api: () => Promise<{ body: { error: string } }>,
  ) {
    const [cli, answer] = await Promise.all([runCli(args, password, env), api()]);
    expect(answer.body.error).toMatch(/^Invalid request: /);
    expect({ code: cli.code, out: cli.out.trim() }).toEqual({
      code: 1,
      out: `simvault: ${answer.body.error}`,
    });
  }

  const addViaApi = (username: string, password: string) => () =>
    http().post('/users').set('X-Session-ID', admin).send({ username, password }).expect(400);

  it.each([
    ['a path as the username', '../x', 'long-enough-password'],
    ['a username of 100,000 characters', 'u'.repeat(100_000), 'long-enough-password'],
    ['an empty password', 'nora', ''],
    ['a 1-character password', 'nora', 'a'],
  ])('refuses %s as the API does', async (_what, username, password) => {
    await refusedAlike(
      ['user', 'add', username, '--password-stdin'],
      password,
      addViaApi(username, password),
    );
  });

  it('refuses a 1-character or empty new password in passwd as the API does, and keeps the old one', async () => {
    for (const password of ['a', '']) {
      await refusedAlike(['user', 'passwd', 'admin', '--password-stdin'], password, () =>
        http().put('/users/admin/password').set('X-Session-ID', admin).send({ password }).expect(400),
      );
    }
    await login('admin', ADMIN_PASSWORD);
    const users = await http().get('/users').set('X-Session-ID', admin).expect(200);
    expect(users.body.items.map((u: { username: string }) => u.username)).toEqual([
      'admin',
      'dev',
      'oth',
      'usr',
    ]);
  });

  it('still creates a valid user', async () => {
    const made = await runCli(['user', 'add', 'nora', '--password-stdin'], 'nora-password\n', env);
    expect(made.out).toContain('created nora (user)');
    await login('nora', 'nora-password');
  });
});
