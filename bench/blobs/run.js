// bench/blobs: one big artifact up into and back out of each blob store (libs/blobs), next to a
// plain file copy (`cp`) on the same disk in the same run (docs/benchmarks.md, How we measure):
//  - local: the local-directory store, the embedded default;
//  - s3: the S3 store against s3rver (the S3-protocol server the tests use, from the npm registry)
//    on 127.0.0.1, storing on the same disk, in its own process.
// Each transfer runs in a fresh child process (worker.js) so its peak RSS is its own. Goals: peak RSS
// under 200 MB, throughput at least 0.5 of the copy. Run: npm run bench:blobs. BENCH_BLOB_MIB (1024),
// BENCH_BLOB_STORES (local,s3), BENCH_S3_PARTS_IN_FLIGHT (the store's default, 4).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_BLOB_MIB ?? 1024) * MiB;
const RSS_GOAL_MB = 200;
const RATIO_GOAL = 0.5;

function makeSource(path) {
  // Random blocks (so nothing on the way can compress them), 16 MiB of them reused.
  const block = randomBytes(16 * MiB);
  const fd = fs.openSync(path, 'w');
  for (let written = 0; written < SIZE; written += block.length)
    fs.writeSync(fd, block, 0, Math.min(block.length, SIZE - written));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

function copySeconds(from, to) {
  const start = performance.now();
  // `cp` then `sync`: the stores fsync what they write, so the copy is made as durable.
  const cp = spawnSync('sh', ['-c', `cp "${from}" "${to}" && sync "${to}"`], { stdio: 'inherit' });
  if (cp.status !== 0) throw new Error('cp failed');
  return (performance.now() - start) / 1000;
}

function worker(args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'worker.js'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) =>
      code === 0 ? resolvePromise(JSON.parse(out)) : reject(new Error(`worker ${args} exited ${code}`)),
    );
  });
}

function startS3rver(directory) {
  // The server in its own process (its memory is the server's, not the client's being measured).
  const script = `
    const S3rver = require(${JSON.stringify(require.resolve('s3rver', { paths: [join(__dirname, '../../libs/blobs')] }))});
    new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(directory)},
      configureBuckets: [{ name: 'bench' }] }).run().then(({ port }) => console.log(port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise) => {
    child.stdout.once('data', (d) =>
      resolvePromise({ child, endpoint: `http://127.0.0.1:${String(d).trim()}` }),
    );
  });
}

async function main() {
  const dir = fs.mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'simvault-bench-blobs-'));
  const source = join(dir, 'artifact.bin');
  makeSource(source);
  const rows = [];
  const copies = [copySeconds(source, join(dir, 'copy-1.bin')), copySeconds(source, join(dir, 'copy-2.bin'))];
  fs.rmSync(join(dir, 'copy-1.bin'));
  fs.rmSync(join(dir, 'copy-2.bin'));
  const copy = Math.min(...copies);
  const s3 = await startS3rver(join(dir, 's3rver'));
  try {
    for (const store of (process.env.BENCH_BLOB_STORES ?? 'local,s3').split(',')) {
      const target = store === 'local' ? join(dir, 'local-store') : s3.endpoint;
      for (const direction of ['up', 'down']) {
        const result = await worker([store, direction, target, source, join(dir, `back-${store}.bin`)]);
        rows.push({ store, direction, ...result, ratio: copy / result.seconds });
      }
      fs.rmSync(join(dir, `back-${store}.bin`), { force: true });
    }
  } finally {
    s3.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const mb = SIZE / MiB;
  console.log(
    `\n${mb} MiB artifact; cp + sync on the same disk: ${copy.toFixed(2)} s (${(mb / copy).toFixed(0)} MiB/s)\n`,
  );
  console.log('| store | direction | seconds | MiB/s | ratio to cp | peak RSS MB | goals |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const ok = r.peakRssMb < RSS_GOAL_MB && r.ratio >= RATIO_GOAL;
    console.log(
      `| ${r.store} | ${r.direction} | ${r.seconds.toFixed(2)} | ${(mb / r.seconds).toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${ok ? 'met' : 'MISSED'} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
