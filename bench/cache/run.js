// bench/cache: GET hit, GET miss and POST store on the cache app, each next to a bare route of the
// same app in the same run, on SQLite and PostgreSQL. Run: npx pnpm@12.21.0 bench:cache
'use strict';
const { join, resolve } = require('node:path');
const { createTestDatabase } = require('@simvault/db/testing');
const { BACKENDS, CONNECTIONS, DURATION, freePort, load, startServer, table } = require('../lib/harness');

const AUTH = resolve(__dirname, '../../apps/auth/dist/main.js');
const CACHE = resolve(__dirname, '../../apps/cache/dist/main.js');
const CATALOG = resolve(__dirname, '../../apps/catalog/dist/main.js');
const PASSWORD = 'bench-admin-password';

async function benchBackend(backend) {
  const db = await createTestDatabase(backend, 'bench_cache');
  const [authPort, cachePort, seamlessPort, catalogPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env = {
    SIMVAULT_DATA_DIR: db.dir,
    SIMVAULT_AUTH_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'auth.sqlite')}` : db.url,
    SIMVAULT_CACHE_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'cache.sqlite')}` : db.url,
    SIMVAULT_CATALOG_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'catalog.sqlite')}` : db.url,
    SIMVAULT_AUTH_PORT: String(authPort),
    SIMVAULT_CACHE_PORT: String(cachePort),
    SIMVAULT_SEAMLESS_PORT: String(seamlessPort),
    SIMVAULT_CATALOG_PORT: String(catalogPort),
    SIMVAULT_ADMIN_PASSWORD: PASSWORD,
  };
  const auth = await startServer(AUTH, env, authPort);
  // The store asks the catalog whether simulation_id exists (remembering a "known" for 30 s), as
  // in a deployment: without a catalog every store would wait for a refused connection.
  const catalog = await startServer(CATALOG, env, catalogPort);
  const cache = await startServer(CACHE, env, cachePort);
  const base = `http://127.0.0.1:${cachePort}`;
  try {
    const { token } = await fetch(`${base}/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    }).then((r) => r.json());
    const headers = { 'x-session-id': token, 'content-type': 'application/json' };
    const simulation = await fetch(`http://127.0.0.1:${catalogPort}/simulations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'thermal_sim', version: '1.0.0', workflow_type: 'function' }),
    });
    if (simulation.status !== 201)
      throw new Error(`registering: ${simulation.status} ${await simulation.text()}`);
    const { id: simulationId } = await simulation.json();
    const entry = (key) => ({
      cache_key: key,
      simulation_id: simulationId,
      simulation_name: 'thermal_sim',
      simulation_version: '1.0.0',
      execution_id: `exec-${key.length}`,
      squid_id: 'thermal_sim/1.0.0/xyz',
      input_hash: 'hash123',
      run_db_path: '/runs/exec.db',
      ttl_hours: 24,
      compute_seconds: 30,
    });
    const stored = await fetch(`${base}/cache`, {
      method: 'POST',
      headers,
      body: JSON.stringify(entry('thermal_sim/1.0.0/hit')),
    });
    if (stored.status !== 200) throw new Error(`store failed: ${stored.status}`);

    const bare = await load(`${base}/health/live`, {}, cache);
    const hit = await load(`${base}/cache/thermal_sim/1.0.0/hit`, { headers }, cache);
    const miss = await load(`${base}/cache/thermal_sim/1.0.0/missing`, { headers }, cache);
    let n = 0;
    const store = await load(
      `${base}/cache`,
      {
        method: 'POST',
        headers,
        requests: [
          { setupRequest: (req) => ({ ...req, body: JSON.stringify(entry(`bench/${process.pid}/${++n}`)) }) },
        ],
      },
      cache,
    );
    const row = (name, r, expectStatus) => ({
      backend,
      endpoint: name,
      'req/s': r.rps,
      'vs bare': (r.rps / bare.rps).toFixed(2),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      // the cache process's CPU per request, and the bare route's over this route's
      'cpu µs/req': r.cpuUs,
      'cpu vs bare': (bare.cpuUs / r.cpuUs).toFixed(2),
      // a miss answers 404 by design; count only unexpected answers
      errors: expectStatus === 404 ? '-' : r.errors,
    });
    return {
      rows: [
        row('GET /health/live (bare)', bare),
        row('GET /cache/<key> hit', hit),
        row('GET /cache/<key> miss', miss, 404),
        row('POST /cache (unique keys)', store),
      ],
      rss: cache.peakRssMb(),
      stored: n,
    };
  } finally {
    await cache.stop();
    await catalog.stop();
    await auth.stop();
    await db.drop();
  }
}

async function main() {
  const rows = [];
  const notes = [];
  for (const backend of BACKENDS) {
    const result = await benchBackend(backend);
    rows.push(...result.rows);
    notes.push(`${backend}: peak cache RSS ${result.rss} MB, ${result.stored} entries stored`);
  }
  console.log(
    `\nbench/cache: ${CONNECTIONS} connections, ${DURATION} s per endpoint, ${new Date().toISOString()}, load average ${require('node:os').loadavg()[0].toFixed(1)}\n`,
  );
  console.log(
    table(rows, [
      'backend',
      'endpoint',
      'req/s',
      'vs bare',
      'p50 ms',
      'p99 ms',
      'cpu µs/req',
      'cpu vs bare',
      'errors',
    ]),
  );
  console.log(
    `\nload average ${require('node:os')
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`\n${notes.join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
