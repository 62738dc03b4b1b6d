/**
 * Every environment variable Simvault reads, declared once: name, type, default, group, what it
 * means and whether it is a secret. loadConfig() reads only declared variables (and takes their
 * types, ranges and defaults from here), docs/configuration.md is generated from this list
 * (renderConfigurationPage; a test fails when the page is stale), and printed configuration masks
 * the secrets (maskedValue).
 */

export const VARIABLE_GROUPS = {
  platform: { title: 'Platform' },
  auth: { title: 'Sessions and the first admin' },
  cache: { title: 'Cache (apps/cache)' },
  seamless: { title: 'Seamless wire protocol (cache app)' },
  buffers: { title: 'Buffer store (cache app)' },
  apps: { title: 'Results, catalog and files' },
  blobs: {
    title: 'Blob storage (buffers, run files, uploads)',
    intro:
      'Read by libs/blobs `openBlobStore`: unset, every kind of bytes lives in its local directory above;\n' +
      '`SIMVAULT_BLOB_URL=s3://bucket/prefix` puts each kind under `<prefix>/<kind>/` of one S3-compatible\n' +
      'bucket (AWS S3, MinIO, Ceph RGW): run files, buffers, file content and carried artifacts; see\n' +
      '[operations.md](operations.md#blob-storage).',
  },
  login: {
    title: 'Login strategies',
    intro:
      "Every app's `POST /session/login` runs the password strategies switched on (`local`, then `ldap`);\n" +
      'the OpenID Connect routes (`/session/oidc/*`) and the rechecks run in the auth app. How to connect\n' +
      'a directory or a provider: [operations.md](operations.md#signing-in-with-the-institutions-accounts).',
  },
  console: {
    title: 'The web console',
    intro:
      'The console (`apps/console`, [console.md](console.md)) keeps no database; it calls the other\n' +
      "services over HTTP with the signed-in user's session.",
  },
  cli: { title: 'The `simvault` command', intro: 'Read by the command itself, not by the apps.' },
  tests: { title: 'Tests', intro: 'Read by the test suites only.' },
} as const;
export type VariableGroup = keyof typeof VARIABLE_GROUPS;

interface Common {
  name: string;
  group: VariableGroup;
  description: string;
  /** Never printed: masked in `doctor`, logs and configuration errors. */
  secret?: true;
  /** The default as the page shows it, where it is computed or needs words. */
  defaultText?: string;
}
export type Variable = Common &
  (
    | { type: 'int'; default?: number; min: number; max: number }
    | { type: 'bool'; default?: boolean }
    | { type: 'string' | 'list' | 'path' | 'url'; default?: string }
  );

export const SERVICES = ['auth', 'cache', 'catalog', 'results', 'files'] as const;
export type ServiceName = (typeof SERVICES)[number];
const DEFAULT_PORT = { auth: 8000, cache: 8001, catalog: 8002, results: 8003, files: 8004 } as const;
const GiB = 1024 ** 3;
const DAY = 86400;

export const VARIABLES: readonly Variable[] = [
  // Platform
  {
    name: 'NODE_ENV',
    group: 'platform',
    type: 'string',
    default: 'development',
    description: '`production` requires `SIMVAULT_JWT_SECRET` and turns anonymous sessions off by default',
  },
  {
    name: 'SIMVAULT_DATA_DIR',
    group: 'platform',
    type: 'path',
    default: './data',
    description: 'SQLite files, the development signing secret, the generated admin password',
  },
  {
    name: 'SIMVAULT_HOST',
    group: 'platform',
    type: 'string',
    default: '127.0.0.1',
    description: 'address every app listens on (`0.0.0.0` in containers)',
  },
  ...SERVICES.map((service): Variable => ({
    name: `SIMVAULT_${service.toUpperCase()}_PORT`,
    group: 'platform',
    type: 'int',
    default: DEFAULT_PORT[service],
    min: 0,
    max: 65535,
    description: `the ${service} app's port`,
  })),
  ...SERVICES.map((service): Variable => ({
    name: `SIMVAULT_${service.toUpperCase()}_DATABASE_URL`,
    group: 'platform',
    type: 'url',
    secret: true,
    defaultText: `\`sqlite:<data dir>/${service}.sqlite\``,
    description:
      service === 'auth'
        ? '`sqlite:<path>` or `postgres://user:pass@host:5432/db`; every app reads the auth database for sessions'
        : `the ${service} app's database, as above`,
  })),
  {
    name: 'SIMVAULT_DATABASE_PASSWORD',
    group: 'platform',
    type: 'string',
    secret: true,
    description: 'password for every `postgres://` URL above that names a user but no password',
  },
  {
    name: 'SIMVAULT_RUN_MIGRATIONS',
    group: 'platform',
    type: 'bool',
    default: true,
    description: 'bring schemas up to date at start-up',
  },
  {
    name: 'SIMVAULT_REDIS_URL',
    group: 'platform',
    type: 'url',
    secret: true,
    description:
      '`redis://host:6379`: queues (BullMQ), broadcasts, login counts on Redis; unset: queues in-process, login counts in auth database',
  },
  {
    name: 'SIMVAULT_QUEUE_PREFIX',
    group: 'platform',
    type: 'string',
    default: 'simvault',
    description: "namespace of this deployment's queues and broadcast channels in Redis",
  },
  {
    name: 'SIMVAULT_LOG_LEVEL',
    group: 'platform',
    type: 'string',
    defaultText: '`info` (`warn` under `NODE_ENV=test`)',
    description: 'pino level: fatal, error, warn, info, debug, trace, silent',
  },
  {
    name: 'SIMVAULT_BODY_LIMIT_BYTES',
    group: 'platform',
    type: 'int',
    default: 1024 * 1024,
    min: 1024,
    max: GiB,
    description: 'largest JSON body; larger is a 413',
  },
  // Sessions and the first admin
  {
    name: 'SIMVAULT_JWT_SECRET',
    group: 'auth',
    type: 'string',
    secret: true,
    defaultText: 'generated into `<data dir>/jwt-secret` outside production',
    description: 'HMAC key that signs tokens; at least 32 characters',
  },
  {
    name: 'SIMVAULT_SESSION_TTL_SECONDS',
    group: 'auth',
    type: 'int',
    default: DAY,
    min: 60,
    max: 365 * DAY,
    description: 'lifetime of a login session (refresh extends it)',
  },
  {
    name: 'SIMVAULT_SESSION_CACHE_SECONDS',
    group: 'auth',
    type: 'int',
    default: 2,
    min: 0,
    max: 60,
    description:
      'how long a verified session is trusted from memory; the most a revocation can take to reach every app',
  },
  {
    name: 'SIMVAULT_ANONYMOUS_SESSIONS',
    group: 'auth',
    type: 'bool',
    defaultText: '`true` (`false` in production)',
    description: 'allow `POST /session/anonymous`',
  },
  {
    name: 'SIMVAULT_ANONYMOUS_PRIVILEGES',
    group: 'auth',
    type: 'list',
    default: 'read',
    description:
      'the most an anonymous session may have (never `admin`); e.g. `read,write` to let them write',
  },
  {
    name: 'SIMVAULT_ANONYMOUS_TTL_SECONDS',
    group: 'auth',
    type: 'int',
    default: DAY,
    min: 60,
    max: 30 * DAY,
    description: 'longest anonymous session',
  },
  {
    name: 'SIMVAULT_ADMIN_USER',
    group: 'auth',
    type: 'string',
    default: 'admin',
    description: 'name of the first admin, created when there are no users',
  },
  {
    name: 'SIMVAULT_ADMIN_PASSWORD',
    group: 'auth',
    type: 'string',
    secret: true,
    defaultText: 'unset: random, written to `<data dir>/admin-password` (0600)',
    description: "the first admin's password",
  },
  {
    name: 'SIMVAULT_LOGIN_ATTEMPTS_PER_MINUTE',
    group: 'auth',
    type: 'int',
    default: 5,
    min: 1,
    max: 100000,
    description:
      'login attempts per client address and username in a sliding minute before 429; one count for every app (Redis, else auth database)',
  },
  {
    name: 'SIMVAULT_TRUSTED_PROXIES',
    group: 'auth',
    type: 'list',
    defaultText: 'none',
    description: 'comma-separated proxy addresses whose `X-Forwarded-For` is believed',
  },
  // Cache
  {
    name: 'SIMVAULT_CACHE_MAX_ENTRIES',
    group: 'cache',
    type: 'int',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    description: 'cap on live entries; least recently used beyond it are evicted',
  },
  {
    name: 'SIMVAULT_CACHE_MAX_SIZE_BYTES',
    group: 'cache',
    type: 'int',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    description: 'cap on the summed `size_bytes` of live entries',
  },
  {
    name: 'SIMVAULT_CACHE_SWEEP_SECONDS',
    group: 'cache',
    type: 'int',
    default: 60,
    min: 1,
    max: DAY,
    description: 'how often expired entries are marked, old ones purged and caps enforced',
  },
  {
    name: 'SIMVAULT_CACHE_PURGE_AFTER_SECONDS',
    group: 'cache',
    type: 'int',
    default: 7 * DAY,
    min: 0,
    max: 10 * 365 * DAY,
    description: 'how long expired and invalidated entries are kept before they are deleted',
  },
  {
    name: 'SIMVAULT_CACHE_FLUSH_MS',
    group: 'cache',
    type: 'int',
    default: 1000,
    min: 10,
    max: 60_000,
    description: 'how often hit counters and access times are written (one batch)',
  },
  {
    name: 'SIMVAULT_CACHE_READ_CACHE_MS',
    group: 'cache',
    type: 'int',
    default: 1000,
    min: 0,
    max: 60_000,
    description: 'how long a looked-up entry is answered from memory; 0 turns it off',
  },
  {
    name: 'SIMVAULT_CACHE_STATS_HISTORY_HOURS',
    group: 'cache',
    type: 'int',
    default: 30 * 24,
    min: 1,
    max: 10 * 365 * 24,
    description:
      "how many hourly buckets of the statistics' time series are kept (`GET /cache/stats/history`); the sweep drops older ones",
  },
  {
    name: 'SIMVAULT_CACHE_UNKNOWN_SIMULATIONS',
    group: 'cache',
    type: 'string',
    default: 'warn',
    description:
      'an entry whose `simulation_id` the catalog (`SIMVAULT_CATALOG_URL`) does not know: `warn` stores it and says so in the answer, `refuse` answers 422, `off` does not ask the catalog',
  },
  // Seamless
  {
    name: 'SIMVAULT_SEAMLESS_ENABLED',
    group: 'seamless',
    type: 'bool',
    default: true,
    description: "serve the seamless-database protocol beside the cache's REST API",
  },
  {
    name: 'SIMVAULT_SEAMLESS_PORT',
    group: 'seamless',
    type: 'int',
    default: 5522,
    min: 0,
    max: 65535,
    description: 'its port (0 = any free port), on `SIMVAULT_HOST`',
  },
  {
    name: 'SIMVAULT_SEAMLESS_WRITABLE',
    group: 'seamless',
    type: 'bool',
    default: false,
    description:
      'accept PUT at all; `false` answers every PUT 405 `ERROR: Database server is read-only` (the protocol has no authentication)',
  },
  {
    name: 'SIMVAULT_SEAMLESS_WRITE_FROM',
    group: 'seamless',
    type: 'list',
    default: '127.0.0.0/8,::1/128',
    description:
      'when writable, the client networks (comma-separated CIDR, IPv4 and IPv6) a PUT is accepted from; others get 403 and are logged',
  },
  {
    name: 'SIMVAULT_SEAMLESS_BODY_LIMIT_BYTES',
    group: 'seamless',
    type: 'int',
    default: 4 * 1024 * 1024,
    min: 1024,
    max: GiB,
    description: 'largest request body on that port (413 above it)',
  },
  // Buffers
  {
    name: 'SIMVAULT_BUFFER_DIR',
    group: 'buffers',
    type: 'path',
    defaultText: '`<data dir>/buffers`',
    description: 'the writable store, `<dir>/<cs[0:2]>/<cs>`',
  },
  {
    name: 'SIMVAULT_BUFFER_EXTRA_DIRS',
    group: 'buffers',
    type: 'list',
    defaultText: 'none',
    description: 'comma-separated read-only stores searched after the main one',
  },
  {
    name: 'SIMVAULT_BUFFER_HASH',
    group: 'buffers',
    type: 'string',
    default: 'sha-256',
    description: '`sha-256` or `sha3-256` (what checksums are verified with)',
  },
  {
    name: 'SIMVAULT_BUFFER_ZONE',
    group: 'buffers',
    type: 'string',
    description: 'the file zone of the store; a client naming it gets on-disk paths to hard-link',
  },
  {
    name: 'SIMVAULT_BUFFER_MAX_BYTES',
    group: 'buffers',
    type: 'int',
    min: 1024,
    max: Number.MAX_SAFE_INTEGER,
    defaultText: '10737418240',
    description: 'largest buffer `PUT /buffers/{cs}` accepts (413 above it)',
  },
  // Results, catalog and files
  {
    name: 'SIMVAULT_RUN_ROOTS',
    group: 'apps',
    type: 'list',
    defaultText: 'none',
    description:
      'comma-separated directories run files may be registered from by path (`POST /register`); nothing else is read',
  },
  {
    name: 'SIMVAULT_RUN_STORE_DIR',
    group: 'apps',
    type: 'path',
    defaultText: '`<data dir>/runs`',
    description: 'where the platform keeps its own copy of every registered run file, by checksum',
  },
  {
    name: 'SIMVAULT_CATALOG_URL',
    group: 'apps',
    type: 'url',
    defaultText: '`http://<SIMVAULT_HOST>:<SIMVAULT_CATALOG_PORT>`',
    description:
      "where the results service (schema checks and executions of registrations), the cache (simulation ids of entries) and the `simvault catalog` commands reach the catalog; the apps call it with the caller's own token",
  },
  {
    name: 'SIMVAULT_RESULTS_URL',
    group: 'apps',
    type: 'url',
    defaultText: '`http://<SIMVAULT_HOST>:<SIMVAULT_RESULTS_PORT>`',
    description:
      "where the cache (`GET /cache/explain` reads the runs' inputs) and the `simvault results` commands reach the results service; the cache calls it with the caller's own token",
  },
  {
    name: 'SIMVAULT_MAX_RUN_FILE_BYTES',
    group: 'apps',
    type: 'int',
    default: GiB,
    min: 1024,
    max: 64 * GiB,
    description: 'largest run file accepted',
  },
  {
    name: 'SIMVAULT_RUN_FILE_READ_SECONDS',
    group: 'apps',
    type: 'int',
    default: 300,
    min: 1,
    max: 24 * 3600,
    description:
      'how long checking and reading one run file may take (on a worker thread) before it is refused',
  },
  {
    name: 'SIMVAULT_RUN_FILE_READ_MEMORY_MB',
    group: 'apps',
    type: 'int',
    default: 1024,
    min: 64,
    max: 64 * 1024,
    description: 'the heap the worker thread reading one run file may use before the file is refused',
  },
  {
    name: 'SIMVAULT_CATALOG_BUNDLE_MAX_BYTES',
    group: 'apps',
    type: 'int',
    default: 10 * 1024 * 1024,
    min: 1024,
    max: GiB,
    description:
      "largest workflow bundle (decoded) on registration; the catalog's JSON body limit follows it",
  },
  {
    name: 'SIMVAULT_FILES_MAX_UPLOAD_BYTES',
    group: 'apps',
    type: 'int',
    default: 10 * GiB,
    min: 1024,
    max: 1024 * GiB,
    description: 'largest single upload to the file manager',
  },
  {
    name: 'SIMVAULT_FILES_CONTENT_DIR',
    group: 'apps',
    type: 'path',
    defaultText: '`<data dir>/files-content`',
    description:
      "the file manager's uploaded content, by checksum (its own store, apart from the cache app's buffers)",
  },
  {
    name: 'SIMVAULT_FILES_ARTIFACT_DIR',
    group: 'apps',
    type: 'path',
    defaultText: '`<data dir>/run-artifacts`',
    description:
      "the platform's copies of runs' external artifacts, by sha256 (uploaded with a registration, or taken in from a run root)",
  },
  {
    name: 'SIMVAULT_ARTIFACT_GC_GRACE_HOURS',
    group: 'apps',
    type: 'int',
    default: 24,
    min: 0,
    max: 24 * 365,
    description:
      'how old an uploaded artifact no indexed run names must be before `POST /artifacts/gc` deletes it (the default for its `grace_hours`)',
  },
  // Blob storage
  {
    name: 'SIMVAULT_BLOB_URL',
    group: 'blobs',
    type: 'string',
    defaultText: 'unset (local directories)',
    description: '`s3://bucket/prefix`: the bucket blob stores live in instead of local directories',
  },
  {
    name: 'SIMVAULT_S3_ENDPOINT',
    group: 'blobs',
    type: 'url',
    defaultText: "AWS's endpoint for the region",
    description: 'the S3 server, e.g. `http://minio:9000` (MinIO, Ceph RGW, any S3-compatible server)',
  },
  {
    name: 'SIMVAULT_S3_REGION',
    group: 'blobs',
    type: 'string',
    default: 'us-east-1',
    description: "the bucket's region (self-hosted servers accept any)",
  },
  {
    name: 'SIMVAULT_S3_ACCESS_KEY_ID',
    group: 'blobs',
    type: 'string',
    defaultText: "the AWS SDK's own chain (environment, profile, instance role)",
    description: 'the access key the apps sign requests with',
  },
  {
    name: 'SIMVAULT_S3_SECRET_ACCESS_KEY',
    group: 'blobs',
    type: 'string',
    secret: true,
    description: "that access key's secret",
  },
  {
    name: 'SIMVAULT_S3_FORCE_PATH_STYLE',
    group: 'blobs',
    type: 'bool',
    default: true,
    description:
      '`endpoint/bucket/key` URLs (what MinIO and Ceph RGW need); false for `bucket.endpoint/key` (AWS virtual hosts)',
  },
  {
    name: 'SIMVAULT_S3_PART_BYTES',
    group: 'blobs',
    type: 'int',
    default: 8 * 1024 * 1024,
    min: 5 * 1024 * 1024,
    max: 5 * GiB,
    description:
      'multipart part size: an upload holds about (parts in flight + 1) parts in memory; 10,000 parts at most per object',
  },
  {
    name: 'SIMVAULT_S3_PARTS_IN_FLIGHT',
    group: 'blobs',
    type: 'int',
    default: 4,
    min: 1,
    max: 64,
    description: 'parts of one upload sent at once',
  },
  {
    name: 'SIMVAULT_BLOB_REDIRECT_BYTES',
    group: 'blobs',
    type: 'int',
    default: 0,
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    description:
      'with a bucket, downloads of this many bytes or more (file content, carried artifacts) answer 302 to a presigned URL (5 min); 0: never',
  },
  // Login strategies
  {
    name: 'SIMVAULT_AUTH_STRATEGIES',
    group: 'login',
    type: 'list',
    default: 'local',
    description: 'comma-separated: `local` (Simvault passwords), `ldap`, `oidc`; several at once',
  },
  {
    name: 'SIMVAULT_PROVIDER_RECHECK_SECONDS',
    group: 'login',
    type: 'int',
    default: 300,
    min: 1,
    max: 7 * DAY,
    description:
      'how often the directory or provider is asked again whether each of its people with a live session may stay; access ends within this time (plus half of it)',
  },
  {
    name: 'SIMVAULT_LDAP_URL',
    group: 'login',
    type: 'url',
    defaultText: 'required for `ldap`',
    description: '`ldap://host:389` or `ldaps://host:636`',
  },
  {
    name: 'SIMVAULT_LDAP_BIND_DN',
    group: 'login',
    type: 'string',
    defaultText: 'unset (anonymous search)',
    description: 'the service account that searches for people and groups',
  },
  {
    name: 'SIMVAULT_LDAP_BIND_PASSWORD',
    group: 'login',
    type: 'string',
    secret: true,
    description: 'its password',
  },
  {
    name: 'SIMVAULT_LDAP_USER_BASE',
    group: 'login',
    type: 'string',
    defaultText: 'required for `ldap`',
    description: 'where people are searched (subtree)',
  },
  {
    name: 'SIMVAULT_LDAP_USER_FILTER',
    group: 'login',
    type: 'string',
    default: '(uid={username})',
    description:
      'who may sign in; `{username}` is the escaped login name. Leave disabled people out here, e.g. `(&(uid={username})(!(employeeType=disabled)))`',
  },
  {
    name: 'SIMVAULT_LDAP_ID_ATTRIBUTE',
    group: 'login',
    type: 'string',
    default: 'entryUUID',
    description: 'the stable id a Simvault user is keyed by (`objectGUID` on Active Directory)',
  },
  {
    name: 'SIMVAULT_LDAP_USERNAME_ATTRIBUTE',
    group: 'login',
    type: 'string',
    default: 'uid',
    description: 'the Simvault username (`sAMAccountName` on Active Directory)',
  },
  {
    name: 'SIMVAULT_LDAP_EMAIL_ATTRIBUTE',
    group: 'login',
    type: 'string',
    default: 'mail',
    description: "the user's email",
  },
  {
    name: 'SIMVAULT_LDAP_GROUP_BASE',
    group: 'login',
    type: 'string',
    defaultText: 'the user base',
    description: 'where groups are searched',
  },
  {
    name: 'SIMVAULT_LDAP_GROUP_FILTER',
    group: 'login',
    type: 'string',
    default: '(|(member={dn})(uniqueMember={dn})(memberUid={username}))',
    description: "a person's groups; `{dn}` is their DN",
  },
  {
    name: 'SIMVAULT_LDAP_ROLE_MAP',
    group: 'login',
    type: 'string',
    defaultText: 'none',
    description:
      '`<role>=<group DN>` separated by `;`, e.g. `admin=cn=admins,ou=groups,dc=example,dc=org;developer=cn=devs,ou=groups,dc=example,dc=org`; the highest role wins',
  },
  {
    name: 'SIMVAULT_LDAP_DEFAULT_ROLE',
    group: 'login',
    type: 'string',
    default: 'user',
    description: 'the role of someone in no mapped group; `none` refuses them',
  },
  {
    name: 'SIMVAULT_LDAP_TIMEOUT_MS',
    group: 'login',
    type: 'int',
    default: 5000,
    min: 100,
    max: 60_000,
    description: 'connect and operation timeout; a directory that does not answer is a 503',
  },
  {
    name: 'SIMVAULT_OIDC_ISSUER',
    group: 'login',
    type: 'url',
    defaultText: 'required for `oidc`',
    description: "the provider's issuer URL (discovered at `/.well-known/openid-configuration`)",
  },
  {
    name: 'SIMVAULT_OIDC_CLIENT_ID',
    group: 'login',
    type: 'string',
    defaultText: 'required for `oidc`',
    description: "Simvault's client at the provider",
  },
  {
    name: 'SIMVAULT_OIDC_CLIENT_SECRET',
    group: 'login',
    type: 'string',
    secret: true,
    defaultText: 'unset (public client)',
    description: 'its secret',
  },
  {
    name: 'SIMVAULT_OIDC_REDIRECT_URL',
    group: 'login',
    type: 'url',
    defaultText: '`http://<SIMVAULT_HOST>:<SIMVAULT_AUTH_PORT>/session/oidc/callback`',
    description: 'the callback as the provider and browsers reach it; register it at the provider',
  },
  {
    name: 'SIMVAULT_OIDC_SCOPES',
    group: 'login',
    type: 'string',
    default: 'openid profile email offline_access',
    description: 'scopes asked for; a refresh token (`offline_access`) is what lets a recheck end access',
  },
  {
    name: 'SIMVAULT_OIDC_USERNAME_CLAIM',
    group: 'login',
    type: 'string',
    default: 'preferred_username',
    description: 'the claim that names the Simvault user (else `email`, else `sub`)',
  },
  {
    name: 'SIMVAULT_OIDC_ROLES_CLAIM',
    group: 'login',
    type: 'string',
    default: 'groups',
    description: 'the claim (a list or a string) whose values the role map reads',
  },
  {
    name: 'SIMVAULT_OIDC_ROLE_MAP',
    group: 'login',
    type: 'string',
    defaultText: 'none',
    description:
      '`<role>=<claim value>` separated by `;`, e.g. `admin=simvault-admins;developer=simvault-devs`',
  },
  {
    name: 'SIMVAULT_OIDC_DEFAULT_ROLE',
    group: 'login',
    type: 'string',
    default: 'user',
    description: 'the role of someone with no mapped value; `none` refuses them',
  },
  {
    name: 'SIMVAULT_OIDC_RETURN_URLS',
    group: 'login',
    type: 'list',
    defaultText: 'none',
    description:
      'comma-separated URL prefixes a browser login may return to (the console); loopback addresses always may',
  },
  // The web console
  {
    name: 'SIMVAULT_CONSOLE_PORT',
    group: 'console',
    type: 'int',
    default: 8005,
    min: 0,
    max: 65535,
    description: "the console's port",
  },
  {
    name: 'SIMVAULT_CONSOLE_UPSTREAMS',
    group: 'console',
    type: 'list',
    defaultText: '`http://<SIMVAULT_HOST>:<service port>` for each one',
    description:
      'where the console reaches the services, `<service>=<url>` separated by `,`, e.g. `auth=http://auth:8000,results=http://results:8003`; a service not named keeps its default (loopback when `SIMVAULT_HOST` is `0.0.0.0`)',
  },
  {
    name: 'SIMVAULT_CONSOLE_SECURE_COOKIE',
    group: 'console',
    type: 'bool',
    default: false,
    description:
      'mark the session cookie `Secure`: set it when browsers reach the console over HTTPS (behind a TLS proxy)',
  },
  // The simvault command
  {
    name: 'SIMVAULT_AUTH_URL',
    group: 'cli',
    type: 'url',
    defaultText: '`http://<SIMVAULT_HOST>:<SIMVAULT_AUTH_PORT>`',
    description: 'the auth service `simvault login` signs in to',
  },
  {
    name: 'SIMVAULT_TOKEN_FILE',
    group: 'cli',
    type: 'path',
    default: '~/.config/simvault/token',
    description: 'where `simvault login` keeps the session token (mode 0600)',
  },
  // Tests
  {
    name: 'SIMVAULT_TEST_BACKENDS',
    group: 'tests',
    type: 'list',
    default: 'sqlite,postgres',
    description: 'the backends every integration suite runs on',
  },
  {
    name: 'SIMVAULT_TEST_POSTGRES_URL',
    group: 'tests',
    type: 'url',
    default: 'postgres://postgres@127.0.0.1:5432/postgres',
    description: 'the PostgreSQL server the suites create their databases on',
  },
  {
    name: 'SIMVAULT_TEST_REDIS_URL',
    group: 'tests',
    type: 'url',
    default: 'redis://127.0.0.1:6379',
    description: 'the Redis the queue and login-limit suites use',
  },
];

const BY_NAME = new Map(VARIABLES.map((v) => [v.name, v]));

/** The declaration of a variable; reading an undeclared one is a programming error. */
export function variable(name: string): Variable {
  const found = BY_NAME.get(name);
  if (!found) throw new Error(`${name} is not declared in libs/core/src/config/variables.ts`);
  return found;
}

/** The URL with any password replaced, for logs, `doctor` and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/**
 * A value as it may be printed: a secret is hidden, except that a URL keeps everything but its
 * password (an operator needs to see which server a URL names).
 */
export function maskedValue(name: string, value: string): string {
  const declared = BY_NAME.get(name);
  if (!declared?.secret) return value;
  if (declared.type === 'url') return redactUrl(value);
  return '***';
}

function defaultText(v: Variable): string {
  if (v.defaultText !== undefined) return v.defaultText;
  if (v.default === undefined) return 'unset';
  if (v.type === 'int') return String(v.default);
  return `\`${String(v.default)}\``;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(3, ...rows.map((r) => [...r[i]].length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
  return [
    line(rows[0]),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

const PAGE_INTRO = `# Configuration

<!-- Generated from libs/core/src/config/variables.ts: edit that file, then run
     SIMVAULT_WRITE_CONFIG_DOCS=1 npx jest libs/core/src/config/config.spec.ts -->

Every setting is an environment variable, declared once in \`libs/core/src/config/variables.ts\`
(name, type, default, meaning, whether it is a secret) and read once by \`loadConfig()\`. A bad
value stops the app at start-up with every problem listed. Secrets are never printed: \`simvault
doctor\`, logs and configuration errors show \`***\` (a URL keeps all but its password).

**From a file.** Any variable below may instead be given as \`<NAME>_FILE\`, the path of a file
holding its value (surrounding whitespace and the final newline are dropped; an empty file is an
unset value), as the official PostgreSQL image does with \`POSTGRES_PASSWORD_FILE\`. It is meant
for the secrets, mounted by docker (\`/run/secrets/…\`). Setting both \`<NAME>\` and \`<NAME>_FILE\`,
or naming a file that cannot be read, stops the app.

**Flags.** The operator commands' flags (\`simvault up --data-dir D --host H\`, \`buffers verify
--data-dir D\`) override the variable they stand for only when given.
`;

/** docs/configuration.md, from the declarations. */
export function renderConfigurationPage(): string {
  const sections = (Object.keys(VARIABLE_GROUPS) as VariableGroup[]).map((group) => {
    const { title, intro } = VARIABLE_GROUPS[group] as { title: string; intro?: string };
    const rows = VARIABLES.filter((v) => v.group === group).map((v) => [
      `\`${v.name}\``,
      cell(defaultText(v)),
      cell(v.secret ? `${v.description} (secret)` : v.description),
    ]);
    return [
      `## ${title}`,
      ...(intro ? [intro] : []),
      table([['variable', 'default', 'meaning'], ...rows]),
    ].join('\n\n');
  });
  return `${PAGE_INTRO}\n${sections.join('\n\n')}\n`;
}
