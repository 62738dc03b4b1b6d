// bench/cache/stall: the longest event-loop stall of the statistics, the expiry sweep (expire, then
// purge) and the caps at 1M cache entries (issue 16: no statement may hold the loop for more than
// 50 ms). Seeds the cache database with one statement, then runs each in-process while a ticker
// records the longest gap between two turns of the event loop, and times every SQLite statement
// (better-sqlite3 is synchronous: a statement's time is time the loop is held). The ticker's gap
// also counts time the process is descheduled on a busy machine; the statement time does not
// shrink with it. Run: node bench/cache/stall.js (after a build); BENCH_ROWS (1000000) and
// BENCH_BACKENDS (sqlite) narrow or widen it. BENCH_SLOW=1 prints each statement over 50 ms. BENCH_SEEDED=<file> keeps the seeded SQLite file
// there and starts later runs from a copy of it (seeding 1M rows takes minutes on a busy machine).
'use strict';
const { copyFileSync, existsSync, renameSync } = require('node:fs');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { setImmediate } = require('node:timers');
const { createTestDatabase } = require('@simvault/db/testing');
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite').split(',');
const SEEDED = process.env.BENCH_SEEDED;

/** The longest SQLite statement since the last `take()` (the gateway's statements and TypeORM's). */
const statements = {
  longest: 0,
  count: 0,
  over: 0,
  take() {
    const taken = { longest: this.longest, count: this.count, over: this.over };
    Object.assign(this, { longest: 0, count: 0, over: 0 });
    return taken;
  },
};

/** Times every statement prepared on the gateway's SQLite connection (bench only). */
function timeStatements(gateway) {
  const sqlite = gateway.sqlite;
  if (!sqlite) return;
  const prepare = sqlite.prepare.bind(sqlite);
  const timed = new WeakMap();
  sqlite.prepare = (sql) => {
    const statement = prepare(sql);
    let wrapper = timed.get(statement);
    if (!wrapper) {
      const time =
        (fn) =>
        (...args) => {
          const t = performance.now();
          try {
            return fn(...args);
          } finally {
            const ms = performance.now() - t;
            statements.longest = Math.max(statements.longest, ms);
            statements.count++;
            if (ms > 50) {
              statements.over++;
              if (process.env.BENCH_SLOW) console.error(`${ms.toFixed(1)} ms: ${sql.replace(/\s+/g, ' ')}`);
            }
          }
        };
      wrapper = {
        reader: statement.reader,
        all: time(statement.all.bind(statement)),
        run: time(statement.run.bind(statement)),
      };
      timed.set(statement, wrapper);
    }
    return wrapper;
  };
}

/** Runs `work` while a setImmediate ticker records the longest gap between two turns of the loop. */
async function measure(label, work) {
  statements.take();
  let last = performance.now();
  let longest = 0;
  let on = true;
  const tick = () => {
    const t = performance.now();
    longest = Math.max(longest, t - last);
    last = t;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  // On SQLite the work may finish within microtasks: let the ticker see the last gap.
  await new Promise((resolve) => setImmediate(resolve));
  on = false;
  const { longest: statement, count, over } = statements.take();
  return {
    label,
    total: Math.round(ms),
    stall: Math.round(longest),
    statement: statement.toFixed(1),
    count,
    over,
    result,
  };
}

/** Seeds ROWS entries with one statement. */
async function seed(gw, backend) {
  const past = new Date(Date.now() - 30 * 86400_000);
  // A third expired but still 'valid', a third invalidated a month ago, a third live.
  const series =
    backend === 'sqlite'
      ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS}) SELECT i FROM n`
      : `SELECT generate_series(1, ${ROWS}) AS i`;
  await gw.execute(
    `INSERT INTO cache_entries (cache_key, simulation_id, simulation_name, simulation_version, execution_id,
       status, size_bytes, access_count, hit_count, created_at, expires_at, last_accessed, ended_at)
     SELECT 'k/' || i, i % 100, 'sim', '1', 'e' || i,
       CASE WHEN i % 3 = 1 THEN 'invalidated' ELSE 'valid' END, 100, 0, 0, ?,
       CASE WHEN i % 3 = 0 THEN ? ELSE NULL END, ?, CASE WHEN i % 3 = 1 THEN ? ELSE NULL END
     FROM (${series}) AS s`,
    [past, past, past, past],
  );
}

async function benchBackend(backend) {
  const db = await createTestDatabase(backend, 'bench_stall');
  const file = join(db.dir, 'cache.sqlite');
  const url = backend === 'sqlite' ? `sqlite:${file}` : db.url;
  const reuse = backend === 'sqlite' && SEEDED !== undefined && existsSync(SEEDED);
  if (reuse) copyFileSync(SEEDED, file);
  Object.assign(process.env, {
    SIMVAULT_DATA_DIR: db.dir,
    SIMVAULT_AUTH_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'auth.sqlite')}` : db.url,
    SIMVAULT_CACHE_DATABASE_URL: url,
    SIMVAULT_SEAMLESS_PORT: '0',
    SIMVAULT_CACHE_SWEEP_SECONDS: '86400',
    // Nothing purged by the first sweep (it only expires), everything ended by the second.
    SIMVAULT_CACHE_PURGE_AFTER_SECONDS: String(60 * 86400),
    SIMVAULT_LOG_LEVEL: 'warn',
  });
  const { createApp, createLogger, loadConfig } = require('@simvault/core');
  const { cacheApp, ExpiryService } = require('../../apps/cache/dist');
  const { StatsService } = require('../../apps/cache/dist/stats/stats.service');
  const { CacheRepository } = require('../../apps/cache/dist/cache/cache.repository');
  const config = loadConfig();
  const logger = createLogger('warn');
  const app = await createApp(cacheApp(config, logger), config, logger);
  try {
    const gw = app.get(CacheRepository).db;
    timeStatements(gw);
    const seedStart = performance.now();
    if (!reuse) await seed(gw, backend);
    else if (SEEDED !== undefined) console.error(`seeded entries copied from ${SEEDED}`);
    if (backend === 'sqlite' && !reuse) {
      // The seed is one transaction: its ~350 MB of WAL folded in first, as a long-lived database
      // has it (otherwise every read below looks pages up in that WAL while it is checkpointed).
      gw.sqlite.connection.pragma('wal_checkpoint(TRUNCATE)');
      if (SEEDED !== undefined) {
        copyFileSync(file, `${SEEDED}.part`);
        renameSync(`${SEEDED}.part`, SEEDED);
      }
    }
    const seeded = Math.round(performance.now() - seedStart);
    const stats = await measure('GET /cache/stats aggregate', () => app.get(StatsService).stats());
    const expiry = app.get(ExpiryService);
    const expire = await measure('expiry sweep: expire', () => expiry.sweep());
    // The purge: every ended entry (a month old) is past a purge delay of one second now.
    config.cache.purgeAfterSeconds = 1;
    const purge = await measure('expiry sweep: purge', () => expiry.sweep());
    // The caps: a cap of a fifth of the seeded entries over the live third that is left.
    config.cache.maxEntries = Math.floor(ROWS / 5);
    const caps = await measure('caps (total, then evict LRU)', () => expiry.enforceCaps());
    return { backend, seeded, rows: [stats, expire, purge, caps] };
  } finally {
    await app.close();
    await db.drop();
  }
}

async function main() {
  const lines = [
    `bench/cache/stall: ${ROWS} entries, ${new Date().toISOString()}`,
    '',
    '| backend | work | total ms | longest loop gap ms | longest statement ms | statements (> 50 ms) | result |',
    '| ------- | ---- | -------- | ------------------- | -------------------- | -------------------- | ------ |',
  ];
  for (const backend of BACKENDS) {
    const { seeded, rows } = await benchBackend(backend);
    for (const r of rows) {
      const result = r.label.startsWith('GET')
        ? `${r.result.total_entries} entries`
        : typeof r.result === 'number'
          ? `${r.result} evicted`
          : JSON.stringify(r.result);
      lines.push(
        `| ${backend} | ${r.label} | ${r.total} | ${r.stall} | ${r.statement} | ${r.count} (${r.over}) | ${result} |`,
      );
    }
    lines.push(`| ${backend} | (seeding, not measured) | ${seeded} | - | - | - | - |`);
  }
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
