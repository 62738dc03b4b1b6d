// Shared benchmark plumbing: start an app as its own process, load it with autocannon, read its
// peak RSS, print a table. Ratios are measured in the same run (docs/benchmarks.md, How we measure).
'use strict';
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const autocannon = require('autocannon');

const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',');

/**
 * After seeding a PostgreSQL database: where autovacuum would have left it (visibility map set,
 * planner statistics fresh), so a benchmark measures plans a running server would use.
 */
async function settlePostgres(url) {
  const { Client } = require(require.resolve('pg', { paths: [resolve(__dirname, '../../libs/db')] }));
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

/**
 * fetch, tried once more when a kept-alive connection turns out closed: after seeding (seconds
 * without a request) the server may close it just as the next request goes out.
 */
async function fetchRetry(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (error?.cause?.code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url, init);
  }
}

/**
 * One client, one request at a time: the latency a person sees. `send` runs `count` times; answers
 * the times in ms, sorted, and `at(q)` for a quantile of them.
 */
async function sequential(send, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await send();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { times, at: (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] };
}

/** A GET whose body is read and whose status must be 200 (for `sequential`). */
function getOk(url, headers) {
  return async () => {
    const res = await fetchRetry(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  };
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `node <script>` with env, waits until GET <healthPath> answers 200. */
async function startServer(script, env, port, healthPath = '/health') {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, SIMVAULT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${healthPath}`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${script} did not become healthy`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    peakRssMb: () => {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : NaN;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** CPU time (user + system) a process has used so far, in µs (Linux: /proc/<pid>/stat). */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // clock ticks of 10 ms
}

/**
 * One measured autocannon run, after a short unmeasured one that lets the JIT warm up. With
 * `server` (from startServer), also the server's CPU time per request (`cpuUs`): on a shared
 * machine throughput follows the neighbours' load, CPU per request much less.
 */
async function load(url, options = {}, server) {
  await autocannon({ url, connections: CONNECTIONS, duration: Math.min(2, DURATION), ...options });
  const before = server ? cpuMicros(server.child.pid) : 0;
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options });
  const cpuUs = server
    ? Math.round((cpuMicros(server.child.pid) - before) / result.requests.total)
    : undefined;
  const errors = result.errors + result.timeouts + (result.non2xx ?? 0);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    cpuUs,
  };
}

function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => r[c]))),
  ].join('\n');
}

module.exports = {
  DURATION,
  CONNECTIONS,
  BACKENDS,
  fetchRetry,
  freePort,
  getOk,
  sequential,
  settlePostgres,
  startServer,
  load,
  table,
};
