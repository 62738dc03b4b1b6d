// bench/files: the file manager on SQLite and PostgreSQL, next to a bare route of the same app in
// the same run (docs/benchmarks.md, How we measure):
//  - listing a folder of 1k, 10k and 100k entries: the first page, a deep page by offset and the same
//    page by cursor, one client at a time (latency as the folder grows), and under load at 100k;
//  - downloads: a 1 MiB uploaded file by 8 concurrent clients, and one big artifact streamed from
//    its run file (the SQLite pages read directly) and through the slice fallback (a run file in
//    WAL mode), each next to a bare node:http server streaming a file of the same size from disk;
//  - the files server's peak RSS.
// Run: npx pnpm@12.21.0 bench:files. BENCH_SIZES (default 1000,10000,100000), BENCH_BIG_MIB (256),
// BENCH_SLICES_MIB (64), BENCH_BACKENDS, BENCH_DURATION.
'use strict';
const { spawn } = require('node:child_process');
const { createHash, randomBytes, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const { createDataSource } = require('@simvault/db');
const { createTestDatabase } = require('@simvault/db/testing');
const { RunDatabase, makeSelfContained } = require('../../libs/run-db/dist');
const {
  BACKENDS,
  CONNECTIONS,
  DURATION,
  fetchRetry,
  freePort,
  getOk,
  load,
  sequential,
  startServer,
  table,
} = require('../lib/harness');

const AUTH = resolve(__dirname, '../../apps/auth/dist/main.js');
const FILES = resolve(__dirname, '../../apps/files/dist/main.js');
const PASSWORD = 'bench-admin-password';
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const MiB = 1024 * 1024;
const BIG = Number(process.env.BENCH_BIG_MIB ?? 256) * MiB;
const SLICES = Number(process.env.BENCH_SLICES_MIB ?? 64) * MiB;
const SEQUENTIAL = 200;
const COLUMNS =
  'id, parent_id, name, is_folder, size, child_count, uri, checksum, content_type, creator, metadata, date_created, date_modified';

/** `count` entries under `parentId`, written straight into the files database in large batches. */
async function seed(url, backend, parentId, count) {
  const ds = createDataSource({ url, entities: [] });
  await ds.initialize();
  try {
    const base = Date.UTC(2025, 0, 1);
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    for (let i = 0; i < count; i += 500) {
      const rows = [];
      const params = [];
      for (let j = i; j < Math.min(count, i + 500); j++) {
        const at = new Date(base + ((j * 7919) % count) * 1000);
        const date = backend === 'postgres' ? at : at.toISOString().replace('T', ' ').replace('Z', '');
        params.push(
          randomUUID(),
          parentId,
          `entry-${String(j).padStart(6, '0')}.dat`,
          backend === 'postgres' ? false : 0,
          (j * 104729) % 1_000_000,
          0,
          `s3://bench/${j}`,
          null,
          null,
          'admin',
          null,
          date,
          date,
        );
        rows.push(
          `(${Array.from({ length: 13 }, (_, k) => (backend === 'postgres' ? `$${params.length - 12 + k}` : '?')).join(', ')})`,
        );
      }
      await runner.query(`INSERT INTO file_entries (${COLUMNS}) VALUES ${rows.join(', ')}`, params);
    }
    // What the service keeps with every change: the folder's number of entries.
    await runner.query(
      `UPDATE file_entries SET child_count = child_count + ${count} WHERE id = ${backend === 'postgres' ? '$1' : '?'}`,
      [parentId],
    );
    await runner.commitTransaction();
    await runner.release();
    if (backend === 'postgres') await ds.query('VACUUM ANALYZE file_entries');
    else await ds.query('ANALYZE');
  } finally {
    await ds.destroy();
  }
}

/** One client, one request at a time: `p50 / p99` in ms. */
async function oneClient(url, headers) {
  const t = await sequential(getOk(url, headers), SEQUENTIAL);
  return `${t.at(0.5).toFixed(1)} / ${t.at(0.99).toFixed(1)}`;
}

const CLIENTS = 8;

/** A plain node:http server streaming one file from disk: the ceiling of a download here. */
async function startFileServer(file, port) {
  const code = `const http = require('node:http'), fs = require('node:fs');
    const [file, port] = process.argv.slice(1);
    const size = fs.statSync(file).size;
    http.createServer((req, res) => { res.writeHead(200, { 'content-length': size }); fs.createReadStream(file).pipe(res); })
      .listen(Number(port), '127.0.0.1');`;
  const child = spawn(process.execPath, ['-e', code, file, String(port)], { stdio: 'inherit' });
  for (let i = 0; i < 100; i++) {
    if (
      await fetchRetry(`http://127.0.0.1:${port}/`).then(
        (r) => r.arrayBuffer().then(() => r.ok),
        () => false,
      )
    )
      return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the bare file server did not start');
}

/** CLIENTS fetch loops for DURATION seconds, each draining every answer: MiB/s and req/s. */
async function throughput(url, headers) {
  await fetchRetry(url, { headers }).then((r) => r.arrayBuffer());
  let bytes = 0;
  let count = 0;
  const start = performance.now();
  const until = start + DURATION * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const res = await fetchRetry(url, { headers });
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        for await (const chunk of res.body) bytes += chunk.length;
        count++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { mibps: Math.round(bytes / MiB / seconds), rps: Math.round(count / seconds) };
}

/** A run file holding one artifact of `size` random bytes, put into the run store as the results service would. */
async function storedRun(storeDir, dir, executionId, size, wal) {
  const path = join(dir, `${executionId}.db`);
  const run = RunDatabase.open(path);
  run.initializeRun('bench_sim', '1.0.0', { executorType: 'local' });
  run.saveArtifact('field.bin', { data: randomBytes(size) }, { category: 'data' });
  run.completeRun('completed');
  run.close();
  // The store keeps self-contained files (rollback journal); a WAL-mode file takes the slice fallback.
  if (!wal) makeSelfContained(path);
  const checksum = createHash('sha256').update(fs.readFileSync(path)).digest('hex');
  fs.mkdirSync(join(storeDir, checksum.slice(0, 2)), { recursive: true });
  fs.renameSync(path, join(storeDir, checksum.slice(0, 2), `${checksum}.db`));
  return checksum;
}

/** Seconds to stream a download to /dev/null-like counting, and the bytes. */
async function timeDownload(url, headers) {
  const start = performance.now();
  const res = await fetchRetry(url, { headers });
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body) bytes += chunk.length;
  return { seconds: (performance.now() - start) / 1000, bytes };
}

/** The middle of three timed runs, after one that warms caches and the JIT. */
async function median(run) {
  await run();
  const runs = [await run(), await run(), await run()].sort((a, b) => a.seconds - b.seconds);
  return runs[1];
}

const mbps = (r) => (r.bytes / MiB / r.seconds).toFixed(0);

async function benchBackend(backend) {
  const db = await createTestDatabase(backend, 'bench_files');
  const [authPort, filesPort] = [await freePort(), await freePort()];
  const filesUrl = backend === 'sqlite' ? `sqlite:${join(db.dir, 'files.sqlite')}` : db.url;
  const env = {
    SIMVAULT_DATA_DIR: db.dir,
    SIMVAULT_AUTH_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'auth.sqlite')}` : db.url,
    SIMVAULT_FILES_DATABASE_URL: filesUrl,
    SIMVAULT_AUTH_PORT: String(authPort),
    SIMVAULT_FILES_PORT: String(filesPort),
    SIMVAULT_ADMIN_PASSWORD: PASSWORD,
  };
  const auth = await startServer(AUTH, env, authPort);
  const files = await startServer(FILES, env, filesPort);
  const base = `http://127.0.0.1:${filesPort}`;
  const rows = [];
  const notes = [];
  const downloads = [];
  try {
    const { token } = await fetchRetry(`${base}/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    }).then((r) => r.json());
    const headers = { 'x-session-id': token };
    const json = { ...headers, 'content-type': 'application/json' };
    const bare = await load(`${base}/health/live`);
    const row = (what, entries, r, seq) => ({
      backend,
      entries,
      what,
      'req/s': r ? r.rps : '-',
      'vs bare': r ? (r.rps / bare.rps).toFixed(2) : '-',
      'p50 ms': r ? r.p50 : '-',
      'p99 ms': r ? r.p99 : '-',
      '1-client p50/p99 ms': seq ?? '-',
      errors: r ? r.errors : '-',
    });
    rows.push(row('GET /health/live (bare)', '-', bare));

    for (const size of SIZES) {
      const folder = await fetchRetry(`${base}/files`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: `bench-${size}`, is_folder: true }),
      }).then((r) => r.json());
      await seed(filesUrl, backend, folder.id, size);
      const list = `${base}/files?parent_id=${folder.id}&limit=50`;
      const deepOffset = `${list}&offset=${size - 50}`;
      const before = await fetchRetry(`${list}&offset=${size - 100}`, { headers }).then((r) => r.json());
      const deepCursor = `${list}&cursor=${before.next_cursor}`;
      const bySize = `${list}&sort=size&order=desc`;
      const check = await fetchRetry(deepCursor, { headers }).then((r) => r.json());
      if (check.items.length !== 50 || check.total !== size)
        throw new Error(`cursor page: ${JSON.stringify(check).slice(0, 200)}`);
      rows.push(row('first page (name)', size, null, await oneClient(list, headers)));
      rows.push(row('first page (size desc)', size, null, await oneClient(bySize, headers)));
      rows.push(row(`last page by offset`, size, null, await oneClient(deepOffset, headers)));
      rows.push(row(`last page by cursor`, size, null, await oneClient(deepCursor, headers)));
      if (size === SIZES[SIZES.length - 1]) {
        rows.push(row('first page (name)', size, await load(list, { headers })));
        rows.push(row('last page by cursor', size, await load(deepCursor, { headers })));
      }
    }

    // autocannon tops out near 20 req/s on 1 MiB bodies here, even from a bare server: so downloads
    // are driven by concurrent fetch clients, against the files app and against a bare node:http
    // server streaming the same file from disk (the ceiling), one after the other.
    const body = randomBytes(MiB);
    const uploaded = await fetchRetry(`${base}/files/upload?name=one-mib.bin`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body,
    }).then((r) => r.json());
    const plainFile = join(db.dir, 'one-mib.bin');
    fs.writeFileSync(plainFile, body);
    const barePort = await freePort();
    const bareServer = await startFileServer(plainFile, barePort);
    try {
      const ceiling = await throughput(`http://127.0.0.1:${barePort}/`, {});
      const served = await throughput(`${base}/files/${uploaded.id}/content`, headers);
      downloads.push({
        backend,
        what: `1 MiB file, ${CLIENTS} clients`,
        'files app MiB/s': served.mibps,
        'bare file server MiB/s': ceiling.mibps,
        'vs bare': (served.mibps / ceiling.mibps).toFixed(2),
      });
    } finally {
      bareServer.kill();
    }

    const storeDir = join(db.dir, 'runs');
    const scratch = join(db.dir, 'scratch');
    fs.mkdirSync(scratch, { recursive: true });
    const transfers = [];
    for (const [id, size, wal] of [
      ['bench-big', BIG, false],
      ['bench-slices', SLICES, true],
    ]) {
      const checksum = await storedRun(storeDir, scratch, id, size, wal);
      const indexed = await fetchRetry(`${base}/runs/${id}/index`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ checksum }),
      });
      if (indexed.status !== 200) throw new Error(`index ${id}: ${indexed.status} ${await indexed.text()}`);
      const plainFile = join(scratch, `${id}.plain`);
      fs.writeFileSync(plainFile, randomBytes(size));
      const port = await freePort();
      const bare = await startFileServer(plainFile, port);
      let plain;
      try {
        plain = await median(() => timeDownload(`http://127.0.0.1:${port}/`, {}));
      } finally {
        bare.kill();
      }
      const got = await median(() => timeDownload(`${base}/runs/${id}/files/field.bin`, headers));
      if (got.bytes !== size) throw new Error(`${id}: got ${got.bytes} of ${size} bytes`);
      transfers.push({
        backend,
        artifact: `${size / MiB} MiB, ${wal ? 'WAL file: slices through SQLite' : 'stored file: pages read directly'}`,
        'MiB/s': mbps(got),
        'bare file server MiB/s': mbps(plain),
        'vs bare': (plain.seconds / got.seconds).toFixed(2),
      });
    }
    notes.push(`${backend}: peak files-server RSS ${files.peakRssMb()} MB`);
    return { rows, downloads, transfers, notes };
  } finally {
    await files.stop();
    await auth.stop();
    await db.drop();
  }
}

async function main() {
  const rows = [];
  const downloads = [];
  const transfers = [];
  const notes = [];
  for (const backend of BACKENDS) {
    const result = await benchBackend(backend);
    rows.push(...result.rows);
    downloads.push(...result.downloads);
    transfers.push(...result.transfers);
    notes.push(...result.notes);
  }
  console.log(
    `\nbench/files: ${CONNECTIONS} connections, ${DURATION} s per loaded endpoint; 1-client = ${SEQUENTIAL} sequential requests; pages of 50; ${new Date().toISOString()}\n`,
  );
  console.log(
    table(rows, [
      'backend',
      'entries',
      'what',
      'req/s',
      'vs bare',
      'p50 ms',
      'p99 ms',
      '1-client p50/p99 ms',
      'errors',
    ]),
  );
  console.log(
    `\nDownloads by ${CLIENTS} concurrent clients for ${DURATION} s, next to a bare node:http server streaming the same file:\n`,
  );
  console.log(table(downloads, ['backend', 'what', 'files app MiB/s', 'bare file server MiB/s', 'vs bare']));
  console.log(
    '\nOne artifact streamed by one client (verified against its sha256; median of 3 after a warm-up), next to the bare node:http server streaming a file of the same size:\n',
  );
  console.log(table(transfers, ['backend', 'artifact', 'MiB/s', 'bare file server MiB/s', 'vs bare']));
  console.log(`\n${notes.join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
