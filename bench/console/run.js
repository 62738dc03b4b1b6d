// bench/console: the console's first load (bytes of JavaScript, gzipped), the time from opening
// the page (signed in) to the first run table with BENCH_RUNS registered runs (default 100000),
// and how long ECharts takes to draw a scatter of 10k and 100k points, in Debian's headless
// Chromium on this machine. SQLite, in-process queues. The first BENCH_API_RUNS runs (default
// 20000) are registered through register_direct; the rest are copies of those rows made in SQL
// with new execution ids (the results app stopped meanwhile, then started again), because seeding
// 100k through the API takes longer than a benchmark may run on a shared machine.
// Run: npx pnpm@12.21.0 bench:console (after apt-get install chromium).
/* global window, document */ // (inside the page: page.evaluate runs it in the browser)
'use strict';
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { createRequire } = require('node:module');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const { gzipSync } = require('node:zlib');
const { freePort, startServer, table } = require('../lib/harness');

const consoleRequire = createRequire(resolve(__dirname, '../../apps/console/package.json'));
const { chromium } = consoleRequire('playwright-core');
const ECHARTS = consoleRequire.resolve('echarts/dist/echarts.min.js');
const WEB = resolve(__dirname, '../../apps/console/web/dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 100000);
const API_RUNS = Math.min(RUNS, Number(process.env.BENCH_API_RUNS ?? 20000));
const Database = createRequire(resolve(__dirname, '../../libs/db/package.json'))('better-sqlite3');
const PASSWORD = 'bench-admin-password';
const CONCURRENCY = 8;

async function pool(count, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/**
 * Runs API_RUNS..RUNS-1 as copies of runs 0..API_RUNS-1 (`run-<i>` from `run-<i mod API_RUNS>`): every
 * column and every value row as register_direct wrote them (the squid id, unique, gets a suffix), in
 * one transaction per block of API_RUNS.
 */
function copyRuns(path, apiRuns, runs) {
  const db = new Database(path);
  try {
    const columns = db
      .prepare(
        "SELECT name FROM pragma_table_info('results') WHERE name NOT IN ('id', 'execution_id', 'squid_id')",
      )
      .all()
      .map((c) => `"${c.name}"`)
      .join(', ');
    const values = db
      .prepare("SELECT name FROM pragma_table_info('result_values') WHERE name <> 'result_id'")
      .all()
      .map((c) => `"${c.name}"`)
      .join(', ');
    for (let from = apiRuns; from < runs; from += apiRuns) {
      const count = Math.min(apiRuns, runs - from);
      db.transaction(() => {
        db.prepare(
          `INSERT INTO results (execution_id, squid_id, ${columns})
           SELECT 'run-' || (CAST(substr(execution_id, 5) AS INTEGER) + ?), squid_id || '~' || ?, ${columns}
           FROM results WHERE execution_id GLOB 'run-*' AND CAST(substr(execution_id, 5) AS INTEGER) < ?`,
        ).run(from, from, count);
        db.prepare(
          `INSERT INTO result_values (result_id, ${values})
           SELECT copy.id, ${values
             .replace(/"/g, '')
             .split(', ')
             .map((c) => `v."${c}"`)
             .join(', ')}
           FROM results source
           JOIN result_values v ON v.result_id = source.id
           JOIN results copy ON copy.execution_id = 'run-' || (CAST(substr(source.execution_id, 5) AS INTEGER) + ?)
           WHERE CAST(substr(source.execution_id, 5) AS INTEGER) < ?`,
        ).run(from, count);
      })();
    }
    const total = db.prepare('SELECT COUNT(*) AS n FROM results').get().n;
    if (total !== runs) throw new Error(`copying made ${total} runs, not ${runs}`);
  } finally {
    db.close();
  }
}

async function main() {
  const assets = readdirSync(join(WEB, 'assets')).filter((f) => f.endsWith('.js'));
  const js = assets.map((f) => readFileSync(join(WEB, 'assets', f)));
  const rows = [
    {
      what: 'JavaScript of the first load',
      value: `${Math.round(js.reduce((a, b) => a + b.length, 0) / 1024)} KiB, ${Math.round(js.reduce((a, b) => a + gzipSync(b).length, 0) / 1024)} KiB gzipped`,
    },
  ];

  const dir = mkdtempSync(join(tmpdir(), 'simvault-bench-console-'));
  const ports = { auth: await freePort(), results: await freePort(), console: await freePort() };
  const env = {
    SIMVAULT_DATA_DIR: dir,
    SIMVAULT_ADMIN_PASSWORD: PASSWORD,
    SIMVAULT_AUTH_PORT: String(ports.auth),
    SIMVAULT_RESULTS_PORT: String(ports.results),
    SIMVAULT_CONSOLE_PORT: String(ports.console),
    SIMVAULT_SEAMLESS_ENABLED: 'false',
    SIMVAULT_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
  };
  const app = (name) => resolve(__dirname, `../../apps/${name}/dist/main.js`);
  const servers = [];
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
  try {
    servers.push(await startServer(app('auth'), env, ports.auth));
    servers.push(await startServer(app('results'), env, ports.results));
    servers.push(await startServer(app('console'), env, ports.console));
    const base = `http://127.0.0.1:${ports.results}`;
    const login = await fetch(`http://127.0.0.1:${ports.auth}/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const { token } = await login.json();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const started = performance.now();
    await pool(API_RUNS, async (i) => {
      const input_params = {};
      const output_params = {};
      for (let k = 0; k < 10; k++) input_params[`in_${k}`] = Math.round(random() * 1000) / 10;
      for (let k = 0; k < 10; k++) output_params[`out_${k}`] = random() * 1e6;
      const res = await fetch(`${base}/register_direct`, {
        method: 'POST',
        headers: { 'x-session-id': token, 'content-type': 'application/json' },
        body: JSON.stringify({
          execution_id: `run-${i}`,
          simulation_name: 'scale_sim',
          simulation_version: '1.0',
          input_params,
          output_params,
          status: 'completed',
        }),
      });
      if (!res.ok) throw new Error(`register_direct: ${res.status} ${await res.text()}`);
    });
    rows.push({
      what: `seeding ${API_RUNS} runs (register_direct)`,
      value: `${Math.round((performance.now() - started) / 1000)} s`,
    });
    if (RUNS > API_RUNS) {
      const results = servers.splice(1, 1)[0];
      await results.stop();
      const copied = performance.now();
      copyRuns(join(dir, 'results.sqlite'), API_RUNS, RUNS);
      rows.push({
        what: `copying to ${RUNS} runs in SQL`,
        value: `${Math.round((performance.now() - copied) / 1000)} s`,
      });
      servers.push(await startServer(app('results'), env, ports.results));
    }

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const url = `http://127.0.0.1:${ports.console}`;
    await page.goto(url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`of ${RUNS}`).first().waitFor({ timeout: 60_000 });
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await page.goto(`${url}/#/results?sim=scale_sim&i=${i}`);
      await page.reload();
      await page.getByText(`Runs 1–25 of ${RUNS}`).waitFor({ timeout: 60_000 });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    rows.push({
      what: `page load to the first table, ${RUNS} runs (median of 5)`,
      value: `${Math.round(times[2])} ms`,
    });

    // ECharts alone: a large-mode scatter, from setOption to the first frame drawn.
    const chart = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await chart.setContent('<div id="c" style="width:1200px;height:600px"></div>');
    await chart.addScriptTag({ path: ECHARTS });
    for (const n of [10_000, 100_000]) {
      const ms = await chart.evaluate(async (count) => {
        const echarts = window.echarts;
        const data = Array.from({ length: count }, (_, i) => [Math.sin(i) * i, Math.cos(i) * Math.sqrt(i)]);
        const c = echarts.init(document.getElementById('c'));
        const t = performance.now();
        await new Promise((done) => {
          c.on('finished', done);
          c.setOption({
            animation: false,
            xAxis: { type: 'value', scale: true },
            yAxis: { type: 'value', scale: true },
            series: [{ type: 'scatter', large: true, largeThreshold: 2000, symbolSize: 3, data }],
          });
        });
        const elapsed = performance.now() - t;
        c.dispose();
        return elapsed;
      }, n);
      rows.push({ what: `ECharts scatter of ${n} points drawn`, value: `${Math.round(ms)} ms` });
    }
  } finally {
    await browser.close();
    for (const s of servers.reverse()) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(table(rows, ['what', 'value']));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
