// bench/buffers: upload and download throughput of 1 MiB and 1 GiB buffers through the /buffers
// REST routes (Nest on Express, as the cache app mounts them) and the hashserver executable (plain
// node:http), next to a plain file copy on the same disk in the same run; and each server's peak
// RSS. A bare node:http server that neither hashes nor syncs gives the HTTP ceiling of the run. Uploads stream a file from disk; downloads stream into a file on the same disk; every
// written file is fsynced, as the store fsyncs what it stores. The copy (copyFile + fsync) of the
// same files is measured just before each transfer, so each ratio compares like moments.
//
// Run: npx tsc -b libs/buffers apps/cli && node bench/buffers/run.js
// BENCH_BIG_MIB (default 1024) sizes the big buffer, BENCH_SMALL_COUNT (default 32) counts the
// 1 MiB transfers, BENCH_DIR (default the OS temp dir) is where every file goes; it is removed after.
'use strict';
const { spawn } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { pipeline } = require('node:stream/promises');
const { freePort, startServer, table } = require('../lib/harness');

const HASHSERVER = resolve(__dirname, '../../apps/cli/dist/hashserver.js');
const REST_SERVER = resolve(__dirname, 'rest-server.js');
const BARE_SERVER = resolve(__dirname, 'bare-server.js');
const MiB = 1024 * 1024;
const BIG = Number(process.env.BENCH_BIG_MIB ?? 1024) * MiB;
const SMALL_COUNT = Number(process.env.BENCH_SMALL_COUNT ?? 32);
const HASHES = { 'sha-256': 'sha256', 'sha3-256': 'sha3-256' };

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

async function fsyncFile(path) {
  const handle = await fs.promises.open(path, 'r+');
  await handle.sync();
  await handle.close();
}

/** A file of `size` random bytes, written in 16 MiB pieces, with its checksum for each hash. */
async function makeFile(path, size) {
  const hashers = Object.fromEntries(Object.entries(HASHES).map(([name, alg]) => [name, createHash(alg)]));
  const handle = await fs.promises.open(path, 'w');
  for (let done = 0; done < size;) {
    const piece = randomBytes(Math.min(16 * MiB, size - done));
    for (const h of Object.values(hashers)) h.update(piece);
    await handle.write(piece);
    done += piece.length;
  }
  await handle.sync();
  await handle.close();
  return Object.fromEntries(Object.entries(hashers).map(([name, h]) => [name, h.digest('hex')]));
}

/** Streams a file as the body of a PUT; resolves with the status. */
function upload(url, headers, path, size) {
  return new Promise((ok, fail) => {
    const req = http.request(url, {
      method: 'PUT',
      agent,
      headers: { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': size },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode));
    });
    req.on('error', fail);
    pipeline(fs.createReadStream(path, { highWaterMark: MiB }), req).catch(fail);
  });
}

/** Streams a GET into a file and fsyncs it; resolves with the byte count. */
function download(url, headers, path) {
  return new Promise((ok, fail) => {
    http
      .get(url, { agent, headers }, (res) => {
        if (res.statusCode !== 200) return fail(new Error(`GET ${url} answered ${res.statusCode}`));
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        pipeline(res, fs.createWriteStream(path, { highWaterMark: MiB }))
          .then(() => fsyncFile(path))
          .then(() => ok(bytes), fail);
      })
      .on('error', fail);
  });
}

/** Starts `node <args>`; waits until GET /healthcheck answers on `port`. */
async function startNode(args, port, env = {}) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${args[0]} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthcheck`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error(`${args[0]} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    port,
    peakRssMb: () => peakRssMb(child.pid),
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

async function startHashserver(dir, hash) {
  const port = await freePort();
  return startNode([HASHSERVER, dir, '--writable', '--port', String(port), '--hash', hash], port);
}

function peakRssMb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Uploads then downloads every file through one server; answers the elapsed seconds of each. */
async function transfer(server, files, work) {
  let up = 0;
  let down = 0;
  for (const file of files) {
    const checksum = file.checksums[server.hash];
    const url = server.url(checksum, file);
    let start = process.hrtime.bigint();
    const status = await upload(url, server.headers, file.path, file.size);
    up += seconds(start);
    if (status !== server.created) throw new Error(`${server.name}: PUT answered ${status}`);
    const target = join(work, 'downloaded');
    start = process.hrtime.bigint();
    const bytes = await download(url, server.headers, target);
    down += seconds(start);
    if (bytes !== file.size) throw new Error(`${server.name}: GET sent ${bytes} of ${file.size} bytes`);
    fs.rmSync(target);
  }
  return { up, down };
}

async function copyTime(files, work) {
  let total = 0;
  for (const file of files) {
    const target = join(work, 'copied');
    const start = process.hrtime.bigint();
    await fs.promises.copyFile(file.path, target);
    await fsyncFile(target);
    total += seconds(start);
    fs.rmSync(target);
  }
  return total;
}

async function main() {
  const work = fs.mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'simvault-bench-buffers-'));
  const servers = [];
  try {
    const sizes = [
      { label: '1 MiB', files: [] },
      { label: `${BIG / MiB >= 1024 ? `${BIG / 1024 / MiB} GiB` : `${BIG / MiB} MiB`}`, files: [] },
    ];
    for (let i = 0; i < SMALL_COUNT; i++) {
      const path = join(work, `small-${i}`);
      sizes[0].files.push({ path, size: MiB, checksums: await makeFile(path, MiB) });
    }
    const bigPath = join(work, 'big');
    sizes[1].files.push({ path: bigPath, size: BIG, checksums: await makeFile(bigPath, BIG) });

    // The REST routes, with a session as any client has one.
    const restPort = await freePort();
    const rest = await startServer(
      REST_SERVER,
      {
        SIMVAULT_DATA_DIR: join(work, 'rest'),
        SIMVAULT_CACHE_PORT: String(restPort),
        SIMVAULT_BUFFER_HASH: 'sha-256',
      },
      restPort,
      '/health/live',
    );
    servers.push(rest);
    const session = await fetch(`http://127.0.0.1:${restPort}/session/anonymous`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then((r) => r.json());
    const hs256 = await startHashserver(join(work, 'hashserver-sha256'), 'sha-256');
    servers.push(hs256);
    const hs3 = await startHashserver(join(work, 'hashserver-sha3'), 'sha3-256');
    servers.push(hs3);
    const barePort = await freePort();
    const bare = await startNode([BARE_SERVER], barePort, { BARE_DIR: work, BARE_PORT: String(barePort) });
    servers.push(bare);
    const targets = [
      {
        name: 'bare node:http (no hash, no fsync)',
        hash: '-',
        created: 200,
        headers: {},
        // Serves the source files by name: the download half is a plain streamed read.
        url: (cs, file) => `http://127.0.0.1:${barePort}/${file.path.slice(work.length + 1)}`,
        process: bare,
      },
      {
        name: 'REST /buffers (Nest)',
        hash: 'sha-256',
        created: 201,
        headers: { authorization: `Bearer ${session.token}` },
        url: (cs) => `http://127.0.0.1:${restPort}/buffers/${cs}`,
        process: rest,
      },
      ...[
        [hs256, 'sha-256'],
        [hs3, 'sha3-256'],
      ].map(([server, hash]) => ({
        name: 'hashserver (node:http)',
        hash,
        created: 200,
        headers: {},
        url: (cs) => `http://127.0.0.1:${server.port}/${cs}`,
        process: server,
      })),
    ];

    // The machine is shared: each transfer is set next to a copy of the same files made just before.
    const rows = [];
    const mbs = (bytes, s) => (bytes / MiB / s).toFixed(0);
    for (const target of targets) {
      for (const size of sizes) {
        const bytes = size.files.reduce((n, f) => n + f.size, 0);
        const copy = await copyTime(size.files, work);
        const { up, down } = await transfer(target, size.files, work);
        for (const [operation, s] of [
          ['upload (PUT)', up],
          ['download (GET)', down],
        ]) {
          rows.push({
            what: target.name,
            hash: target.hash,
            buffer: `${size.label} x${size.files.length}`,
            operation,
            'MB/s': mbs(bytes, s),
            'copy MB/s': mbs(bytes, copy),
            'vs copy': (copy / s).toFixed(2),
          });
        }
      }
      target.rss = target.process.peakRssMb();
    }
    console.log(`\nbench/buffers: ${new Date().toISOString()}, files in ${work} (removed after)\n`);
    console.log(table(rows, ['what', 'hash', 'buffer', 'operation', 'MB/s', 'copy MB/s', 'vs copy']));
    console.log(
      `\npeak server RSS over every transfer above (the ${sizes[1].label} one included): ${targets
        .map((t) => `${t.name} ${t.hash} ${t.rss} MB`)
        .join(', ')}`,
    );
  } finally {
    agent.destroy();
    await Promise.allSettled(servers.map((s) => s.stop()));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
