// bench/seamless: the seamless-database wire protocol (GET transformation hit, PUT transformation
// with unique checksums) next to the bare routes of the same process, in the same run: inside the
// app (its own node:http listener, on SQLite and PostgreSQL; the same lookup through the Express
// REST route for comparison) and in the `seamless-database` executable (SQLite file).
// Run: npx tsc -b tsconfig.build.json && node bench/seamless/run.js
'use strict';
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { createTestDatabase } = require('@simvault/db/testing');
const { BACKENDS, CONNECTIONS, DURATION, freePort, load, startServer, table } = require('../lib/harness');

const APP = resolve(__dirname, 'server.js');
const EXECUTABLE = resolve(__dirname, '../../apps/cli/dist/seamless-database.js');
const HIT = 'a'.repeat(64);
const RESULT = 'b'.repeat(64);

/** Unique transformation checksums for every PUT of a run (and of its warm-up). */
let counter = 0;
const putUnique = () => ({
  method: 'PUT',
  requests: [
    {
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({
          type: 'transformation',
          checksum: `${process.pid.toString(16)}${(++counter).toString(16)}`.padStart(64, '0'),
          value: RESULT,
        }),
      }),
    },
  ],
});
const getHit = { method: 'GET', body: JSON.stringify({ type: 'transformation', checksum: HIT }) };

async function wirePut(port, request) {
  const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'PUT', body: JSON.stringify(request) });
  if (res.status !== 200) throw new Error(`PUT failed: ${res.status} ${await res.text()}`);
}

/** Ratios to the bare Nest route (BENCHMARKS.md's ceiling) and to the bare wire listener of the same process. */
function rows(where, bare, wireBare, results) {
  return results.map(([endpoint, r]) => ({
    where,
    endpoint,
    'req/s': r.rps,
    'vs bare': bare ? (r.rps / bare.rps).toFixed(2) : '-',
    'vs wire bare': (r.rps / wireBare.rps).toFixed(2),
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    errors: r.errors,
  }));
}

async function benchApp(backend) {
  const db = await createTestDatabase(backend, 'bench_seamless');
  const [appPort, wirePort] = [await freePort(), await freePort()];
  const server = await startServer(
    APP,
    {
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_AUTH_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'auth.sqlite')}` : db.url,
      SIMVAULT_CACHE_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'cache.sqlite')}` : db.url,
      SIMVAULT_CACHE_PORT: String(appPort),
      SIMVAULT_SEAMLESS_PORT: String(wirePort),
      // The benchmark writes through the listener, from 127.0.0.1 (in the default write networks).
      SIMVAULT_SEAMLESS_WRITABLE: 'true',
      SIMVAULT_ANONYMOUS_PRIVILEGES: 'read',
    },
    appPort,
  );
  try {
    const { token } = await fetch(`http://127.0.0.1:${appPort}/session/anonymous`, { method: 'POST' }).then(
      (r) => r.json(),
    );
    await wirePut(wirePort, { type: 'transformation', checksum: HIT, value: RESULT });
    const wire = `http://127.0.0.1:${wirePort}/`;
    const bare = await load(`http://127.0.0.1:${appPort}/health/live`);
    const wireBare = await load(`${wire}healthcheck`);
    const results = [
      ['GET /health/live (bare Nest route)', bare],
      ['GET /healthcheck (bare wire listener)', wireBare],
      ['GET transformation hit (wire)', await load(wire, getHit)],
      ['PUT transformation, unique (wire)', await load(wire, putUnique())],
      [
        'GET /checksums/transformations/:cs hit (REST)',
        await load(`http://127.0.0.1:${appPort}/checksums/transformations/${HIT}`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      ],
    ];
    return {
      rows: rows(`app, ${backend}`, bare, wireBare, results),
      rss: `app ${backend} ${server.peakRssMb()} MB`,
    };
  } finally {
    await server.stop();
    await db.drop();
  }
}

async function benchExecutable() {
  const db = await createTestDatabase('sqlite', 'bench_seamless_cli');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [EXECUTABLE, join(db.dir, 'seamless.db'), '--writable', '--port', String(port), '--host', '127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthcheck`)).ok) break;
      } catch {
        if (tries > 150) throw new Error('seamless-database did not start');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await wirePut(port, { type: 'transformation', checksum: HIT, value: RESULT });
    const url = `http://127.0.0.1:${port}/`;
    const bare = await load(`${url}healthcheck`);
    const results = [
      ['GET /healthcheck (bare)', bare],
      ['GET transformation hit', await load(url, getHit)],
      ['PUT transformation, unique', await load(url, putUnique())],
    ];
    const rss = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return {
      rows: rows('seamless-database, sqlite', undefined, bare, results),
      rss: `seamless-database ${rss ? Math.round(Number(rss[1]) / 1024) : NaN} MB`,
    };
  } finally {
    await new Promise((r) => {
      child.once('exit', r);
      child.kill('SIGTERM');
    });
    await db.drop();
  }
}

async function main() {
  const all = [];
  const rss = [];
  for (const backend of BACKENDS) {
    const result = await benchApp(backend);
    all.push(...result.rows);
    rss.push(result.rss);
  }
  const executable = await benchExecutable();
  all.push(...executable.rows);
  rss.push(executable.rss);
  console.log(
    `\nbench/seamless: ${CONNECTIONS} connections, ${DURATION} s per endpoint, ${counter} unique PUTs, ${new Date().toISOString()}\n`,
  );
  console.log(
    table(all, ['where', 'endpoint', 'req/s', 'vs bare', 'vs wire bare', 'p50 ms', 'p99 ms', 'errors']),
  );
  console.log(`\npeak server RSS: ${rss.join(', ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
