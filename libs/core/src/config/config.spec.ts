import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { maskedValue, renderConfigurationPage, variable, VARIABLES } from './variables';

const dataDir = () => mkdtempSync(join(tmpdir(), 'simvault-config-'));

describe('loadConfig', () => {
  it('defaults to SQLite files in the data directory and the standard ports', () => {
    const dir = dataDir();
    const config = loadConfig({ SIMVAULT_DATA_DIR: dir });
    expect(config.mode).toBe('development');
    expect(config.ports).toEqual({ auth: 8000, cache: 8001, catalog: 8002, results: 8003, files: 8004 });
    expect(config.databaseUrls.auth).toBe(`sqlite:${join(dir, 'auth.sqlite')}`);
    expect(config.auth.anonymous).toEqual({
      enabled: true,
      // Read only unless configuration grants more (issue 14: it was read + write).
      privileges: ['read'],
      ttlSeconds: 86400,
    });
  });

  it('generates the development signing secret once, 0600, and reuses it', () => {
    const dir = dataDir();
    const config = loadConfig({ SIMVAULT_DATA_DIR: dir });
    // Nothing is written until the secret is needed.
    expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
    const first = config.auth.jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ SIMVAULT_DATA_DIR: dir }).auth.jwtSecret).toBe(first);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first);
  });

  it('refuses to start in production without a signing secret, and turns anonymous sessions off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SIMVAULT_DATA_DIR: dataDir() })).toThrow(
      /SIMVAULT_JWT_SECRET \(or SIMVAULT_JWT_SECRET_FILE\) must be set in production/,
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      SIMVAULT_DATA_DIR: dataDir(),
      SIMVAULT_JWT_SECRET: 's'.repeat(40),
    });
    expect(config.auth.anonymous.enabled).toBe(false);
    expect(config.auth.anonymous.privileges).toEqual(['read']);
    // Switched on in production, they are still read only unless more is granted.
    const on = loadConfig({
      NODE_ENV: 'production',
      SIMVAULT_DATA_DIR: dataDir(),
      SIMVAULT_JWT_SECRET: 's'.repeat(40),
      SIMVAULT_ANONYMOUS_SESSIONS: 'true',
    });
    expect(on.auth.anonymous).toMatchObject({ enabled: true, privileges: ['read'] });
    expect(
      loadConfig({ SIMVAULT_DATA_DIR: dataDir(), SIMVAULT_ANONYMOUS_PRIVILEGES: 'read,write' }).auth.anonymous
        .privileges,
    ).toEqual(['read', 'write']);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({
        SIMVAULT_AUTH_PORT: 'eighty',
        SIMVAULT_CACHE_DATABASE_URL: 'mysql://x',
        SIMVAULT_ANONYMOUS_PRIVILEGES: 'read,admin,fly',
        SIMVAULT_JWT_SECRET: 'short',
        SIMVAULT_RUN_MIGRATIONS: 'perhaps',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          'SIMVAULT_AUTH_PORT must be a whole number from 0 to 65535 (got "eighty")',
          'SIMVAULT_CACHE_DATABASE_URL must be "sqlite:<path>" or "postgres://…" (got "mysql://x")',
          'SIMVAULT_ANONYMOUS_PRIVILEGES may never include admin',
          'SIMVAULT_ANONYMOUS_PRIVILEGES names an unknown privilege "fly"',
          'SIMVAULT_JWT_SECRET must be at least 32 characters long',
          'SIMVAULT_RUN_MIGRATIONS must be true or false (got "perhaps")',
        ]),
      );
    }
  });

  it('lets each port and database be overridden', () => {
    const config = loadConfig({
      SIMVAULT_DATA_DIR: dataDir(),
      SIMVAULT_AUTH_PORT: '9100',
      SIMVAULT_AUTH_DATABASE_URL: 'postgres://db/auth',
    });
    expect(config.ports.auth).toBe(9100);
    expect(config.databaseUrls.auth).toBe('postgres://db/auth');
  });
});

describe('login strategy settings', () => {
  it('reads the directory and provider settings, role maps included', () => {
    const config = loadConfig({
      SIMVAULT_DATA_DIR: dataDir(),
      SIMVAULT_AUTH_STRATEGIES: 'local,ldap,oidc',
      SIMVAULT_LDAP_URL: 'ldap://ldap.example.org',
      SIMVAULT_LDAP_USER_BASE: 'ou=people,dc=example,dc=org',
      SIMVAULT_LDAP_ROLE_MAP:
        'admin=cn=admins,ou=groups,dc=example,dc=org; developer=cn=devs,ou=groups,dc=example,dc=org',
      SIMVAULT_LDAP_DEFAULT_ROLE: 'none',
      SIMVAULT_OIDC_ISSUER: 'https://sso.example.org/realms/lab',
      SIMVAULT_OIDC_CLIENT_ID: 'simvault',
    });
    expect(config.auth.strategies).toEqual(['local', 'ldap', 'oidc']);
    expect(config.auth.ldap).toMatchObject({
      userFilter: '(uid={username})',
      groupBase: 'ou=people,dc=example,dc=org',
      mappings: [
        { role: 'admin', value: 'cn=admins,ou=groups,dc=example,dc=org' },
        { role: 'developer', value: 'cn=devs,ou=groups,dc=example,dc=org' },
      ],
      defaultRole: null,
    });
    expect(config.auth.oidc).toMatchObject({
      redirectUrl: 'http://127.0.0.1:8000/session/oidc/callback',
      defaultRole: 'user',
      rolesClaim: 'groups',
    });
  });

  it('names every missing or wrong strategy setting', () => {
    expect(() =>
      loadConfig({
        SIMVAULT_DATA_DIR: dataDir(),
        SIMVAULT_AUTH_STRATEGIES: 'ldap,oidc,kerberos',
        SIMVAULT_LDAP_ROLE_MAP: 'root=cn=x',
        SIMVAULT_OIDC_ISSUER: 'sso.example.org',
      }),
    ).toThrow(
      new ConfigError([
        'SIMVAULT_AUTH_STRATEGIES names an unknown strategy "kerberos" (known: local, ldap, oidc)',
        'SIMVAULT_LDAP_URL must be set when SIMVAULT_AUTH_STRATEGIES includes ldap',
        'SIMVAULT_LDAP_USER_BASE must be set when SIMVAULT_AUTH_STRATEGIES includes ldap',
        'SIMVAULT_LDAP_ROLE_MAP entries are "<role>=<group or value>" with a role of user, developer or admin (got "root=cn=x")',
        'SIMVAULT_OIDC_ISSUER must be an http(s) URL (got "sso.example.org")',
        'SIMVAULT_OIDC_CLIENT_ID must be set when SIMVAULT_AUTH_STRATEGIES includes oidc',
      ]),
    );
  });
});

describe('loadConfig: where values come from', () => {
  it('lets a given override win over the environment and an absent one leave it alone', () => {
    const dir = dataDir();
    const env = { SIMVAULT_DATA_DIR: dir, SIMVAULT_HOST: '0.0.0.0' };
    const unset = loadConfig(env, { SIMVAULT_DATA_DIR: undefined, SIMVAULT_HOST: undefined });
    expect([unset.dataDir, unset.host]).toEqual([dir, '0.0.0.0']);
    const other = dataDir();
    const given = loadConfig(env, { SIMVAULT_DATA_DIR: other, SIMVAULT_HOST: '127.0.0.2' });
    expect([given.dataDir, given.host]).toEqual([other, '127.0.0.2']);
  });

  it('reads any variable from the file its _FILE twin names, trimmed, as docker secrets are mounted', () => {
    const dir = dataDir();
    const secret = 'f'.repeat(40);
    writeFileSync(join(dir, 'jwt'), `${secret}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'ttl'), '3600\n');
    const config = loadConfig({
      NODE_ENV: 'production',
      SIMVAULT_DATA_DIR: dir,
      SIMVAULT_JWT_SECRET_FILE: join(dir, 'jwt'),
      SIMVAULT_SESSION_TTL_SECONDS_FILE: join(dir, 'ttl'),
    });
    expect(config.auth.jwtSecret).toBe(secret);
    expect(config.auth.sessionTtlSeconds).toBe(3600);
    // An empty file is an unset value: production still refuses to start without a secret.
    writeFileSync(join(dir, 'empty'), '\n');
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        SIMVAULT_DATA_DIR: dir,
        SIMVAULT_JWT_SECRET_FILE: join(dir, 'empty'),
      }),
    ).toThrow(/SIMVAULT_JWT_SECRET \(or SIMVAULT_JWT_SECRET_FILE\) must be set/);
  });

  it('reads the blob store: local directories by default, one bucket when SIMVAULT_BLOB_URL says so', () => {
    const dir = dataDir();
    expect(loadConfig({ SIMVAULT_DATA_DIR: dir }).blobs).toEqual({
      url: undefined,
      s3: { region: 'us-east-1', forcePathStyle: true, partBytes: 8 * 1024 * 1024, partsInFlight: 4 },
      redirectBytes: 0,
    });
    const config = loadConfig({
      SIMVAULT_DATA_DIR: dir,
      SIMVAULT_BLOB_URL: 's3://team-runs/simvault',
      SIMVAULT_S3_ENDPOINT: 'http://minio:9000',
      SIMVAULT_S3_ACCESS_KEY_ID: 'simvault',
      SIMVAULT_S3_SECRET_ACCESS_KEY: 'very-secret',
      SIMVAULT_S3_PART_BYTES: String(16 * 1024 * 1024),
    });
    expect(config.blobs.url).toBe('s3://team-runs/simvault');
    expect(config.blobs.s3).toMatchObject({ endpoint: 'http://minio:9000', secretAccessKey: 'very-secret' });
    expect(config.blobs.s3.partBytes).toBe(16 * 1024 * 1024);
    expect(
      loadConfig({ SIMVAULT_DATA_DIR: dir, SIMVAULT_BLOB_REDIRECT_BYTES: '1048576' }).blobs.redirectBytes,
    ).toBe(1048576);
    expect(() => loadConfig({ SIMVAULT_DATA_DIR: dir, SIMVAULT_BLOB_URL: '/srv/blobs' })).toThrow(
      /SIMVAULT_BLOB_URL must be s3:\/\/bucket\/prefix/,
    );
    expect(() => loadConfig({ SIMVAULT_DATA_DIR: dir, SIMVAULT_S3_PART_BYTES: '1024' })).toThrow(
      /SIMVAULT_S3_PART_BYTES must be a whole number/,
    );
  });

  it('refuses a variable given both ways, and a _FILE that cannot be read', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'jwt'), 'g'.repeat(40));
    const problems = (() => {
      try {
        loadConfig({
          SIMVAULT_DATA_DIR: dir,
          SIMVAULT_JWT_SECRET: 'h'.repeat(40),
          SIMVAULT_JWT_SECRET_FILE: join(dir, 'jwt'),
          SIMVAULT_ADMIN_PASSWORD_FILE: join(dir, 'missing'),
        });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      'SIMVAULT_JWT_SECRET and SIMVAULT_JWT_SECRET_FILE are both set; set only one of them',
      expect.stringMatching(/^SIMVAULT_ADMIN_PASSWORD_FILE names a file that cannot be read: ENOENT/),
    ]);
  });

  it('puts SIMVAULT_DATABASE_PASSWORD into the PostgreSQL URLs that name none', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'pw'), 'p@ss/w+rd=\n');
    const config = loadConfig({
      SIMVAULT_DATA_DIR: dir,
      SIMVAULT_DATABASE_PASSWORD_FILE: join(dir, 'pw'),
      SIMVAULT_AUTH_DATABASE_URL: 'postgres://simvault@db:5432/simvault_auth',
      SIMVAULT_CACHE_DATABASE_URL: 'postgres://other:own@db:5432/simvault_cache',
    });
    const auth = new URL(config.databaseUrls.auth);
    expect([auth.username, decodeURIComponent(auth.password), auth.host, auth.pathname]).toEqual([
      'simvault',
      'p@ss/w+rd=',
      'db:5432',
      '/simvault_auth',
    ]);
    expect(config.databaseUrls.cache).toBe('postgres://other:own@db:5432/simvault_cache');
    expect(config.databaseUrls.files).toBe(`sqlite:${join(dir, 'files.sqlite')}`);
  });
});

describe('the console settings', () => {
  it("reach each service at this host's ports unless SIMVAULT_CONSOLE_UPSTREAMS names it", () => {
    const config = loadConfig({
      SIMVAULT_DATA_DIR: dataDir(),
      SIMVAULT_HOST: '0.0.0.0',
      SIMVAULT_RESULTS_PORT: '9003',
      SIMVAULT_CONSOLE_UPSTREAMS: 'auth=http://auth:8000/, files=https://files.example.org',
    });
    expect(config.console).toEqual({
      port: 8005,
      secureCookie: false,
      upstreams: {
        auth: 'http://auth:8000',
        cache: 'http://127.0.0.1:8001',
        catalog: 'http://127.0.0.1:8002',
        results: 'http://127.0.0.1:9003',
        files: 'https://files.example.org',
      },
    });
  });

  it('refuses an entry that names no service or no URL, saying what an entry is', () => {
    for (const entry of ['console=http://x:1', 'auth', 'auth=ftp://x', 'auth=http://x:1/path']) {
      let error: unknown;
      try {
        loadConfig({ SIMVAULT_DATA_DIR: dataDir(), SIMVAULT_CONSOLE_UPSTREAMS: entry });
      } catch (e) {
        error = e;
      }
      expect([entry, (error as ConfigError).problems]).toEqual([
        entry,
        [expect.stringContaining(`SIMVAULT_CONSOLE_UPSTREAMS entries are "<service>=http://host:port"`)],
      ]);
    }
  });
});

describe('docs/configuration.md', () => {
  const page = join(__dirname, '../../../../docs/configuration.md');

  it('is generated from the declarations (regenerate: SIMVAULT_WRITE_CONFIG_DOCS=1 npx jest libs/core/src/config/config.spec.ts)', () => {
    if (process.env.SIMVAULT_WRITE_CONFIG_DOCS === '1') writeFileSync(page, renderConfigurationPage());
    expect(readFileSync(page, 'utf8')).toBe(renderConfigurationPage());
  });

  it('declares every variable loadConfig and the simvault command read', () => {
    const sources = [
      readFileSync(join(__dirname, 'config.ts'), 'utf8'),
      readFileSync(join(__dirname, '../../../../apps/cli/src/commands/login.ts'), 'utf8'),
    ].join('\n');
    const named = [...new Set([...sources.matchAll(/'(SIMVAULT_[A-Z0-9_]+)'/g)].map((m) => m[1]))];
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((name) => !VARIABLES.some((v) => v.name === name))).toEqual([]);
  });

  it('refuses to read an undeclared variable', () => {
    expect(() => variable('SIMVAULT_NOT_A_SETTING')).toThrow(/not declared/);
  });
});

describe('secrets in configuration errors', () => {
  it('never prints a secret or a password in a URL', () => {
    let message = '';
    try {
      loadConfig({
        SIMVAULT_DATA_DIR: dataDir(),
        SIMVAULT_AUTH_DATABASE_URL: 'mysql://simvault:hunter2@db/auth',
        SIMVAULT_REDIS_URL: 'http://u:s3cret@redis:6379',
      });
    } catch (error) {
      message = (error as ConfigError).message;
    }
    expect(message).toContain('SIMVAULT_AUTH_DATABASE_URL');
    expect(message).toContain('mysql://simvault:***@db/auth');
    expect(message).toContain('http://u:***@redis:6379');
    expect(message).not.toMatch(/hunter2|s3cret/);
    expect(maskedValue('SIMVAULT_JWT_SECRET', 'x'.repeat(40))).toBe('***');
    expect(maskedValue('SIMVAULT_ADMIN_PASSWORD_FILE', '/run/secrets/pw')).toBe('/run/secrets/pw');
    expect(maskedValue('SIMVAULT_HOST', '0.0.0.0')).toBe('0.0.0.0');
  });
});
