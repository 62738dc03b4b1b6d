// bench/blobs: one big artifact up into and back out of each way the platform stores bytes, next
// to a plain file copy (`cp` + `sync`) on the same disk in the same round (docs/benchmarks.md, How
// we measure):
//  - local: the local-directory store (libs/blobs), the embedded default, called directly;
//  - http: the files app on that store, as a client uses it: PUT /artifacts/{sha256} of the file,
//    then GET of a run's external artifact of those bytes (served from the artifact store);
//  - bare: the same two requests to a bare node:http server (bare-server.js: no framework, no
//    hash) writing and reading one file: what any HTTP path costs on this machine;
//  - s3: the S3 store against the object store docker-compose.yml runs and the tests use
//    (docker/object-store: s3rver, from the npm registry, checking signatures) on 127.0.0.1,
//    storing on the same disk, in its own process.
// Each transfer runs in a fresh child process (worker.js) so its peak RSS and CPU time are its own;
// the server's CPU time (files app, object store) is read from /proc around it. The machine may be
// shared, so BENCH_ROUNDS rounds (3) each measure every transfer again, each right after a copy of
// its own (both after a `sync`, so neither pays for the other's write-back); a ratio is taken
// against that copy, and the table gives the median and the spread, with the load average. Goals: peak RSS under 200 MB, throughput at least 0.5 of the copy. Run: npm run
// bench:blobs. BENCH_BLOB_MIB (1024), BENCH_BLOB_STORES (local,http,s3), BENCH_ROUNDS (3),
// BENCH_S3_PARTS_IN_FLIGHT (the store's default, 4), BENCH_DIR (the OS temp dir).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const { RunDatabase, makeSelfContained } = require('../../libs/run-db/dist');
const { fetchRetry, freePort, startServer, table } = require('../lib/harness');

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_BLOB_MIB ?? 1024) * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STORES = (process.env.BENCH_BLOB_STORES ?? 'local,bare,http,s3').split(',');
const RSS_GOAL_MB = 200;
const RATIO_GOAL = 0.5;
const PASSWORD = 'bench-admin-password';
const AUTH = resolve(__dirname, '../../apps/auth/dist/main.js');
const FILES = resolve(__dirname, '../../apps/files/dist/main.js');
/** The object store's key for this run (worker.js signs with it). */
const S3_KEY = { id: 'bench', secret: randomBytes(24).toString('base64') };

function makeSource(path) {
  // Random blocks (so nothing on the way can compress them), 16 MiB of them reused.
  const block = randomBytes(16 * MiB);
  const hasher = createHash('sha256');
  const fd = fs.openSync(path, 'w');
  for (let written = 0; written < SIZE; written += block.length) {
    const piece = block.subarray(0, Math.min(block.length, SIZE - written));
    fs.writeSync(fd, piece);
    hasher.update(piece);
  }
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return hasher.digest('hex');
}

/** Starts a measurement with nothing of an earlier one left to write back. */
function settle() {
  spawnSync('sync');
}

function copySeconds(from, to) {
  settle();
  const start = performance.now();
  // `cp` then `sync`: the stores fsync what they write, so the copy is made as durable.
  const cp = spawnSync('sh', ['-c', `cp "${from}" "${to}" && sync "${to}"`], { stdio: 'inherit' });
  if (cp.status !== 0) throw new Error('cp failed');
  const seconds = (performance.now() - start) / 1000;
  fs.rmSync(to);
  return seconds;
}

/** CPU seconds a process has used so far (user + system, from /proc). */
function cpuOf(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function worker(args, serverPid) {
  const serverBefore = serverPid ? cpuOf(serverPid) : 0;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'worker.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    // The AWS SDK's notices would drown the table: shown only when the transfer fails.
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) =>
      code === 0
        ? resolvePromise({ ...JSON.parse(out), serverCpu: serverPid ? cpuOf(serverPid) - serverBefore : 0 })
        : reject(new Error(`worker ${args.slice(0, 2)} exited ${code}\n${err}`)),
    );
  });
}

/**
 * The object store docker-compose.yml runs (docker/object-store: s3rver with signature checks), in
 * its own process (its memory and CPU are the server's, not the client's being measured).
 */
function startObjectStore(directory) {
  const child = spawn(process.execPath, [join(__dirname, '../../docker/object-store/server.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      OBJECT_STORE_DIR: directory,
      OBJECT_STORE_ADDRESS: '127.0.0.1',
      OBJECT_STORE_PORT: '0',
      OBJECT_STORE_BUCKETS: 'bench',
      OBJECT_STORE_ACCESS_KEY_ID: S3_KEY.id,
      OBJECT_STORE_SECRET_ACCESS_KEY: S3_KEY.secret,
    },
  });
  return new Promise((resolvePromise) => {
    child.stdout.once('data', (d) =>
      resolvePromise({
        child,
        endpoint: `http://127.0.0.1:${/port (\d+)/.exec(String(d))[1]}`,
        stop: () => child.kill(),
      }),
    );
  });
}

/** The bare node:http server (bare-server.js), for the same requests the files app gets. */
function startBare(file, sha256) {
  const child = spawn(process.execPath, [join(__dirname, 'bare-server.js'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise) => {
    child.stdout.once('data', (d) => {
      const base = `http://127.0.0.1:${String(d).trim()}`;
      resolvePromise({
        child,
        spec: JSON.stringify({ base, token: '', sha256, size: SIZE, download: '/bare' }),
      });
    });
  });
}

/**
 * The files app (and the auth app it signs in through) on SQLite and the local store, with a run
 * whose external artifact is the source file: its download is served from the artifact store.
 */
async function startFilesApp(dir, source, sha256) {
  const data = join(dir, 'platform');
  const [authPort, filesPort] = [await freePort(), await freePort()];
  const env = {
    SIMVAULT_DATA_DIR: data,
    SIMVAULT_AUTH_DATABASE_URL: `sqlite:${join(data, 'auth.sqlite')}`,
    SIMVAULT_FILES_DATABASE_URL: `sqlite:${join(data, 'files.sqlite')}`,
    SIMVAULT_AUTH_PORT: String(authPort),
    SIMVAULT_FILES_PORT: String(filesPort),
    SIMVAULT_ADMIN_PASSWORD: PASSWORD,
    SIMVAULT_FILES_MAX_UPLOAD_BYTES: String(2 * SIZE),
  };
  fs.mkdirSync(data, { recursive: true });
  const auth = await startServer(AUTH, env, authPort);
  const files = await startServer(FILES, env, filesPort);
  const base = `http://127.0.0.1:${filesPort}`;
  const { token } = await fetchRetry(`${base}/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  }).then((r) => r.json());

  // A run file naming the source as an external artifact, put into the run store and indexed.
  const runPath = join(dir, 'bench-blobs.db');
  const run = RunDatabase.open(runPath);
  run.initializeRun('bench_sim', '1.0.0', { executorType: 'local' });
  await run.saveArtifact('artifact.bin', { externalPath: source }, { category: 'data' });
  run.completeRun('completed');
  run.close();
  makeSelfContained(runPath);
  const checksum = createHash('sha256').update(fs.readFileSync(runPath)).digest('hex');
  fs.mkdirSync(join(data, 'runs', checksum.slice(0, 2)), { recursive: true });
  fs.renameSync(runPath, join(data, 'runs', checksum.slice(0, 2), `${checksum}.db`));
  const indexed = await fetchRetry(`${base}/runs/bench-blobs/index`, {
    method: 'POST',
    headers: { 'x-session-id': token, 'content-type': 'application/json' },
    body: JSON.stringify({ checksum }),
  });
  if (indexed.status !== 200) throw new Error(`index: ${indexed.status} ${await indexed.text()}`);
  return {
    pid: files.child.pid,
    spec: JSON.stringify({
      base,
      token,
      sha256,
      size: SIZE,
      download: '/runs/bench-blobs/files/artifact.bin',
    }),
    // Each round's upload stores the bytes anew (a second PUT of stored bytes only verifies them).
    forget: () =>
      fs.rmSync(join(data, 'run-artifacts', sha256.slice(0, 2)), { recursive: true, force: true }),
    peakRssMb: files.peakRssMb,
    stop: async () => {
      await files.stop();
      await auth.stop();
    },
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const load = () => loadavg()[0].toFixed(1);

async function main() {
  const dir = fs.mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'simvault-bench-blobs-'));
  const source = join(dir, 'artifact.bin');
  const sha256 = makeSource(source);
  const s3 = STORES.includes('s3') ? await startObjectStore(join(dir, 'object-store')) : null;
  const app = STORES.includes('http') ? await startFilesApp(dir, source, sha256) : null;
  const bare = STORES.includes('bare') ? await startBare(join(dir, 'bare.bin'), sha256) : null;
  const samples = {};
  const rounds = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const loadBefore = load();
      const copies = [];
      for (const store of STORES) {
        const back = join(dir, `back-${store}.bin`);
        for (const direction of ['up', 'down']) {
          const [target, pid] =
            store === 'local'
              ? [join(dir, 'local-store'), undefined]
              : store === 'http'
                ? [app.spec, app.pid]
                : store === 'bare'
                  ? [bare.spec, bare.child.pid]
                  : [JSON.stringify({ endpoint: s3.endpoint, ...S3_KEY }), s3.child.pid];
          if (store === 'http' && direction === 'up') app.forget();
          const copy = copySeconds(source, join(dir, 'copy.bin'));
          copies.push(copy);
          settle();
          const result = await worker([store, direction, target, source, back], pid);
          (samples[`${store} ${direction}`] ??= []).push({ ...result, ratio: copy / result.seconds });
        }
        fs.rmSync(back, { force: true });
      }
      rounds.push({ round, copies, loadBefore, loadAfter: load() });
    }
  } finally {
    s3?.stop();
    bare?.child.kill();
    const filesRss = app?.peakRssMb();
    await app?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    if (filesRss) console.log(`\nfiles app peak RSS over the run: ${filesRss} MB`);
  }
  const mb = SIZE / MiB;
  console.log(`\n${mb} MiB artifact, ${ROUNDS} rounds; cp + sync on the same disk, before each transfer:`);
  for (const r of rounds)
    console.log(
      `  round ${r.round}: ${r.copies.map((c) => c.toFixed(2)).join(' ')} s, load average ${r.loadBefore} -> ${r.loadAfter}`,
    );
  console.log('');
  const rows = Object.entries(samples).map(([what, s]) => {
    const ratios = s.map((x) => x.ratio);
    const seconds = median(s.map((x) => x.seconds));
    const ratio = median(ratios);
    const rss = Math.max(...s.map((x) => x.peakRssMb));
    return {
      transfer: what,
      's (median)': seconds.toFixed(2),
      'MiB/s': (mb / seconds).toFixed(0),
      'vs cp (median)': ratio.toFixed(2),
      'vs cp (min-max)': `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`,
      'client CPU s': median(s.map((x) => x.cpuSeconds)).toFixed(1),
      'server CPU s': what.startsWith('local') ? '-' : median(s.map((x) => x.serverCpu)).toFixed(1),
      'peak RSS MB': rss.toFixed(0),
      goals: rss < RSS_GOAL_MB && ratio >= RATIO_GOAL ? 'met' : 'MISSED',
    };
  });
  console.log(table(rows, Object.keys(rows[0])));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
