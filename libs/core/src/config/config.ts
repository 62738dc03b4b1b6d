import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NetworkList } from './networks';
import { isPrivilege, isRole, Privilege, Role } from './privileges';
import { maskedValue, SERVICES, variable, type ServiceName } from './variables';

export { SERVICES, type ServiceName } from './variables';

/** Each app's port unless configured (declared in variables.ts). */
export const DEFAULT_PORTS = Object.fromEntries(
  SERVICES.map((service) => [service, variable(`SIMVAULT_${service.toUpperCase()}_PORT`).default]),
) as Record<ServiceName, number>;

/** The web console's port unless SIMVAULT_CONSOLE_PORT says otherwise (it keeps no database). */
export const DEFAULT_CONSOLE_PORT = variable('SIMVAULT_CONSOLE_PORT').default as number;

export type RunMode = 'development' | 'production' | 'test';

export const LOGIN_STRATEGIES = ['local', 'ldap', 'oidc'] as const;
export type LoginStrategy = (typeof LOGIN_STRATEGIES)[number];

/** A group (LDAP DN) or claim value (OIDC) and the role it gives, as configured. */
export interface RoleMapping {
  role: Role;
  value: string;
}

/** How users from a directory or provider get their role. */
export interface RoleRules {
  mappings: RoleMapping[];
  /** The role of a user in no mapped group; null refuses them. */
  defaultRole: Role | null;
}

export interface LdapSettings extends RoleRules {
  url: string;
  /** The service account that searches for users and groups; anonymous search when unset. */
  bindDn?: string;
  bindPassword?: string;
  userBase: string;
  /** `{username}` is replaced by the escaped login name (by `*` when looking a user up by id). */
  userFilter: string;
  idAttribute: string;
  usernameAttribute: string;
  emailAttribute: string;
  groupBase: string;
  /** `{dn}` is the user's DN, `{username}` their login name. */
  groupFilter: string;
  timeoutMs: number;
}

export interface OidcSettings extends RoleRules {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** The auth app's /session/oidc/callback as the provider sees it. */
  redirectUrl: string;
  scopes: string;
  usernameClaim: string;
  rolesClaim: string;
  /** Where a browser login may return to besides a loopback address (the console). */
  returnUrls: string[];
}

export interface AuthSettings {
  /** HMAC secret that signs session tokens. Required in production; generated once in development. */
  jwtSecret: string;
  sessionTtlSeconds: number;
  /** How long a verified session may be served from memory before the session row is read again. */
  sessionCacheSeconds: number;
  anonymous: { enabled: boolean; privileges: Privilege[]; ttlSeconds: number };
  admin: { username: string; password?: string };
  loginAttemptsPerMinute: number;
  /** Addresses whose X-Forwarded-For header is believed. */
  trustedProxies: string[];
  /** The login strategies switched on (several at once); `local` is Simvault's own passwords. */
  strategies: LoginStrategy[];
  ldap?: LdapSettings;
  oidc?: OidcSettings;
  /** How often a directory or provider is asked again whether its users may still sign in. */
  providerRecheckSeconds: number;
}

export interface CacheSettings {
  /** Optional caps; past them the least recently used entries are evicted. */
  maxEntries?: number;
  maxSizeBytes?: number;
  /** How often the expiry sweep runs. */
  sweepSeconds: number;
  /** How long an expired or invalidated entry is kept (for statistics and audit) before it is purged. */
  purgeAfterSeconds: number;
  /** How often hit counters and access times are written behind, in one batch. */
  flushMs: number;
  /** How long a looked-up entry (or its absence) is answered from memory; 0 turns that off. */
  readCacheMs: number;
  /** How many hourly buckets of hit and miss counts are kept (the statistics' time series). */
  statsHistoryHours: number;
  /**
   * An entry naming a simulation id the catalog does not know: stored with a warning in the answer
   * (`warn`), refused with a 422 (`refuse`), or not checked (`off`).
   */
  unknownSimulations: UnknownSimulations;
}

export interface SeamlessSettings {
  /** Port of the seamless-database wire protocol listener inside the cache app; 0 = any free port. */
  port: number;
  /** Set false to not start that listener. */
  enabled: boolean;
  /**
   * The wire protocol has no authentication (Seamless clients send none), so the listener is
   * read-only unless this is true: every PUT is 405, as the reference answers when started read-only.
   */
  writable: boolean;
  /**
   * When writable, the client networks (CIDR) a PUT is accepted from; any other address gets 403.
   * Default: loopback only (127.0.0.0/8, ::1/128).
   */
  writeFrom: string[];
  /** Largest request body the listener accepts. */
  bodyLimitBytes: number;
}

/**
 * The seamless listeners' body limit unless configured (variables.ts: far above any request
 * Seamless sends, far below what parsing could hold the event loop for); the standalone
 * `seamless-database` uses it too.
 */
export const DEFAULT_SEAMLESS_BODY_LIMIT_BYTES = variable('SIMVAULT_SEAMLESS_BODY_LIMIT_BYTES')
  .default as number;

export type BufferHash = 'sha-256' | 'sha3-256';

export interface BufferSettings {
  /** The writable buffer store: <dir>/<cs[0:2]>/<cs>. */
  dir: string;
  /** Read-only stores searched after the main one. */
  extraDirs: string[];
  hash: BufferHash;
  /** The file zone the store lives in (a co-located client in that zone may hard-link). */
  zone?: string;
  /** The largest buffer accepted (413 above it); unset, the store's own default (10 GiB). */
  maxBytes?: number;
}

export type UnknownSimulations = 'warn' | 'refuse' | 'off';

export interface ResultsSettings {
  /** Directories a run file may be registered from by path (POST /register); nothing else is read. */
  runRoots: string[];
  /** Where the platform keeps its own copy of every registered run file, by checksum. */
  runStoreDir: string;
  /** Largest run file accepted. */
  maxRunFileBytes: number;
  /** How long checking and reading one run file may take (on a worker thread). */
  runFileReadSeconds: number;
  /** The heap the worker reading a run file may use, in MB. */
  runFileReadMemoryMb: number;
}

/** How the platform reaches an S3-compatible object store (SIMVAULT_S3_*). */
export interface S3Settings {
  /** `https://s3.example.org:9000`; unset, AWS's own endpoint for the region. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key`: what MinIO, Ceph RGW and most self-hosted servers need. */
  forcePathStyle: boolean;
  /** Multipart part size (at least S3's 5 MiB minimum); objects up to one part go up in one PUT. */
  partBytes: number;
  /** Parts of one upload in flight at once: memory is about (partsInFlight + 1) × partBytes per upload. */
  partsInFlight: number;
}

export interface BlobSettings {
  /** Unset: every store is its local directory. `s3://bucket/prefix`: every store is under that prefix. */
  url?: string;
  s3: S3Settings;
  /** Downloads from a bucket of at least this many bytes redirect to a presigned URL; 0 never. */
  redirectBytes: number;
}

export interface CatalogSettings {
  /** Largest workflow bundle (all files decoded) accepted on registration. */
  bundleMaxBytes: number;
}

export interface FilesSettings {
  /** Largest single upload accepted by the file manager. */
  maxUploadBytes: number;
  /**
   * Where uploaded file content is kept by checksum: the file manager's own store, apart from the
   * cache app's buffer store, so deleting a Seamless buffer never takes a file's bytes with it.
   */
  contentDir: string;
  /** The platform's copies of external artifacts, by sha256. */
  artifactDir: string;
  /**
   * How old a stored artifact that no indexed run names must be before POST /artifacts/gc deletes
   * it: an upload precedes the registration that names it, and indexing follows it.
   */
  artifactGcGraceHours: number;
}

export interface ConsoleSettings {
  /** The web console's port (SIMVAULT_CONSOLE_PORT). */
  port: number;
  /** Where the console reaches each service's public API (it forwards the browser's calls there). */
  upstreams: Record<ServiceName, string>;
  /** Marks the session cookie Secure: set it when browsers reach the console over HTTPS. */
  secureCookie: boolean;
}

export interface SimvaultConfig {
  mode: RunMode;
  dataDir: string;
  host: string;
  logLevel: string;
  /** Largest JSON body accepted, in bytes. */
  bodyLimitBytes: number;
  ports: Record<ServiceName, number>;
  databaseUrls: Record<ServiceName, string>;
  redisUrl?: string;
  /** Namespace of this deployment's queues and channels in Redis. */
  queuePrefix: string;
  runMigrations: boolean;
  /**
   * Where the other apps reach the catalog: the results service checks registrations against its
   * schemas and records their executions; the cache checks the simulation ids entries name.
   */
  catalogUrl: string;
  /** Where the other apps reach the results service: the cache's explain reads the runs' inputs there. */
  resultsUrl: string;
  auth: AuthSettings;
  cache: CacheSettings;
  seamless: SeamlessSettings;
  buffers: BufferSettings;
  /** Where buffers, run files and uploads live: local directories or one S3-compatible bucket. */
  blobs: BlobSettings;
  results: ResultsSettings;
  catalog: CatalogSettings;
  files: FilesSettings;
  console: ConsoleSettings;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads every SIMVAULT_* variable once, checks them all, and reports every problem together.
 * `overrides` (a command's flags) replace the environment only where they hold a value: a flag
 * left out never hides the variable it stands for. Any variable may instead be given as
 * `<NAME>_FILE`, the path of a file holding the value (docker secrets, as PostgreSQL's image does).
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Env> = {}): SimvaultConfig {
  const source: Env = { ...env };
  for (const [name, value] of Object.entries(overrides)) if (value !== undefined) source[name] = value;
  const problems: string[] = [];
  const values = new Map<string, string | undefined>();
  // Only declared variables are read (variables.ts); their types, ranges and defaults come from there.
  const read = (name: string): string | undefined => {
    variable(name);
    if (!values.has(name)) values.set(name, readVariable(source, name, problems));
    return values.get(name);
  };
  const shown = (name: string, raw: string) => JSON.stringify(maskedValue(name, raw));
  const declaredDefault = <T>(name: string, kind: string): T | undefined => {
    const declared = variable(name);
    if (declared.type !== kind) throw new Error(`${name} is declared as ${declared.type}, read as ${kind}`);
    return declared.default as T | undefined;
  };
  /** An integer variable within its declared range; undefined when unset without a default. */
  const optionalInt = (name: string, fallback = declaredDefault<number>(name, 'int')): number | undefined => {
    const { min, max } = variable(name) as { min: number; max: number };
    const raw = read(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got ${shown(name, raw)})`);
      return fallback;
    }
    return n;
  };
  const int = (name: string): number => {
    const n = optionalInt(name);
    if (n === undefined) throw new Error(`${name} is read as a number but declares no default`);
    return n;
  };
  const bool = (name: string, fallback = declaredDefault<boolean>(name, 'bool')): boolean => {
    const raw = read(name);
    if (raw === undefined) return fallback ?? false;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name} must be true or false (got ${shown(name, raw)})`);
    return fallback ?? false;
  };
  const split = (raw: string) =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const list = (name: string): string[] => {
    const raw = read(name) ?? declaredDefault<string>(name, 'list');
    return raw === undefined ? [] : split(raw);
  };
  /** A string variable, or its declared default. */
  const text = (name: string): string | undefined =>
    read(name) ?? (variable(name).default as string | undefined);

  const nodeEnv = read('NODE_ENV');
  const mode: RunMode = nodeEnv === 'production' ? 'production' : nodeEnv === 'test' ? 'test' : 'development';
  const dataDir = resolve(text('SIMVAULT_DATA_DIR')!);
  const production = mode === 'production';

  const ports = {} as Record<ServiceName, number>;
  const databaseUrls = {} as Record<ServiceName, string>;
  // Kept apart from the URLs so that they name no secret (compose reads it from a docker secret).
  const databasePassword = read('SIMVAULT_DATABASE_PASSWORD');
  for (const service of SERVICES) {
    const upper = service.toUpperCase();
    ports[service] = int(`SIMVAULT_${upper}_PORT`);
    const url = read(`SIMVAULT_${upper}_DATABASE_URL`) ?? `sqlite:${join(dataDir, `${service}.sqlite`)}`;
    if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(url)) {
      problems.push(
        `SIMVAULT_${upper}_DATABASE_URL must be "sqlite:<path>" or "postgres://…" (got ${shown(`SIMVAULT_${upper}_DATABASE_URL`, url)})`,
      );
    }
    databaseUrls[service] = databasePassword === undefined ? url : withPassword(url, databasePassword);
  }

  const anonymousPrivileges = list('SIMVAULT_ANONYMOUS_PRIVILEGES');
  for (const p of anonymousPrivileges) {
    if (!isPrivilege(p)) problems.push(`SIMVAULT_ANONYMOUS_PRIVILEGES names an unknown privilege "${p}"`);
    if (p === 'admin') problems.push('SIMVAULT_ANONYMOUS_PRIVILEGES may never include admin');
  }

  const jwtSecret = read('SIMVAULT_JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('SIMVAULT_JWT_SECRET must be at least 32 characters long');
  }
  if (jwtSecret === undefined && production) {
    problems.push(
      'SIMVAULT_JWT_SECRET (or SIMVAULT_JWT_SECRET_FILE) must be set in production (NODE_ENV=production): it signs every session token',
    );
  }

  const bodyLimitBytes = int('SIMVAULT_BODY_LIMIT_BYTES');
  const logLevel = read('SIMVAULT_LOG_LEVEL') ?? (mode === 'test' ? 'warn' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(
      `SIMVAULT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`,
    );
  }
  const redisUrl = read('SIMVAULT_REDIS_URL');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(text('SIMVAULT_QUEUE_PREFIX')!)) {
    problems.push('SIMVAULT_QUEUE_PREFIX must be 1 to 64 letters, digits, "_" or "-"');
  }
  if (redisUrl !== undefined && !/^rediss?:\/\/.+/.test(redisUrl)) {
    problems.push(
      `SIMVAULT_REDIS_URL must be "redis://host:port" (got ${shown('SIMVAULT_REDIS_URL', redisUrl)})`,
    );
  }

  const unknownSimulations = text('SIMVAULT_CACHE_UNKNOWN_SIMULATIONS')!;
  if (!['warn', 'refuse', 'off'].includes(unknownSimulations)) {
    problems.push(
      `SIMVAULT_CACHE_UNKNOWN_SIMULATIONS must be warn, refuse or off (got "${unknownSimulations}")`,
    );
  }
  const bufferHash = text('SIMVAULT_BUFFER_HASH')!;
  if (bufferHash !== 'sha-256' && bufferHash !== 'sha3-256') {
    problems.push(`SIMVAULT_BUFFER_HASH must be sha-256 or sha3-256 (got "${bufferHash}")`);
  }

  const writeFrom = list('SIMVAULT_SEAMLESS_WRITE_FROM');
  for (const problem of NetworkList.parse(writeFrom).problems) {
    problems.push(`SIMVAULT_SEAMLESS_WRITE_FROM: ${problem}`);
  }

  const strategies = list('SIMVAULT_AUTH_STRATEGIES');
  for (const name of strategies) {
    if (!(LOGIN_STRATEGIES as readonly string[]).includes(name))
      problems.push(
        `SIMVAULT_AUTH_STRATEGIES names an unknown strategy "${name}" (known: ${LOGIN_STRATEGIES.join(', ')})`,
      );
  }
  const roleRules = (mapName: string, defaultName: string): RoleRules => {
    const mappings: RoleMapping[] = [];
    for (const entry of (read(mapName) ?? '')
      .split(';')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const at = entry.indexOf('=');
      const role = entry.slice(0, Math.max(at, 0)).trim();
      if (at < 1 || !isRole(role) || !entry.slice(at + 1).trim())
        problems.push(
          `${mapName} entries are "<role>=<group or value>" with a role of user, developer or admin (got "${entry}")`,
        );
      else mappings.push({ role, value: entry.slice(at + 1).trim() });
    }
    const fallback = read(defaultName) ?? 'user';
    if (fallback !== 'none' && !isRole(fallback))
      problems.push(`${defaultName} must be user, developer, admin or none (got "${fallback}")`);
    return { mappings, defaultRole: isRole(fallback) ? fallback : null };
  };
  const required = (name: string, strategy: string): string => {
    const value = read(name);
    if (value === undefined)
      problems.push(`${name} must be set when SIMVAULT_AUTH_STRATEGIES includes ${strategy}`);
    return value ?? '';
  };
  let ldap: LdapSettings | undefined;
  if (strategies.includes('ldap')) {
    const url = required('SIMVAULT_LDAP_URL', 'ldap');
    if (url && !/^ldaps?:\/\/.+/.test(url))
      problems.push(`SIMVAULT_LDAP_URL must be "ldap://host:port" or "ldaps://…" (got "${url}")`);
    const userBase = required('SIMVAULT_LDAP_USER_BASE', 'ldap');
    ldap = {
      url,
      bindDn: read('SIMVAULT_LDAP_BIND_DN'),
      bindPassword: read('SIMVAULT_LDAP_BIND_PASSWORD'),
      userBase,
      userFilter: text('SIMVAULT_LDAP_USER_FILTER')!,
      idAttribute: text('SIMVAULT_LDAP_ID_ATTRIBUTE')!,
      usernameAttribute: text('SIMVAULT_LDAP_USERNAME_ATTRIBUTE')!,
      emailAttribute: text('SIMVAULT_LDAP_EMAIL_ATTRIBUTE')!,
      groupBase: read('SIMVAULT_LDAP_GROUP_BASE') ?? userBase,
      groupFilter: text('SIMVAULT_LDAP_GROUP_FILTER')!,
      timeoutMs: int('SIMVAULT_LDAP_TIMEOUT_MS'),
      ...roleRules('SIMVAULT_LDAP_ROLE_MAP', 'SIMVAULT_LDAP_DEFAULT_ROLE'),
    };
  }
  let oidc: OidcSettings | undefined;
  if (strategies.includes('oidc')) {
    const issuer = required('SIMVAULT_OIDC_ISSUER', 'oidc');
    if (issuer && !/^https?:\/\/.+/.test(issuer))
      problems.push(`SIMVAULT_OIDC_ISSUER must be an http(s) URL (got "${issuer}")`);
    oidc = {
      issuer,
      clientId: required('SIMVAULT_OIDC_CLIENT_ID', 'oidc'),
      clientSecret: read('SIMVAULT_OIDC_CLIENT_SECRET'),
      redirectUrl:
        read('SIMVAULT_OIDC_REDIRECT_URL') ??
        `http://${text('SIMVAULT_HOST')!}:${ports.auth}/session/oidc/callback`,
      scopes: text('SIMVAULT_OIDC_SCOPES')!,
      usernameClaim: text('SIMVAULT_OIDC_USERNAME_CLAIM')!,
      rolesClaim: text('SIMVAULT_OIDC_ROLES_CLAIM')!,
      returnUrls: list('SIMVAULT_OIDC_RETURN_URLS'),
      ...roleRules('SIMVAULT_OIDC_ROLE_MAP', 'SIMVAULT_OIDC_DEFAULT_ROLE'),
    };
  }

  const host = text('SIMVAULT_HOST')!;
  const upstreams = consoleUpstreams(read('SIMVAULT_CONSOLE_UPSTREAMS'), host, ports, problems);

  const config: SimvaultConfig = {
    mode,
    dataDir,
    host,
    logLevel,
    bodyLimitBytes,
    ports,
    databaseUrls,
    redisUrl,
    queuePrefix: text('SIMVAULT_QUEUE_PREFIX')!,
    runMigrations: bool('SIMVAULT_RUN_MIGRATIONS'),
    auth: {
      jwtSecret: jwtSecret ?? '',
      sessionTtlSeconds: int('SIMVAULT_SESSION_TTL_SECONDS'),
      sessionCacheSeconds: int('SIMVAULT_SESSION_CACHE_SECONDS'),
      anonymous: {
        enabled: bool('SIMVAULT_ANONYMOUS_SESSIONS', !production),
        privileges: anonymousPrivileges.filter((p): p is Privilege => isPrivilege(p) && p !== 'admin'),
        ttlSeconds: int('SIMVAULT_ANONYMOUS_TTL_SECONDS'),
      },
      admin: { username: text('SIMVAULT_ADMIN_USER')!, password: read('SIMVAULT_ADMIN_PASSWORD') },
      loginAttemptsPerMinute: int('SIMVAULT_LOGIN_ATTEMPTS_PER_MINUTE'),
      trustedProxies: list('SIMVAULT_TRUSTED_PROXIES'),
      strategies: [...new Set(strategies)].filter((s): s is LoginStrategy =>
        (LOGIN_STRATEGIES as readonly string[]).includes(s),
      ),
      ldap,
      oidc,
      providerRecheckSeconds: int('SIMVAULT_PROVIDER_RECHECK_SECONDS'),
    },
    cache: {
      maxEntries: optionalInt('SIMVAULT_CACHE_MAX_ENTRIES'),
      maxSizeBytes: optionalInt('SIMVAULT_CACHE_MAX_SIZE_BYTES'),
      sweepSeconds: int('SIMVAULT_CACHE_SWEEP_SECONDS'),
      purgeAfterSeconds: int('SIMVAULT_CACHE_PURGE_AFTER_SECONDS'),
      flushMs: int('SIMVAULT_CACHE_FLUSH_MS'),
      readCacheMs: int('SIMVAULT_CACHE_READ_CACHE_MS'),
      statsHistoryHours: int('SIMVAULT_CACHE_STATS_HISTORY_HOURS'),
      unknownSimulations: unknownSimulations as UnknownSimulations,
    },
    catalogUrl: (read('SIMVAULT_CATALOG_URL') ?? localUrl(host, ports.catalog)).replace(/\/+$/, ''),
    resultsUrl: (read('SIMVAULT_RESULTS_URL') ?? localUrl(host, ports.results)).replace(/\/+$/, ''),
    seamless: {
      enabled: bool('SIMVAULT_SEAMLESS_ENABLED'),
      writable: bool('SIMVAULT_SEAMLESS_WRITABLE'),
      writeFrom,
      port: int('SIMVAULT_SEAMLESS_PORT'),
      bodyLimitBytes: int('SIMVAULT_SEAMLESS_BODY_LIMIT_BYTES'),
    },
    results: {
      runRoots: list('SIMVAULT_RUN_ROOTS').map((d) => resolve(d)),
      runStoreDir: resolve(read('SIMVAULT_RUN_STORE_DIR') ?? join(dataDir, 'runs')),
      maxRunFileBytes: int('SIMVAULT_MAX_RUN_FILE_BYTES'),
      runFileReadSeconds: int('SIMVAULT_RUN_FILE_READ_SECONDS'),
      runFileReadMemoryMb: int('SIMVAULT_RUN_FILE_READ_MEMORY_MB'),
    },
    files: {
      maxUploadBytes: int('SIMVAULT_FILES_MAX_UPLOAD_BYTES'),
      contentDir: resolve(read('SIMVAULT_FILES_CONTENT_DIR') ?? join(dataDir, 'files-content')),
      artifactDir: resolve(read('SIMVAULT_FILES_ARTIFACT_DIR') ?? join(dataDir, 'run-artifacts')),
      artifactGcGraceHours: int('SIMVAULT_ARTIFACT_GC_GRACE_HOURS'),
    },
    catalog: {
      bundleMaxBytes: int('SIMVAULT_CATALOG_BUNDLE_MAX_BYTES'),
    },
    buffers: {
      dir: resolve(read('SIMVAULT_BUFFER_DIR') ?? join(dataDir, 'buffers')),
      extraDirs: list('SIMVAULT_BUFFER_EXTRA_DIRS').map((d) => resolve(d)),
      hash: bufferHash as BufferHash,
      zone: read('SIMVAULT_BUFFER_ZONE'),
      maxBytes: optionalInt('SIMVAULT_BUFFER_MAX_BYTES'),
    },
    blobs: {
      url: blobUrl(read('SIMVAULT_BLOB_URL'), problems),
      s3: {
        endpoint: read('SIMVAULT_S3_ENDPOINT'),
        region: read('SIMVAULT_S3_REGION') ?? (variable('SIMVAULT_S3_REGION').default as string),
        accessKeyId: read('SIMVAULT_S3_ACCESS_KEY_ID'),
        secretAccessKey: read('SIMVAULT_S3_SECRET_ACCESS_KEY'),
        forcePathStyle: bool('SIMVAULT_S3_FORCE_PATH_STYLE'),
        partBytes: int('SIMVAULT_S3_PART_BYTES'),
        partsInFlight: int('SIMVAULT_S3_PARTS_IN_FLIGHT'),
      },
      redirectBytes: int('SIMVAULT_BLOB_REDIRECT_BYTES'),
    },
    console: {
      port: int('SIMVAULT_CONSOLE_PORT'),
      upstreams,
      secureCookie: bool('SIMVAULT_CONSOLE_SECURE_COOKIE'),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  if (!config.auth.jwtSecret) {
    // Made (or read) when first used: a command that signs nothing leaves the data directory alone.
    let secret: string | undefined;
    Object.defineProperty(config.auth, 'jwtSecret', {
      enumerable: true,
      get: () => (secret ??= developmentSecret(dataDir)),
    });
  }
  return config;
}

/**
 * Where this machine reaches an app listening on `host`: loopback when the app listens on every
 * address (0.0.0.0, ::), an IPv6 address in brackets.
 */
export function localUrl(host: string, port: number): string {
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${local}:${port}`;
}

/**
 * Each service's URL as the console reaches it: `SIMVAULT_CONSOLE_UPSTREAMS` names any of them
 * (`auth=http://auth:8000,cache=http://cache:8001`); the others are this host's configured ports
 * (loopback when the apps listen on every address).
 */
function consoleUpstreams(
  raw: string | undefined,
  host: string,
  ports: Record<ServiceName, number>,
  problems: string[],
): Record<ServiceName, string> {
  const upstreams = Object.fromEntries(
    SERVICES.map((service) => [service, localUrl(host, ports[service])]),
  ) as Record<ServiceName, string>;
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    const service = entry.slice(0, Math.max(at, 0)).trim();
    const url = entry.slice(at + 1).trim();
    if (at < 1 || !(SERVICES as readonly string[]).includes(service) || !/^https?:\/\/[^/\s]+\/?$/.test(url))
      problems.push(
        `SIMVAULT_CONSOLE_UPSTREAMS entries are "<service>=http://host:port" with a service of ${SERVICES.join(', ')} (got "${entry}")`,
      );
    else upstreams[service as ServiceName] = url.replace(/\/$/, '');
  }
  return upstreams;
}

/** A PostgreSQL URL that names no password gets this one; SQLite paths and URLs with one are kept. */
function withPassword(url: string, password: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  const parsed = new URL(url);
  if (parsed.password !== '' || parsed.username === '') return url;
  parsed.password = password;
  return parsed.toString();
}

/** `s3://bucket/prefix`: the bucket (S3's naming rule) and the prefix (libs/blobs parseS3Url). */
export const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/;

/** SIMVAULT_BLOB_URL checked at start-up, so a typo stops the app with the others' problems. */
function blobUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw !== undefined && !S3_URL.test(raw)) {
    problems.push(
      `SIMVAULT_BLOB_URL must be s3://bucket/prefix, or unset for local directories (got ${JSON.stringify(raw)})`,
    );
  }
  return raw;
}

const blank = (value: string | undefined) => value === undefined || value.trim() === '';

/** A variable's value, from itself or from the file its `_FILE` twin names; blank is unset. */
function readVariable(source: Env, name: string, problems: string[]): string | undefined {
  const direct = source[name];
  const file = source[`${name}_FILE`];
  if (blank(file)) return blank(direct) ? undefined : direct!.trim();
  if (!blank(direct)) {
    problems.push(`${name} and ${name}_FILE are both set; set only one of them`);
    return direct!.trim();
  }
  try {
    const value = readFileSync(file!.trim(), 'utf8').trim();
    return value === '' ? undefined : value;
  } catch (error) {
    problems.push(`${name}_FILE names a file that cannot be read: ${(error as Error).message}`);
    return undefined;
  }
}

/** Outside production the signing secret is generated once and kept, 0600, in the data directory. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // Written aside and linked into place, so a second process starting at the same moment
    // either wins or reads the complete secret of the first, never a half-written file.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
  }
  return readFileSync(file, 'utf8').trim();
}
