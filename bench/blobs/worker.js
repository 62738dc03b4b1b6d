// One transfer through one blob store, in a process of its own: prints seconds and peak RSS.
// node worker.js local|s3 up|down <dir|endpoint> <source file> <file to download to>
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { pipeline } = require('node:stream/promises');
const { performance } = require('node:perf_hooks');
const { LocalBlobStore } = require('../../libs/blobs/dist');
const { S3BlobStore } = require('../../libs/blobs/dist/s3');

async function main() {
  const [kind, direction, target, source, back] = process.argv.slice(2);
  const store =
    kind === 'local'
      ? new LocalBlobStore(target)
      : new S3BlobStore('bench', 'bench/', {
          endpoint: target,
          region: 'us-east-1',
          accessKeyId: 'S3RVER',
          secretAccessKey: 'S3RVER',
          forcePathStyle: true,
          partBytes: 8 * 1024 * 1024,
          partsInFlight: Number(process.env.BENCH_S3_PARTS_IN_FLIGHT ?? 4),
        });
  const key = 'ab/artifact.bin';
  const start = performance.now();
  if (direction === 'up') {
    await store.put(key, fs.createReadStream(source, { highWaterMark: 1024 * 1024 }));
  } else {
    // Downloads are checked too: the digest is computed on the way to the file.
    const hasher = createHash('sha256');
    const body = await store.get(key);
    if (!body) throw new Error('not stored');
    await pipeline(
      body,
      async function* (chunks) {
        for await (const chunk of chunks) {
          hasher.update(chunk);
          yield chunk;
        }
      },
      fs.createWriteStream(back),
    );
    const fd = fs.openSync(back, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  const seconds = (performance.now() - start) / 1000;
  if (store.destroy) store.destroy();
  process.stdout.write(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
