// bench/catalog: search and registration with 1k and 10k simulations in the catalog, on SQLite and
// PostgreSQL, next to a bare route of the same app in the same run. Run: npx pnpm@12.21.0 bench:catalog
'use strict';
const { join, resolve } = require('node:path');
const { createTestDatabase } = require('@simvault/db/testing');
const {
  BACKENDS,
  CONNECTIONS,
  DURATION,
  freePort,
  getOk,
  load,
  sequential,
  settlePostgres,
  startServer,
  table,
} = require('../lib/harness');

const AUTH = resolve(__dirname, '../../apps/auth/dist/main.js');
const CATALOG = resolve(__dirname, '../../apps/catalog/dist/main.js');
const PASSWORD = 'bench-admin-password';
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const SEQUENTIAL = 200;

// A fixed vocabulary, so every run builds the same catalog: word i appears in about 1/(i+1) of
// descriptions (Zipf-like), so "common" and "rare" queries are reproducible.
const WORDS = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x`);
const TAGS = Array.from({ length: 60 }, (_, i) => `tag${i}`);
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const zipf = () => WORDS[Math.min(WORDS.length - 1, Math.floor(1 / (random() + 0.0025)) - 1)];
const pick = (list) => list[Math.floor(random() * list.length)];

function simulation(i) {
  return {
    name: `${pick(['heat', 'flow', 'wave', 'stress', 'chem', 'orbit'])}_${pick(WORDS)}_${i}`,
    version: `${1 + (i % 3)}.${i % 11}.0`,
    description: Array.from({ length: 8 + (i % 8) }, zipf).join(' '),
    author: 'bench',
    tags: [...new Set([pick(TAGS), pick(TAGS), pick(TAGS)])],
    input_schema: { temperature: { type: 'Number', units: 'K', min: 0, max: 2000, value: 300 } },
    output_schema: { max_stress: { type: 'Number', units: 'MPa' } },
    workflow_type: 'function',
    workflow_files: [{ path: 'run.py', content: `def run(T):\n    return T * ${i}\n` }],
  };
}

async function seed_(base, headers, from, to) {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const res = await fetch(`${base}/simulations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(simulation(i)),
      });
      if (res.status !== 201) throw new Error(`seeding ${i}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function benchBackend(backend) {
  const db = await createTestDatabase(backend, 'bench_catalog');
  const [authPort, catalogPort] = [await freePort(), await freePort()];
  const env = {
    SIMVAULT_DATA_DIR: db.dir,
    SIMVAULT_AUTH_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'auth.sqlite')}` : db.url,
    SIMVAULT_CATALOG_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'catalog.sqlite')}` : db.url,
    SIMVAULT_AUTH_PORT: String(authPort),
    SIMVAULT_CATALOG_PORT: String(catalogPort),
    SIMVAULT_ADMIN_PASSWORD: PASSWORD,
  };
  const auth = await startServer(AUTH, env, authPort);
  const catalog = await startServer(CATALOG, env, catalogPort);
  const base = `http://127.0.0.1:${catalogPort}`;
  const rows = [];
  let registered = 0;
  try {
    const { token } = await fetch(`${base}/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    }).then((r) => r.json());
    const headers = { 'x-session-id': token, 'content-type': 'application/json' };
    const bare = await load(`${base}/health/live`);
    const row = (size, name, r, seq) => ({
      backend,
      sims: size,
      endpoint: name,
      'req/s': r.rps,
      'vs bare': (r.rps / bare.rps).toFixed(2),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      '1-client p50/p99 ms': seq ? `${seq.p50} / ${seq.p99}` : '-',
      errors: r.errors,
    });
    rows.push(row('-', 'GET /health/live (bare)', bare));
    let have = 0;
    for (const size of SIZES) {
      await seed_(base, headers, have, size);
      have = size;
      if (backend === 'postgres') await settlePostgres(db.url);
      // The registration runs add simulations too: report how many the searches ran over.
      const { simulations } = await fetch(`${base}/health`).then((r) => r.json());
      const searches = [
        ['search: rare word', `query=${WORDS[200]}&limit=20`],
        ['search: common word', `query=${WORDS[0]}&limit=20`],
        ['search: prefix + tag', `query=hea&tags=${TAGS[7]}&limit=20`],
        ['search: two words', `query=${WORDS[1]}%20${WORDS[2]}&limit=20`],
        ['list by tags (all of)', `tags=${TAGS[3]},${TAGS[4]}&tag_mode=all&limit=20`],
      ];
      for (const [name, query] of searches) {
        const url = `${base}/simulations/search?${query}`;
        const probe = await fetch(url, { headers });
        const total = probe.headers.get('x-total-count');
        const t = await sequential(getOk(url, headers), SEQUENTIAL);
        const seq = { p50: t.at(0.5).toFixed(1), p99: t.at(0.99).toFixed(1) };
        rows.push(row(simulations, `${name} (${total} hits)`, await load(url, { headers }), seq));
      }
      let n = 0;
      const register = await load(`${base}/simulations`, {
        method: 'POST',
        headers,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                ...simulation(1_000_000 + size + ++n),
                name: `bench_${size}_${process.pid}_${n}`,
              }),
            }),
          },
        ],
      });
      registered += n;
      rows.push(row(simulations, 'POST /simulations (unique)', register));
    }
    return { rows, rss: catalog.peakRssMb(), registered };
  } finally {
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
    notes.push(`${backend}: peak catalog RSS ${result.rss} MB, ${result.registered} registered under load`);
  }
  console.log(
    `\nbench/catalog: ${CONNECTIONS} connections, ${DURATION} s per endpoint; 1-client = ${SEQUENTIAL} sequential requests; ${new Date().toISOString()}\n`,
  );
  console.log(
    table(rows, [
      'backend',
      'sims',
      'endpoint',
      'req/s',
      'vs bare',
      'p50 ms',
      'p99 ms',
      '1-client p50/p99 ms',
      'errors',
    ]),
  );
  console.log(`\n${notes.join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
