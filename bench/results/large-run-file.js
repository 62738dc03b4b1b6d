// bench/results/large-run-file.js: search latency while a large run file registers. The file is
// checked (schema, quick_check) and read on a worker thread, so the event loop that answers
// searches should barely notice. Prints search p50/p99 with the service idle and while the file
// registers (from the run root, then uploaded), each next to a bare route measured at the same
// time. SQLite only (the backend is not what is measured). Run: npx pnpm@12.21.0 bench:large-run-file
// (BENCH_RUN_FILE_MB, default 1024, sets the file's size; BENCH_SEED_RUNS the results searched).
'use strict';
const { createReadStream, mkdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const { createTestDatabase } = require('@simvault/db/testing');
const { fetchRetry, freePort, startServer, table } = require('../lib/harness');

const runDb = require(resolve(__dirname, '../../libs/run-db'));
const Database = require(
  require.resolve('better-sqlite3', { paths: [resolve(__dirname, '../../libs/run-db')] }),
);

const AUTH = resolve(__dirname, '../../apps/auth/dist/main.js');
const RESULTS = resolve(__dirname, '../../apps/results/dist/main.js');
const PASSWORD = 'bench-admin-password';
const FILE_MB = Number(process.env.BENCH_RUN_FILE_MB ?? 1024);
const SEED_RUNS = Number(process.env.BENCH_SEED_RUNS ?? 2000);
const IDLE_SAMPLES = Number(process.env.BENCH_IDLE_SAMPLES ?? 300);

/** A run file of about `mb` MiB: one run, a few parameters, and artifacts of 1 MiB each. */
function writeLargeRunFile(dir, executionId, mb) {
  const run = runDb.RunDatabase.open(executionId, { dir });
  run.initializeRun('big_sim', '1.0');
  run.saveInput('temperature', 350, 'number');
  run.saveOutput('max_stress', 1.5e8, 'number');
  run.completeRun('completed', { durationSeconds: 12 });
  run.close();
  const path = join(dir, `${executionId}.db`);
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  const insert = db.prepare(
    "INSERT INTO artifacts (name, category, size_bytes, data) VALUES (?, 'data', ?, ?)",
  );
  const blob = Buffer.alloc(1024 * 1024);
  db.transaction(() => {
    for (let i = 0; i < mb; i++) {
      blob.fill(i % 251);
      insert.run(`chunk-${i}.bin`, blob.length, blob);
    }
  })();
  db.close();
  return path;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Sends `request` one after another until `until()` is true (or `count` are done); answers the times. */
async function sample(request, { count = Infinity, until = () => false }) {
  const times = [];
  while (times.length < count && !until()) {
    const start = performance.now();
    await request();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

async function main() {
  const db = await createTestDatabase('sqlite', 'bench_large_run_file');
  const runRoot = join(db.dir, 'run-root');
  mkdirSync(runRoot, { recursive: true });
  const [authPort, resultsPort] = [await freePort(), await freePort()];
  const env = {
    SIMVAULT_DATA_DIR: db.dir,
    SIMVAULT_AUTH_DATABASE_URL: `sqlite:${join(db.dir, 'auth.sqlite')}`,
    SIMVAULT_RESULTS_DATABASE_URL: `sqlite:${join(db.dir, 'results.sqlite')}`,
    SIMVAULT_AUTH_PORT: String(authPort),
    SIMVAULT_RESULTS_PORT: String(resultsPort),
    SIMVAULT_RUN_ROOTS: runRoot,
    SIMVAULT_ADMIN_PASSWORD: PASSWORD,
    SIMVAULT_MAX_RUN_FILE_BYTES: String((FILE_MB + 64) * 1024 * 1024),
  };
  const auth = await startServer(AUTH, env, authPort);
  const server = await startServer(RESULTS, env, resultsPort);
  const base = `http://127.0.0.1:${resultsPort}`;
  try {
    const login = await fetchRetry(`${base}/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const { token } = await login.json();
    const headers = { 'x-session-id': token, 'content-type': 'application/json' };
    for (let i = 0; i < SEED_RUNS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, SEED_RUNS - i) }, (_, k) =>
          fetch(`${base}/register_direct`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              execution_id: `seed-${i + k}`,
              simulation_name: 'scale_sim',
              simulation_version: '1.0',
              input_params: { p0: ((i + k) * 37) % 1000, mesh: (i + k) % 4 },
              output_params: { o0: (i + k) * 1e5 },
              status: 'completed',
            }),
          }).then((r) => r.arrayBuffer()),
        ),
      );
    }
    const search = () =>
      fetch(`${base}/search`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          simulation_name: 'scale_sim',
          input_filters: { p0: { $gte: 100, $lt: 400 } },
          limit: 50,
        }),
      }).then((r) => r.arrayBuffer());
    const bare = () => fetch(`${base}/health/live`).then((r) => r.arrayBuffer());

    const written = performance.now();
    const path = writeLargeRunFile(runRoot, 'big-run', FILE_MB);
    const sizeMb = Math.round(statSync(path).size / 1024 / 1024);
    const writeSeconds = ((performance.now() - written) / 1000).toFixed(1);

    const rows = [];
    const measure = async (phase, work) => {
      let done = false;
      let seconds = 0;
      const started = performance.now();
      const job = work ? work().then(() => (seconds = (performance.now() - started) / 1000)) : null;
      const finished = job ? job.finally(() => (done = true)) : null;
      // Search and the bare route interleaved, so both see the same moments of the registration.
      const searches = [];
      const bares = [];
      const stop = () => (job ? done : searches.length >= IDLE_SAMPLES);
      while (!stop()) {
        searches.push(...(await sample(search, { count: 1 })));
        bares.push(...(await sample(bare, { count: 1 })));
      }
      await finished;
      searches.sort((a, b) => a - b);
      bares.sort((a, b) => a - b);
      rows.push({
        phase,
        requests: searches.length,
        'search p50 ms': percentile(searches, 0.5).toFixed(1),
        'search p99 ms': percentile(searches, 0.99).toFixed(1),
        'bare p99 ms': percentile(bares, 0.99).toFixed(1),
        'search p99 / bare p99': (percentile(searches, 0.99) / percentile(bares, 0.99)).toFixed(1),
        'max search ms': searches.at(-1).toFixed(1),
        'registration s': job ? seconds.toFixed(1) : '',
      });
    };
    const ok = async (res) => {
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${res.status} ${text}`);
    };
    await measure('idle', null);
    await measure(`POST /register of a ${sizeMb} MiB file (run root)`, () =>
      fetch(`${base}/register`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ execution_id: 'big-run' }),
      }).then(ok),
    );
    await measure(`POST /register/upload of the same ${sizeMb} MiB file`, () =>
      fetch(`${base}/register/upload?execution_id=big-run`, {
        method: 'POST',
        headers: { 'x-session-id': token, 'content-type': 'application/octet-stream' },
        body: createReadStream(path),
        duplex: 'half',
      }).then(ok),
    );
    console.log(
      `\nbench/results/large-run-file: ${new Date().toISOString()}, SQLite, ${SEED_RUNS} results searched, ` +
        `a ${sizeMb} MiB run file (written in ${writeSeconds} s); one client, search and GET /health/live alternating\n`,
    );
    console.log(
      table(rows, [
        'phase',
        'requests',
        'search p50 ms',
        'search p99 ms',
        'bare p99 ms',
        'search p99 / bare p99',
        'max search ms',
        'registration s',
      ]),
    );
    console.log(`\npeak results-server RSS ${server.peakRssMb()} MB`);
  } finally {
    await server.stop();
    await auth.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
