// bench/results: run-file writes per second (batched and not), registrations per second (from a run
// root, uploaded, as a batch job, direct), and search and statistics latency at 1k, 10k and 100k runs
// of 20 parameters each, on SQLite and PostgreSQL, next to a bare route of the same app in the same
// run. Run: npx pnpm@12.21.0 bench:results (BENCH_SIZES=1000,10000 for a shorter run).
'use strict';
const { mkdirSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const { createTestDatabase } = require('@simvault/db/testing');
const {
  BACKENDS,
  fetchRetry,
  freePort,
  sequential,
  settlePostgres,
  startServer,
  table,
} = require('../lib/harness');

const runDb = require(resolve(__dirname, '../../libs/run-db'));

const AUTH = resolve(__dirname, '../../apps/auth/dist/main.js');
const RESULTS = resolve(__dirname, '../../apps/results/dist/main.js');
const PASSWORD = 'bench-admin-password';
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 15);
const REGISTER_FILES = Number(process.env.BENCH_REGISTER_FILES ?? 400);
const CONCURRENCY = 8;

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const MATERIALS = [
  'steel',
  'copper',
  'aluminium',
  'zinc',
  'titanium',
  'nickel',
  'lead',
  'tin',
  'gold',
  'iron',
];

/** 20 parameters: 12 inputs (10 numbers, a string, an integer), 8 outputs (7 numbers, a boolean). */
function parameters() {
  const inputs = {};
  for (let i = 0; i < 10; i++) inputs[`p${i}`] = Math.round(random() * 1e6) / 1e3;
  inputs.material = MATERIALS[Math.floor(random() * MATERIALS.length)];
  inputs.mesh = 1 + Math.floor(random() * 4);
  const outputs = {};
  for (let i = 0; i < 7; i++) outputs[`o${i}`] = random() * 1e8;
  outputs.converged = random() < 0.8;
  return { inputs, outputs };
}

async function pool(count, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function post(base, headers, path, body) {
  const res = await fetchRetry(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** One client, one request at a time, after a warm-up: the latency a person sees. */
async function latency(request) {
  await request();
  const t = await sequential(request, REPEAT);
  return { p50: t.at(0.5), p95: t.at(0.95) };
}

// ------------------------------------------------------------------ run-file writes, in this process

function runFileWrites() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-run-db-'));
  try {
    const rows = [];
    const run = runDb.RunDatabase.open('bench-writes', { dir });
    run.initializeRun('bench_sim', '1.0');
    const measure = (label, count, work) => {
      const start = performance.now();
      work();
      const seconds = (performance.now() - start) / 1000;
      rows.push({
        what: label,
        rows: count,
        'rows/s': Math.round(count / seconds),
        'vs sim2l 10k/s': (count / seconds / 1e4).toFixed(1),
      });
    };
    measure('saveMetric, each its own transaction', 2000, () => {
      for (let i = 0; i < 2000; i++) run.saveMetric('m', i);
    });
    measure('saveMetrics, batches of 1000', 200_000, () => {
      for (let b = 0; b < 200; b++)
        run.saveMetrics(Array.from({ length: 1000 }, (_, i) => ({ name: 'm', value: b * 1000 + i })));
    });
    measure('logMany, batches of 1000', 100_000, () => {
      for (let b = 0; b < 100; b++)
        run.logMany(Array.from({ length: 1000 }, (_, i) => ({ level: 'INFO', message: `step ${b}.${i}` })));
    });
    measure('saveInputs, 20 per run, 5000 runs', 100_000, () => {
      for (let b = 0; b < 5000; b++) {
        const { inputs, outputs } = parameters();
        run.saveInputs(
          Object.entries({ ...inputs, ...outputs }).map(([name, value]) => ({
            name,
            value,
            type: typeof value,
          })),
        );
      }
    });
    run.close();
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A run file as a simulation writes it, with the 20 parameters. */
function writeRunFile(dir, executionId) {
  const run = runDb.RunDatabase.open(executionId, { dir });
  run.initializeRun('bench_sim', '1.0');
  const { inputs, outputs } = parameters();
  run.transaction(() => {
    for (const [name, value] of Object.entries(inputs))
      run.saveInput(name, value, typeof value === 'number' ? 'number' : 'string');
    for (const [name, value] of Object.entries(outputs)) run.saveOutput(name, value, typeof value);
    run.completeRun('completed', { durationSeconds: random() * 100 });
  });
  run.close();
  return join(dir, `${executionId}.db`);
}

// ------------------------------------------------------------------ one backend

async function benchBackend(backend) {
  const db = await createTestDatabase(backend, 'bench_results');
  const runRoot = join(db.dir, 'run-root');
  mkdirSync(runRoot, { recursive: true });
  const [authPort, resultsPort] = [await freePort(), await freePort()];
  const env = {
    SIMVAULT_DATA_DIR: db.dir,
    SIMVAULT_AUTH_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'auth.sqlite')}` : db.url,
    SIMVAULT_RESULTS_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'results.sqlite')}` : db.url,
    SIMVAULT_AUTH_PORT: String(authPort),
    SIMVAULT_RESULTS_PORT: String(resultsPort),
    SIMVAULT_RUN_ROOTS: runRoot,
    SIMVAULT_ADMIN_PASSWORD: PASSWORD,
  };
  const auth = await startServer(AUTH, env, authPort);
  const server = await startServer(RESULTS, env, resultsPort);
  // On a shared machine another process can take a port between freePort() and listen(); then the
  // health check answered for that process, and ours has exited.
  await new Promise((r) => setTimeout(r, 500));
  if (server.child.exitCode !== null || auth.child.exitCode !== null) {
    throw new Error(
      `a server exited after starting (port taken?): results ${server.child.exitCode}, auth ${auth.child.exitCode}`,
    );
  }
  const base = `http://127.0.0.1:${resultsPort}`;
  const rows = [];
  const registrations = [];
  try {
    const { token } = await post(base, { 'content-type': 'application/json' }, '/session/login', {
      username: 'admin',
      password: PASSWORD,
    });
    const headers = { 'x-session-id': token, 'content-type': 'application/json' };

    // Registration rates, on files written by run-db.
    const files = Array.from({ length: REGISTER_FILES }, (_, i) => writeRunFile(runRoot, `file-${i}`));
    const rate = async (label, count, work) => {
      const start = performance.now();
      await work();
      const seconds = (performance.now() - start) / 1000;
      registrations.push({
        backend,
        registration: label,
        runs: count,
        'runs/s': Math.round(count / seconds),
      });
    };
    const half = Math.floor(files.length / 2);
    await rate(`POST /register (run root), ${CONCURRENCY} clients`, half, () =>
      pool(half, (i) => post(base, headers, '/register', { execution_id: `file-${i}` })),
    );
    await rate(`POST /register/upload, ${CONCURRENCY} clients`, files.length - half, () =>
      pool(files.length - half, async (i) => {
        const res = await fetchRetry(`${base}/register/upload`, {
          method: 'POST',
          headers: { 'x-session-id': token, 'content-type': 'application/octet-stream' },
          body: readFileSync(files[half + i]),
        });
        if (res.status !== 200) throw new Error(`upload: ${res.status} ${await res.text()}`);
      }),
    );
    await rate('POST /register/batch (one job)', files.length, async () => {
      const { job_id } = await post(base, headers, '/register/batch', { directory: runRoot });
      for (;;) {
        const job = await (await fetch(`${base}/jobs/${job_id}`, { headers })).json();
        if (job.state === 'completed') break;
        if (job.state === 'failed') throw new Error(job.error);
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    // Search and statistics as the table grows (seeded through register_direct).
    const bare = await latency(() => fetch(`${base}/health/live`).then((r) => r.arrayBuffer()));
    let seeded = 0;
    for (const size of SIZES) {
      const start = performance.now();
      const from = seeded;
      await pool(size - seeded, (k) => {
        const i = from + k;
        const { inputs, outputs } = parameters();
        return post(base, headers, '/register_direct', {
          execution_id: `run-${i}`,
          simulation_name: 'scale_sim',
          simulation_version: i % 2 ? '1.0' : '1.1',
          input_params: inputs,
          output_params: outputs,
          status: 'completed',
          duration_seconds: random() * 100,
        });
      });
      const seededNow = size - seeded;
      seeded = size;
      registrations.push({
        backend,
        registration: `POST /register_direct to ${size}, ${CONCURRENCY} clients`,
        runs: seededNow,
        'runs/s': Math.round(seededNow / ((performance.now() - start) / 1000)),
      });
      if (backend === 'postgres') await settlePostgres(db.url);
      const queries = {
        'search: 3 ranges (~30% each), page 1 + total': () =>
          post(base, headers, '/search', {
            simulation_name: 'scale_sim',
            input_filters: { p0: { $gte: 100, $lt: 400 }, p1: { $gte: 500, $lt: 800 } },
            output_filters: { o0: { $gte: 2e7, $lt: 5e7 } },
            limit: 50,
          }),
        'search: 3 ranges (~60% each), page 1 + total': () =>
          post(base, headers, '/search', {
            simulation_name: 'scale_sim',
            input_filters: { p0: { $gte: 100, $lt: 700 }, p1: { $gte: 300, $lt: 900 } },
            output_filters: { o0: { $gte: 2e7, $lt: 8e7 } },
            limit: 50,
          }),
        'search: filter string with OR and IN, sorted by a parameter': () =>
          post(base, headers, '/search', {
            simulation_name: 'scale_sim',
            filter:
              "inputs.p2 >= 300 and inputs.p2 < 500 and (outputs.converged = false or inputs.mesh in (1, 2)) and inputs.material != 'gold'",
            sort_by: 'outputs.o1',
            limit: 50,
          }),
        'search: no filter, newest first': () =>
          post(base, headers, '/search', { simulation_name: 'scale_sim', limit: 50 }),
        'stats: numeric parameter (20 bins, 7 percentiles)': () =>
          fetch(`${base}/stats/scale_sim/o3?class=output`, { headers }).then((r) => r.json()),
        'stats: string parameter (value counts)': () =>
          fetch(`${base}/stats/scale_sim/material?class=input`, { headers }).then((r) => r.json()),
        'schema: 20 parameters with ranges': () =>
          fetch(`${base}/schemas/scale_sim`, { headers }).then((r) => r.json()),
      };
      const totals = await queries['search: 3 ranges (~30% each), page 1 + total']();
      for (const [name, run] of Object.entries(queries)) {
        const t = await latency(run);
        rows.push({
          backend,
          runs: size,
          query: name,
          'p50 ms': t.p50.toFixed(1),
          'p95 ms': t.p95.toFixed(1),
          'vs bare p50': (t.p50 / bare.p50).toFixed(0),
        });
      }
      rows.push({
        backend,
        runs: size,
        query: `(bare GET /health/live; 3-range search total ${totals.total})`,
        'p50 ms': bare.p50.toFixed(1),
        'p95 ms': bare.p95.toFixed(1),
        'vs bare p50': '1',
      });
    }
    return { rows, registrations, rss: server.peakRssMb() };
  } finally {
    await server.stop();
    await auth.stop();
    await db.drop();
  }
}

async function main() {
  const writes = runFileWrites();
  const rows = [];
  const registrations = [];
  const notes = [];
  for (const backend of BACKENDS) {
    const result = await benchBackend(backend).catch((error) => {
      console.error(`${backend}: ${error.message}; once more on new ports`);
      return benchBackend(backend);
    });
    rows.push(...result.rows);
    registrations.push(...result.registrations);
    notes.push(`${backend}: peak results-server RSS ${result.rss} MB`);
  }
  console.log(
    `\nbench/results: ${new Date().toISOString()}, ${REPEAT} sequential requests per query after one warm-up\n`,
  );
  console.log('Run-file writes (libs/run-db, in process, WAL, synchronous=NORMAL):\n');
  console.log(table(writes, ['what', 'rows', 'rows/s', 'vs sim2l 10k/s']));
  console.log('\nRegistrations (each run: 12 inputs, 8 outputs):\n');
  console.log(table(registrations, ['backend', 'registration', 'runs', 'runs/s']));
  console.log('\nSearch and statistics latency (one client, 20 parameters per run):\n');
  console.log(table(rows, ['backend', 'runs', 'query', 'p50 ms', 'p95 ms', 'vs bare p50']));
  console.log(`\n${notes.join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
