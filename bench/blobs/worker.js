// One transfer in a process of its own: prints seconds, its CPU seconds and its peak RSS.
//   node worker.js local up|down <dir> <source file> <file to download to>
//   node worker.js s3 up|down <JSON: {endpoint, id, secret}> <source> <download to>
//   node worker.js http|bare up|down <JSON: {base, token, sha256, size, download}> <source> <download to>
// local/s3 drive a blob store (libs/blobs) directly; http goes through the files app as a client
// does: PUT /artifacts/{sha256} streaming the file, and GET of the run's external artifact
// (served from the artifact store).
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { saveHashedStream } = require('../../libs/client/dist/streams');

const MiB = 1024 * 1024;

/**
 * A download saved as `simvault pull` saves it (the client's writer: hashed on the way, written in
 * large batches), then fsynced: made as durable as cp + sync.
 */
async function saveVerified(body, path) {
  const { sha256 } = await saveHashedStream(body, path);
  const fd = fs.openSync(path, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return sha256;
}

function storeOf(kind, target) {
  if (kind === 'local') {
    const { LocalBlobStore } = require('../../libs/blobs/dist');
    return new LocalBlobStore(target);
  }
  const { S3BlobStore } = require('../../libs/blobs/dist/s3');
  const { endpoint, id, secret } = JSON.parse(target);
  return new S3BlobStore('bench', 'bench/', {
    endpoint,
    region: 'us-east-1',
    accessKeyId: id,
    secretAccessKey: secret,
    forcePathStyle: true,
    partBytes: 8 * MiB,
    partsInFlight: Number(process.env.BENCH_S3_PARTS_IN_FLIGHT ?? 4),
  });
}

async function viaStore(store, direction, source, back) {
  const key = 'ab/artifact.bin';
  try {
    if (direction === 'up') {
      await store.put(key, fs.createReadStream(source, { highWaterMark: MiB }));
    } else {
      const body = await store.get(key);
      if (!body) throw new Error('not stored');
      await saveVerified(body, back);
    }
  } finally {
    if (store.destroy) store.destroy();
  }
}

function request(url, options, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, options, resolve);
    req.on('error', reject);
    if (body) body.on('error', reject).pipe(req);
    else req.end();
  });
}

async function viaHttp(direction, spec, source, back) {
  const { base, token, sha256, size, download } = JSON.parse(spec);
  if (direction === 'up') {
    const res = await request(
      `${base}/artifacts/${sha256}`,
      {
        method: 'PUT',
        headers: {
          'x-session-id': token,
          'content-type': 'application/octet-stream',
          'content-length': String(size),
        },
      },
      fs.createReadStream(source, { highWaterMark: MiB }),
    );
    let text = '';
    for await (const chunk of res) text += chunk;
    const answer = JSON.parse(text);
    if (res.statusCode !== 200 || !answer.created) throw new Error(`PUT ${res.statusCode}: ${text}`);
  } else {
    const res = await request(`${base}${download}`, { headers: { 'x-session-id': token } });
    if (res.statusCode !== 200) throw new Error(`GET ${download}: ${res.statusCode}`);
    const digest = await saveVerified(res, back);
    if (digest !== sha256) throw new Error(`downloaded ${digest}, not ${sha256}`);
  }
}

async function main() {
  const [kind, direction, target, source, back] = process.argv.slice(2);
  // Loading the library (and the AWS SDK) is not part of the transfer.
  const store = kind === 'http' || kind === 'bare' ? null : storeOf(kind, target);
  const cpu = process.cpuUsage();
  const start = performance.now();
  if (store) await viaStore(store, direction, source, back);
  else await viaHttp(direction, target, source, back);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
