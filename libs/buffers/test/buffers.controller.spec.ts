import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { routeAccess } from '@simvault/auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import type { Response, Test } from 'supertest';
import { startBuffersApp, type TestBuffersApp } from './buffers-app';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MiB = 1024 * 1024;

/** Every file under `dir` with its size and inode: what any write would change. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const s = statSync(join(d, name));
      out.push(`${relative(dir, join(d, name))} ${s.isDirectory() ? 'dir' : `${s.size} ${s.ino}`}`);
      if (s.isDirectory()) walk(join(d, name));
    }
  };
  walk(dir);
  return out;
}

const temporaryFiles = (dir: string) => snapshot(dir).filter((line) => /\.tmp /.test(line));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Collects a binary response body as a Buffer. */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void) {
  const parts: Buffer[] = [];
  res.on('data', (chunk: Buffer) => parts.push(chunk));
  res.on('end', () => done(null, Buffer.concat(parts)));
}

describe.each(TEST_BACKENDS)('the /buffers routes on %s', (backend) => {
  let t: TestBuffersApp;
  let main: string;
  let extra: string;
  let port: number;
  const tokens: Record<string, string> = {};
  const inExtra = Buffer.from('a buffer in a read-only directory');

  beforeAll(async () => {
    // The extra directory must exist before the store opens; it lives outside the data dir.
    extra = join(tmpdir(), `simvault-buffers-extra-${randomBytes(4).toString('hex')}`);
    mkdirSync(extra);
    writeFileSync(join(extra, sha256(inExtra)), inExtra);
    t = await startBuffersApp(backend, { SIMVAULT_BUFFER_EXTRA_DIRS: extra, SIMVAULT_BUFFER_ZONE: 'zone-a' });
    main = t.config.buffers.dir;
    await new Promise<void>((ok) => t.app.getHttpServer().listen(0, '127.0.0.1', ok));
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    tokens.admin = await t.token({ role: 'admin' });
    tokens.user = await t.token({ role: 'user' });
    tokens.reader = await t.token({ privileges: ['read'] });
    tokens.writer = await t.token({ privileges: ['write'] });
    tokens.outsider = await t.token({ privileges: ['execute', 'run', 'catalog_update', 'cache_invalidate'] });
  });
  afterAll(async () => {
    await t.close();
    rmSync(extra, { recursive: true, force: true });
  });

  const put = (data: Buffer, checksum = sha256(data), token = tokens.writer) =>
    t
      .http()
      .put(`/buffers/${checksum}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(data);

  it('declares its access on every route: read, write, and admin to delete', () => {
    const routes = routeAccess(t.app)
      .filter((r) => r.route.includes('/buffers'))
      .map(
        (r) =>
          `${r.route} ${r.access?.kind === 'privileges' ? r.access.privileges.join(',') : r.access?.kind}`,
      )
      .sort();
    expect(routes).toEqual([
      'DELETE /buffers/:checksum admin',
      'GET /buffers/:checksum read',
      'GET /buffers/:checksum/filename read',
      'HEAD /buffers/:checksum read',
      'POST /buffers/has read',
      'POST /buffers/lengths read',
      'PUT /buffers/:checksum write',
    ]);
  });

  describe('access', () => {
    const data = Buffer.from('privileged bytes');
    const cs = sha256(data);
    type Call = [string, 'read' | 'write' | 'admin', (token?: string) => Test];
    const auth = (req: Test, token?: string) => (token ? req.set('X-Session-ID', token) : req);
    const calls: Call[] = [
      ['GET', 'read', (tk) => auth(t.http().get(`/buffers/${cs}`), tk)],
      ['HEAD', 'read', (tk) => auth(t.http().head(`/buffers/${cs}`), tk)],
      ['POST has', 'read', (tk) => auth(t.http().post('/buffers/has'), tk).send({ checksums: [cs] })],
      ['POST lengths', 'read', (tk) => auth(t.http().post('/buffers/lengths'), tk).send({ checksums: [cs] })],
      ['GET filename', 'read', (tk) => auth(t.http().get(`/buffers/${cs}/filename?zones=zone-a`), tk)],
      [
        'PUT',
        'write',
        (tk) =>
          auth(t.http().put(`/buffers/${cs}`), tk)
            .set('Content-Type', 'application/octet-stream')
            .send(data),
      ],
      ['DELETE', 'admin', (tk) => auth(t.http().delete(`/buffers/${cs}`), tk)],
    ];

    it.each(calls)('%s needs a session (401) and the %s privilege (403)', async (_name, privilege, call) => {
      await call().expect(401);
      const refused = await call(tokens.outsider).expect(403);
      if (refused.body.error !== undefined) {
        expect(refused.body.error).toBe(
          `This needs the ${privilege} privilege, which this session does not have.`,
        );
      }
      const lacking = {
        read: [tokens.writer],
        write: [tokens.reader],
        admin: [tokens.reader, tokens.writer, tokens.user],
      };
      for (const token of lacking[privilege]) await call(token).expect(403);
    });

    it('lets each privilege through its routes, and an admin through all', async () => {
      await put(data).expect(201);
      for (const [, privilege, call] of calls) {
        const holder = { read: tokens.reader, write: tokens.writer, admin: tokens.admin }[privilege];
        expect([200, 201]).toContain((await call(holder)).status);
        if (privilege !== 'admin') expect([200, 201]).toContain((await call(tokens.admin)).status);
      }
      await t.http().head(`/buffers/${cs}`).set('X-Session-ID', tokens.user).expect(404);
    });
  });

  it('stores a buffer once (201, then 200), verified, and serves it back', async () => {
    const data = randomBytes(100_000);
    const cs = sha256(data);
    const first = await put(data, cs.toUpperCase()).expect(201);
    expect(first.body).toEqual({ checksum: cs, length: data.length, created: true });
    expect((await put(data).expect(200)).body).toEqual({ checksum: cs, length: data.length, created: false });
    expect(readFileSync(join(main, cs.slice(0, 2), cs)).equals(data)).toBe(true);

    const got = await t
      .http()
      .get(`/buffers/${cs}`)
      .set('X-Session-ID', tokens.reader)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['content-length']).toBe(String(data.length));
    expect(got.headers.etag).toBe(`"${cs}"`);
    expect((got.body as Buffer).equals(data)).toBe(true);

    const head = await t.http().head(`/buffers/${cs}`).set('X-Session-ID', tokens.reader).expect(200);
    expect(head.headers['content-length']).toBe(String(data.length));

    const missing = sha256(Buffer.from('never stored'));
    await t.http().head(`/buffers/${missing}`).set('X-Session-ID', tokens.reader).expect(404);
    expect(
      (await t.http().get(`/buffers/${missing}`).set('X-Session-ID', tokens.reader).expect(404)).body,
    ).toEqual({
      error: `No buffer ${missing} is stored.`,
      statusCode: 404,
    });
    const checksums = [cs, missing, sha256(inExtra).toUpperCase()];
    const has = await t
      .http()
      .post('/buffers/has')
      .set('X-Session-ID', tokens.reader)
      .send({ checksums, extra: 1 })
      .expect(200);
    expect(has.body).toEqual({ has: [true, false, true] });
    const lengths = await t
      .http()
      .post('/buffers/lengths')
      .set('X-Session-ID', tokens.reader)
      .send({ checksums })
      .expect(200);
    expect(lengths.body).toEqual({ lengths: [data.length, null, inExtra.length] });
  });

  it('refuses a body that does not match its checksum, keeping nothing', async () => {
    const before = snapshot(main);
    const claimed = sha256(Buffer.from('meant'));
    const res = await put(Buffer.from('sent'), claimed).expect(400);
    expect(res.body).toEqual({
      error: `The body's sha-256 checksum is ${sha256(Buffer.from('sent'))}, not ${claimed}; nothing was stored.`,
      statusCode: 400,
    });
    expect(snapshot(main)).toEqual(before);
  });

  it('stores a JSON-typed body byte for byte (the JSON parser leaves raw routes alone)', async () => {
    // Spacing a JSON parser would not keep: the checksum is of these exact bytes.
    const json = Buffer.from('{"a":   1,\n "b": [ ]}');
    await t
      .http()
      .put(`/buffers/${sha256(json)}`)
      .set('X-Session-ID', tokens.writer)
      .set('Content-Type', 'application/json')
      .send(json.toString('utf8')) // a string goes as it is; superagent would serialise a Buffer
      .expect(201);
    const back = await t
      .http()
      .get(`/buffers/${sha256(json)}`)
      .set('X-Session-ID', tokens.reader)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(back.body).toEqual(json);
  });

  it('refuses path traversal and malformed checksums and zones with 400', async () => {
    const before = [snapshot(main), snapshot(extra)];
    for (const path of [
      '..%2F..%2Fetc%2Fpasswd',
      '..%2f' + sha256(inExtra),
      'abc',
      'G'.repeat(64),
      `${'a'.repeat(64)}%00`,
    ]) {
      const res = await t.http().get(`/buffers/${path}`).set('X-Session-ID', tokens.admin).expect(400);
      // A NUL is refused where the request enters, before any route reads its path.
      expect(res.body.error).toMatch(
        path.endsWith('%00')
          ? /^The request path contains a NUL character/
          : /^checksum must be 64 hexadecimal characters \(got ".*", \d+ characters\)\.$/,
      );
      await t
        .http()
        .put(`/buffers/${path}`)
        .set('X-Session-ID', tokens.admin)
        .send(Buffer.from('x'))
        .expect(400);
      await t.http().delete(`/buffers/${path}`).set('X-Session-ID', tokens.admin).expect(400);
    }
    const undecodable = await t.http().get('/buffers/%ZZ').set('X-Session-ID', tokens.admin).expect(400);
    expect(undecodable.body.error).toBe('The request path is not valid percent-encoded UTF-8.');
    const bad = await t
      .http()
      .post('/buffers/has')
      .set('X-Session-ID', tokens.reader)
      .send({ checksums: ['../x'] })
      .expect(400);
    expect(bad.body.error).toBe(
      'Invalid request: each value in checksums must be 64 hexadecimal characters.',
    );
    await t
      .http()
      .post('/buffers/lengths')
      .set('X-Session-ID', tokens.reader)
      .send({ checksums: 'nope' })
      .expect(400);
    await t.http().post('/buffers/has').set('X-Session-ID', tokens.reader).send({}).expect(400);
    const cs = sha256(inExtra);
    const zone = await t
      .http()
      .get(`/buffers/${cs}/filename?zones=..%2Fzone-a`)
      .set('X-Session-ID', tokens.reader)
      .expect(400);
    expect(zone.body.error).toMatch(/^"\.\.\/zone-a" is not a zone name/);
    const none = await t.http().get(`/buffers/${cs}/filename`).set('X-Session-ID', tokens.reader).expect(400);
    expect(none.body.error).toMatch(/^zones is required/);
    expect([snapshot(main), snapshot(extra)]).toEqual(before);
  });

  it('answers the on-disk path to a caller in its file zone', async () => {
    const cs = sha256(inExtra);
    const res = await t
      .http()
      .get(`/buffers/${cs}/filename?zones=laptop,zone-a`)
      .set('X-Session-ID', tokens.reader)
      .expect(200);
    expect(res.body).toEqual({ checksum: cs, filename: join(extra, cs), zone: 'zone-a' });
    const repeated = await t
      .http()
      .get(`/buffers/${cs}/filename?zones=laptop&zones=zone-a`)
      .set('X-Session-ID', tokens.reader);
    expect(repeated.status).toBe(200);
    const other = await t
      .http()
      .get(`/buffers/${cs}/filename?zones=laptop`)
      .set('X-Session-ID', tokens.reader)
      .expect(404);
    expect(other.body.error).toBe(
      'The buffer store is in file zone "zone-a", not in laptop: download the buffer instead.',
    );
  });

  it('deletes from the main directory only (admin), never from a read-only one', async () => {
    const data = Buffer.from('to be deleted');
    const cs = sha256(data);
    await put(data).expect(201);
    const extraBefore = snapshot(extra);
    expect(
      (await t.http().delete(`/buffers/${cs}`).set('X-Session-ID', tokens.admin).expect(200)).body,
    ).toEqual({
      checksum: cs,
      deleted: true,
    });
    await t.http().delete(`/buffers/${cs}`).set('X-Session-ID', tokens.admin).expect(404);
    const readOnly = await t
      .http()
      .delete(`/buffers/${sha256(inExtra)}`)
      .set('X-Session-ID', tokens.admin)
      .expect(409);
    expect(readOnly.body.error).toBe(
      `Buffer ${sha256(inExtra)} is only in the read-only directory ${extra}, which Simvault never modifies.`,
    );
    // An upload of a buffer the read-only directory holds is verified and writes nothing.
    await put(inExtra).expect(200);
    await put(Buffer.from('forged'), sha256(inExtra)).expect(400);
    expect(snapshot(extra)).toEqual(extraBefore);
    expect(snapshot(main).some((line) => line.includes(sha256(inExtra)))).toBe(false);
  });

  /** A raw upload whose body the test sends piece by piece. */
  function upload(checksum: string, length: number) {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      path: `/buffers/${checksum}`,
      headers: {
        'X-Session-ID': tokens.writer,
        'Content-Type': 'application/octet-stream',
        'Content-Length': length,
      },
    });
    const response = new Promise<IncomingMessage>((ok, fail) => {
      req.on('response', ok);
      req.on('error', fail);
    });
    return { req, response };
  }

  const temporarySize = () => Math.max(0, ...temporaryFiles(main).map((line) => Number(line.split(' ')[1])));

  it('streams an upload to disk as it arrives, never holding the body whole', async () => {
    const half = randomBytes(4 * MiB);
    const data = Buffer.concat([half, half]);
    const { req, response } = upload(sha256(data), data.length);
    req.write(half);
    // The second half is sent only once the server has written most of the first to disk.
    await until(() => temporarySize() >= 2 * MiB, 'the first half on disk');
    req.end(half);
    expect((await response).statusCode).toBe(201);
    expect(statSync(join(main, sha256(data).slice(0, 2), sha256(data))).size).toBe(data.length);
    expect(temporaryFiles(main)).toEqual([]);
  });

  it('leaves no partial file when the client disconnects mid-upload', async () => {
    const data = randomBytes(4 * MiB);
    const cs = sha256(data);
    const { req, response } = upload(cs, data.length);
    response.catch(() => undefined);
    req.write(data.subarray(0, 2 * MiB));
    await until(() => temporarySize() > 0, 'the upload to start');
    req.destroy();
    await until(() => temporaryFiles(main).length === 0, 'the partial file to be removed');
    expect(snapshot(main).some((line) => line.includes(cs))).toBe(false);
    await t.http().get('/health/live').expect(200);
  });

  it('stores concurrent uploads of one buffer once', async () => {
    const data = randomBytes(MiB + 3);
    const statuses = (await Promise.all(Array.from({ length: 4 }, () => put(data))))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([200, 200, 200, 201]);
    expect(temporaryFiles(main)).toEqual([]);
  });

  it('streams a download from disk as the client reads it (bytes changed on disk meanwhile are read, and caught)', async () => {
    const data = randomBytes(16 * MiB);
    const cs = sha256(data);
    await put(data).expect(201);
    const res = await new Promise<IncomingMessage>((ok, fail) =>
      httpRequest(
        { host: '127.0.0.1', port, path: `/buffers/${cs}`, headers: { 'X-Session-ID': tokens.reader } },
        ok,
      )
        .on('error', fail)
        .end(),
    );
    res.pause();
    expect(res.headers['content-length']).toBe(String(data.length));
    // The response has begun. A server that had read the whole file before answering would now
    // send the original bytes; one that streams reads this changed tail later, and its
    // verification cuts the response short.
    const file = await open(join(main, cs.slice(0, 2), cs), 'r+');
    await file.write(Buffer.from([data[data.length - 1] ^ 0xff]), 0, 1, data.length - 1);
    await file.close();
    let received = 0;
    await new Promise<void>((ok) => {
      res.on('data', (chunk: Buffer) => (received += chunk.length));
      res.on('error', () => ok());
      res.on('aborted', () => ok());
      res.on('end', () => ok());
      res.resume();
    });
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(data.length);
  });

  it('cuts a download of a corrupt buffer short, then forgets the buffer', async () => {
    const data = randomBytes(2 * MiB);
    const cs = sha256(data);
    await put(data).expect(201);
    const rotten = Buffer.from(data);
    rotten[100] ^= 1;
    writeFileSync(join(main, cs.slice(0, 2), cs), rotten);
    const received = await new Promise<number>((ok) => {
      httpRequest(
        { host: '127.0.0.1', port, path: `/buffers/${cs}`, headers: { 'X-Session-ID': tokens.reader } },
        (res) => {
          let n = 0;
          res.on('data', (chunk: Buffer) => (n += chunk.length));
          res.on('error', () => ok(n));
          res.on('end', () => ok(n));
        },
      )
        .on('error', () => undefined)
        .end();
    });
    expect(received).toBeLessThan(data.length);
    await until(
      () => !snapshot(main).some((line) => line.startsWith(`${cs.slice(0, 2)}/${cs} `)),
      'the corrupt file to go',
    );
    await put(data).expect(201);
  });
});

describe.each(TEST_BACKENDS)('the /buffers size limit (SIMVAULT_BUFFER_MAX_BYTES) on %s', (backend) => {
  let t: TestBuffersApp;
  let port: number;
  let writer: string;
  beforeAll(async () => {
    t = await startBuffersApp(backend, { SIMVAULT_BUFFER_MAX_BYTES: '2048' });
    await new Promise<void>((ok) => t.app.getHttpServer().listen(0, '127.0.0.1', ok));
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    writer = await t.token({ privileges: ['write'] });
  });
  afterAll(() => t.close());

  /** A PUT whose body is sent in pieces without a Content-Length (chunked), as a stream arrives. */
  const putChunked = (cs: string, parts: Buffer[]) =>
    new Promise<{ status: number; body: string }>((ok, fail) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: `/buffers/${cs}`,
          headers: { 'X-Session-ID': writer, 'Content-Type': 'application/octet-stream' },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => ok({ status: res.statusCode!, body }));
        },
      );
      req.on('error', fail);
      for (const part of parts) req.write(part);
      req.end();
    });

  it('answers 413 with a sentence, announced or streamed, and stores nothing', async () => {
    const big = randomBytes(2049);
    const cs = sha256(big);
    const before = snapshot(t.config.buffers.dir);
    const announced = await t
      .http()
      .put(`/buffers/${cs}`)
      .set('X-Session-ID', writer)
      .set('Content-Type', 'application/octet-stream')
      .send(big)
      .expect(413);
    const sentence =
      'The upload is more than the 2048 bytes this store accepts (SIMVAULT_BUFFER_MAX_BYTES); nothing was stored.';
    expect(announced.body).toEqual({ error: sentence, statusCode: 413 });
    const streamed = await putChunked(cs, [big.subarray(0, 1500), big.subarray(1500)]);
    expect([streamed.status, JSON.parse(streamed.body)]).toEqual([413, { error: sentence, statusCode: 413 }]);
    expect(snapshot(t.config.buffers.dir)).toEqual(before);
    const fits = randomBytes(2048);
    await t
      .http()
      .put(`/buffers/${sha256(fits)}`)
      .set('X-Session-ID', writer)
      .set('Content-Type', 'application/octet-stream')
      .send(fits)
      .expect(201);
  });
});
