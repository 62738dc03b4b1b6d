import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authApp } from '@simvault/app-auth';
import { createApp, createLogger, loadConfig, SERVICES } from '@simvault/core';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '@simvault/db/testing';
import request from 'supertest';
import { CLI, freePort, startUp } from './cli';

function run(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, SIMVAULT_LOG_LEVEL: 'error', ...env },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => ok({ code, out }));
    child.stdin.end(input ?? '');
  });
}

/** Every service's database: SQLite files in the data directory, or the one test database. */
function envFor(db: TestDatabase, dataDir = db.dir): Record<string, string> {
  const env: Record<string, string> = { SIMVAULT_DATA_DIR: dataDir };
  for (const service of SERVICES)
    env[`SIMVAULT_${service.toUpperCase()}_DATABASE_URL`] =
      db.backend === 'sqlite' ? `sqlite:${join(dataDir, `${service}.sqlite`)}` : db.url;
  return env;
}

// Each command is a fresh process that boots the auth app's modules: slow on a loaded machine.
jest.setTimeout(180_000);

describe.each(TEST_BACKENDS)('operator commands on %s', (backend) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase(backend, 'operator');
    env = envFor(db);
  });
  afterAll(() => db.drop());

  it('doctor finds pending migrations, migrate applies them once, then doctor is content', async () => {
    if (backend === 'postgres') {
      const before = await run(['doctor'], env);
      expect(before.code).toBe(1);
      expect(before.out).toMatch(/✗ auth: .* migration\(s\) pending — run `simvault migrate`/);
    }
    const first = await run(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/auth .*applied AuthInitial/);
    expect(first.out).toMatch(/cache .*applied CacheInitial/);
    expect(first.out).toMatch(/catalog .*applied CatalogInitial/);
    expect(first.out).toMatch(/results .*applied ResultsInitial/);
    expect(first.out).toMatch(/files .*applied FilesInitial/);
    const again = await run(['migrate'], env);
    for (const service of SERVICES) expect(again.out).toMatch(new RegExp(`${service} .*: up to date`));
    const doctor = await run(['doctor'], env);
    expect(doctor.code).toBe(0);
    for (const service of SERVICES)
      expect(doctor.out).toMatch(new RegExp(`✓ ${service}: .* schema up to date`));
    expect(doctor.out).toContain('All good.');
  });

  it('manages users and tokens through the same rules as the API', async () => {
    expect(
      (await run(['user', 'add', 'olga', '--role', 'developer', '--password-stdin'], env, 'olga-password\n'))
        .out,
    ).toContain('created olga (developer)');
    const dup = await run(['user', 'add', 'olga'], env);
    expect(dup.code).toBe(1);
    expect(dup.out).toContain('User "olga" already exists.');
    expect((await run(['user', 'set-role', 'olga', 'wizard'], env)).out).toContain(
      'role must be one of the following values: user, developer, admin',
    );
    expect((await run(['user', 'set-role', 'olga', 'user'], env)).out).toContain('olga is now user');
    expect((await run(['user', 'list'], env)).out).toMatch(/olga\s+user\s+active/);
    const refused = await run(
      ['token', 'create', 'olga', '--name', 'too-much', '--privileges', 'admin'],
      env,
    );
    expect(refused.out).toContain('A token cannot have privileges you do not have: admin.');
    const created = await run(
      ['token', 'create', 'olga', '--name', 'ci', '--privileges', 'read', '--days', '7'],
      env,
    );
    expect(created.code).toBe(0);
    const token = created.out.trim().split('\n').pop()!;

    // The token works on a running auth app, until it is revoked from the terminal.
    const config = loadConfig({}, { ...env, NODE_ENV: 'test', SIMVAULT_SESSION_CACHE_SECONDS: '0' });
    const logger = createLogger('silent');
    const app = await createApp(authApp(config, logger), config, logger);
    try {
      const who = await request(app.getHttpServer())
        .get('/session')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(who.body).toMatchObject({ username: 'olga', kind: 'api_token', privileges: ['read'] });
      const id = /^token (\S+) for olga/m.exec(created.out)![1];
      expect((await run(['token', 'revoke', id], env)).out).toContain(`revoked ${id}`);
      await request(app.getHttpServer()).get('/session').set('Authorization', `Bearer ${token}`).expect(401);
      const passwd = await run(['user', 'passwd', 'olga', '--password-stdin'], env, 'olga-new-password');
      expect(passwd.out).toContain('password changed for olga');
      await request(app.getHttpServer())
        .post('/session/login')
        .send({ username: 'olga', password: 'olga-new-password' })
        .expect(200);
    } finally {
      await app.close();
    }
  });

  it('runs the upgrade recipe of docs/operations.md: apps with SIMVAULT_RUN_MIGRATIONS=false after `simvault migrate`', async () => {
    const fresh = await createTestDatabase(backend, 'upgrade');
    // Configured by the environment alone, as in a container: no --data-dir, no --host.
    const upgradeEnv: Record<string, string> = {
      ...envFor(fresh),
      SIMVAULT_RUN_MIGRATIONS: 'false',
      SIMVAULT_HOST: '127.0.0.2',
      SIMVAULT_ADMIN_PASSWORD: 'upgrade-admin-password',
      SIMVAULT_SEAMLESS_ENABLED: 'false',
      NODE_ENV: 'development',
    };
    const ports: Record<string, number> = {};
    for (const service of SERVICES) {
      ports[service] = await freePort();
      upgradeEnv[`SIMVAULT_${service.toUpperCase()}_PORT`] = String(ports[service]);
    }
    try {
      if (backend === 'sqlite') {
        // A catalog database that exists but was never migrated (an empty file is an empty SQLite
        // database) is a problem, not "All good".
        writeFileSync(join(fresh.dir, 'catalog.sqlite'), '');
      }
      const before = await run(['doctor'], upgradeEnv);
      expect(before.code).toBe(1);
      expect(before.out).toMatch(/✗ catalog: .* migration\(s\) pending — run `simvault migrate`/);
      expect((await run(['migrate'], upgradeEnv)).code).toBe(0);
      const doctor = await run(['doctor'], upgradeEnv);
      expect([doctor.code, doctor.out]).toEqual([0, expect.stringContaining('All good.')]);

      const up = await startUp({ ...process.env, ...upgradeEnv } as Record<string, string>);
      try {
        const url = (service: string) => `http://127.0.0.2:${ports[service]}`;
        expect(up.output()).toContain(`catalog  ${url('catalog')}`);
        for (const service of SERVICES) {
          const health = await fetch(`${url(service)}/health`);
          expect([service, health.status]).toEqual([service, 200]);
        }
        // SQLite files where SIMVAULT_DATA_DIR says, not under the current directory.
        if (backend === 'sqlite') expect(existsSync(join(fresh.dir, 'results.sqlite'))).toBe(true);
        const login = await fetch(`${url('auth')}/session/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'upgrade-admin-password' }),
        });
        const { token } = (await login.json()) as { token: string };
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const search = await fetch(`${url('catalog')}/simulations/search?query=thermal`, { headers });
        expect(search.status).toBe(200);
        const results = await fetch(`${url('results')}/search`, { method: 'POST', headers, body: '{}' });
        expect(results.status).toBe(200);
      } finally {
        const exit = new Promise((ok) => up.child.once('exit', ok));
        up.child.kill('SIGTERM');
        await exit;
      }
    } finally {
      await fresh.drop();
    }
  });

  it('says what is wrong with the configuration', async () => {
    const res = await run(['doctor'], { ...env, SIMVAULT_CACHE_PORT: 'eighty' });
    expect(res.code).toBe(1);
    expect(res.out).toContain(
      '✗ configuration: SIMVAULT_CACHE_PORT must be a whole number from 0 to 65535 (got "eighty")',
    );
  });
});

describe('backup and restore of the SQLite default', () => {
  it('copies the databases consistently while the apps run and restores them into a new data directory', async () => {
    const db = await createTestDatabase('sqlite', 'backup');
    const env = envFor(db);
    const config = loadConfig({}, { ...env, NODE_ENV: 'test', SIMVAULT_ADMIN_PASSWORD: 'admin-password-1' });
    const logger = createLogger('silent');
    const app = await createApp(authApp(config, logger), config, logger);
    const target = mkdtempSync(join(tmpdir(), 'simvault-restored-'));
    try {
      const http = () => request(app.getHttpServer());
      const admin = (
        await http()
          .post('/session/login')
          .send({ username: 'admin', password: 'admin-password-1' })
          .expect(200)
      ).body.token;
      await http()
        .post('/users')
        .set('X-Session-ID', admin)
        .send({ username: 'kept', password: 'kept-password' })
        .expect(201);
      // One file in each content-addressed store (the names need not be checksums to be copied).
      const stores = ['buffers', 'files-content', 'runs', 'run-artifacts'];
      for (const store of stores) {
        mkdirSync(join(db.dir, store, 'ab'), { recursive: true });
        writeFileSync(join(db.dir, store, 'ab', 'abcdef'), `kept in ${store}`);
      }
      const dir = join(db.dir, 'backup');
      const backup = await run(['backup', dir], env);
      expect(backup.code).toBe(0);
      expect(backup.out).toMatch(/auth .*→ auth\.sqlite/);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.databases.map((d: { service: string }) => d.service)).toContain('auth');
      expect(manifest.directories).toEqual(stores.map((name) => ({ name, files: 1 })));
      expect((await run(['backup', dir], env)).out).toContain('is not empty');

      const restoredEnv = {
        ...envFor(db, target),
        SIMVAULT_AUTH_PORT: '0',
        SIMVAULT_CACHE_PORT: '0',
        SIMVAULT_CATALOG_PORT: '0',
        SIMVAULT_RESULTS_PORT: '0',
        SIMVAULT_FILES_PORT: '0',
      };
      const restored = await run(['restore', dir], restoredEnv);
      expect(restored.code).toBe(0);
      expect(existsSync(join(target, 'auth.sqlite'))).toBe(true);
      for (const store of stores) {
        expect(readFileSync(join(target, store, 'ab', 'abcdef'), 'utf8')).toBe(`kept in ${store}`);
      }
      expect((await run(['restore', dir], restoredEnv)).out).toContain('exists; add --force to replace it.');
      const list = await run(['user', 'list'], restoredEnv);
      expect(list.out).toMatch(/kept\s+user\s+active/);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
