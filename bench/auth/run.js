// bench/auth: login throughput and the cost of token verification, next to a bare route of the
// same app in the same run, on SQLite and PostgreSQL. Run: pnpm bench:auth
'use strict';
const { resolve } = require('node:path');
const { createTestDatabase } = require('@simvault/db/testing');
const { BACKENDS, CONNECTIONS, DURATION, freePort, load, startServer, table } = require('../lib/harness');

const APP = resolve(__dirname, '../../apps/auth/dist/main.js');
const PASSWORD = 'bench-admin-password';

async function benchBackend(backend) {
  const db = await createTestDatabase(backend, 'bench_auth');
  const port = await freePort();
  const server = await startServer(
    APP,
    {
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_AUTH_DATABASE_URL: db.url,
      SIMVAULT_AUTH_PORT: String(port),
      SIMVAULT_ADMIN_PASSWORD: PASSWORD,
      // The login row measures throughput: 32 logins at once of one user from one address would
      // otherwise meet the login limit, which counts attempts in flight (reserved before the hash).
      SIMVAULT_LOGIN_ATTEMPTS_PER_MINUTE: '100000',
    },
    port,
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    const login = await fetch(`${base}/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    }).then((r) => r.json());
    const bare = await load(`${base}/health/live`);
    const verify = await load(`${base}/session`, { headers: { authorization: `Bearer ${login.token}` } });
    const logins = await load(`${base}/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const row = (name, r) => ({
      backend,
      endpoint: name,
      'req/s': r.rps,
      'vs bare': (r.rps / bare.rps).toFixed(2),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      errors: r.errors,
    });
    return {
      rows: [
        row('GET /health/live (bare)', bare),
        row('GET /session (verify token)', verify),
        row('POST /session/login', logins),
      ],
      rss: server.peakRssMb(),
    };
  } finally {
    await server.stop();
    await db.drop();
  }
}

async function main() {
  const rows = [];
  const rss = [];
  for (const backend of BACKENDS) {
    const result = await benchBackend(backend);
    rows.push(...result.rows);
    rss.push(`${backend} ${result.rss} MB`);
  }
  console.log(
    `\nbench/auth: ${CONNECTIONS} connections, ${DURATION} s per endpoint, ${new Date().toISOString()}\n`,
  );
  console.log(table(rows, ['backend', 'endpoint', 'req/s', 'vs bare', 'p50 ms', 'p99 ms', 'errors']));
  console.log(`\npeak server RSS: ${rss.join(', ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
