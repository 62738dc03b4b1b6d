import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

// The built executable, as a launcher starts it (run `npx tsc -b apps/cli` first).
const HASHSERVER = resolve(__dirname, '../dist/hashserver.js');
const MiB = 1024 * 1024;

const sha3 = (b: Buffer) => createHash('sha3-256').update(b).digest('hex');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exit: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the executable; resolves once it reports where it listens, rejects if it exits first. */
function spawnHashserver(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [HASHSERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, output: () => output, exit };
}

async function startHashserver(args: string[]): Promise<Running> {
  const started = spawnHashserver(args);
  const port = await new Promise<number>((ok, fail) => {
    const look = () => {
      const match = / on http:\/\/[^\s]+:(\d+)\n/.exec(started.output());
      if (match) ok(Number(match[1]));
    };
    started.child.stdout!.on('data', look);
    void started.exit.then((code) => fail(new Error(`hashserver exited with ${code}:\n${started.output()}`)));
  });
  return { ...started, port };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** One request with Node's http (fetch cannot send a body with GET, which the protocol needs). */
function call(port: number, method: string, path: string, body?: Buffer | string): Promise<Answer> {
  return new Promise((ok, fail) => {
    // Node sends a GET body only with a length, as Python's requests does.
    const headers = body === undefined ? {} : { 'Content-Length': Buffer.byteLength(body) };
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => {
        const data = Buffer.concat(parts);
        ok({ status: res.statusCode!, headers: res.headers, body: data, text: data.toString('utf8') });
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** Every entry under `dir` with its size and inode: what any write would change. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const s = statSync(join(d, name));
      out.push(
        `${relative(dir, join(d, name))} ${s.isDirectory() ? 'dir' : `${s.size} ${s.ino} ${s.mtimeMs}`}`,
      );
      if (s.isDirectory()) walk(join(d, name));
    }
  };
  walk(dir);
  return out;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('hashserver (the built executable)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'simvault-hashserver-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("serves the buffer server's routes: PUT 200 then 201, GET, HEAD, /has, /buffer-length, /healthcheck", async () => {
    const dir = join(root, 'buffers');
    const server = await startHashserver([dir, '--writable', '--port-range', '40000', '40999']);
    expect(server.port).toBeGreaterThanOrEqual(40000);
    expect(server.port).toBeLessThanOrEqual(40999);
    const data = randomBytes(70_000);
    const cs = sha3(data);
    expect(await call(server.port, 'PUT', `/${cs}`, data)).toMatchObject({ status: 200, text: 'OK' });
    expect(await call(server.port, 'PUT', `/${cs.toUpperCase()}`, data)).toMatchObject({
      status: 201,
      text: 'OK',
    });
    expect(readFileSync(join(dir, cs.slice(0, 2), cs)).equals(data)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['.HASHSERVER_PREFIX', cs.slice(0, 2)]);

    const got = await call(server.port, 'GET', `/${cs}`);
    expect(got.status).toBe(200);
    expect(got.body.equals(data)).toBe(true);
    expect(got.headers['content-length']).toBe(String(data.length));
    const head = await call(server.port, 'HEAD', `/${cs}`);
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([
      200,
      String(data.length),
      0,
    ]);

    const missing = sha3(Buffer.from('missing'));
    expect(await call(server.port, 'GET', `/${missing}`)).toMatchObject({ status: 404, text: 'Not found' });
    const has = await call(server.port, 'GET', '/has', JSON.stringify([cs, missing]));
    expect([has.status, JSON.parse(has.text)]).toEqual([200, [true, false]]);
    const lengths = await call(server.port, 'GET', '/buffer-length', JSON.stringify([cs, missing]));
    expect([lengths.status, JSON.parse(lengths.text)]).toEqual([200, [data.length, 0]]);
    expect(await call(server.port, 'GET', '/healthcheck')).toMatchObject({ status: 200, text: 'OK' });

    const wrong = await call(server.port, 'PUT', `/${missing}`, data);
    expect(wrong).toMatchObject({ status: 400, text: 'Incorrect checksum' });
    expect(readdirSync(dir).sort()).toEqual(['.HASHSERVER_PREFIX', cs.slice(0, 2)]);
  });

  it('refuses malformed checksums and path traversal with a 4xx, reading and writing nothing', async () => {
    const dir = join(root, 'buffers');
    mkdirSync(dir);
    writeFileSync(join(root, 'secret'), 'outside the store');
    const server = await startHashserver([dir, '--writable', '--port-range', '40000', '40999']);
    const before = snapshot(root);
    const short = await call(server.port, 'GET', '/abc');
    expect(short.status).toBe(400);
    expect(JSON.parse(short.text)).toEqual({
      message: 'Invalid data',
      exception: {
        type: 'value_error',
        loc: ['path', 'checksum'],
        msg: 'Value error, Wrong length',
        input: 'abc',
      },
    });
    for (const path of ['/../secret', '/..%2Fsecret', `/..%2F..%2F${'a'.repeat(58)}`, '/%2e%2e/secret']) {
      for (const method of ['GET', 'PUT']) {
        const res = await call(server.port, method, path, 'x');
        expect([400, 404]).toContain(res.status);
        expect(res.text).not.toContain('outside the store');
      }
    }
    const bad = await call(server.port, 'GET', '/has', JSON.stringify(['a'.repeat(64), '../secret']));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).exception.loc).toEqual(['body', 1]);
    expect((await call(server.port, 'GET', '/buffer-length', '{"not": "a list"}')).status).toBe(400);
    expect((await call(server.port, 'GET', '/has', 'not json')).status).toBe(400);
    expect((await call(server.port, 'DELETE', `/${'a'.repeat(64)}`)).status).toBe(405);
    expect(snapshot(root)).toEqual(before);
  });

  it("answers 400 with the reference's corruption message for a buffer that no longer matches, keeps the file, and takes a new upload", async () => {
    const server = await startHashserver([root, '--writable', '--port-range', '40000', '40999']);
    const data = randomBytes(3 * MiB);
    const cs = sha3(data);
    expect((await call(server.port, 'PUT', `/${cs}`, data)).status).toBe(200);
    const path = join(root, cs.slice(0, 2), cs);
    const rotten = Buffer.from(data);
    rotten[rotten.length - 1] ^= 1;
    writeFileSync(path, rotten);
    const answer = await call(server.port, 'GET', `/${cs}`);
    expect([answer.status, answer.headers['content-type'], answer.text]).toEqual([
      400,
      'application/json',
      JSON.stringify({
        message: `File corruption: file at path ${path} does not have the correct SHA3-256 checksum.`,
      }),
    ]);
    expect(server.output()).toContain(`the stored buffer ${path} is corrupt`);
    // Kept, as the reference keeps it (another program may be writing it); an upload replaces it.
    // (Buffer.equals: Jest's deep equality takes seconds over 3 MiB.)
    expect(readFileSync(path).equals(rotten)).toBe(true);
    expect((await call(server.port, 'PUT', `/${cs}`, data)).status).toBe(200);
    expect((await call(server.port, 'GET', `/${cs}`)).body.equals(data)).toBe(true);
    expect((await call(server.port, 'PUT', `/${cs}`, data)).status).toBe(201);
  });

  it('uses the flat layout and SHA-256 when told to', async () => {
    const server = await startHashserver([
      root,
      '--writable',
      '--layout',
      'flat',
      '--hash',
      'sha-256',
      '--port-range',
      '40000',
      '40999',
    ]);
    const data = Buffer.from('flat');
    expect((await call(server.port, 'PUT', `/${sha3(data)}`, data)).status).toBe(400);
    expect((await call(server.port, 'PUT', `/${sha256(data)}`, data)).status).toBe(200);
    expect(readdirSync(root)).toEqual([sha256(data)]);
  });

  it('is read-only without --writable: PUT is 405 and the directory is never written', async () => {
    const data = Buffer.from('served read-only');
    mkdirSync(join(root, sha3(data).slice(0, 2)));
    writeFileSync(join(root, sha3(data).slice(0, 2), sha3(data)), data);
    const before = snapshot(root);
    const server = await startHashserver([root, '--port-range', '40000', '40999']);
    expect((await call(server.port, 'GET', `/${sha3(data)}`)).body.equals(data)).toBe(true);
    const put = await call(server.port, 'PUT', `/${sha3(Buffer.from('new'))}`, 'new');
    expect(put.status).toBe(405);
    expect(put.text).toMatch(/read-only/);
    expect(snapshot(root)).toEqual(before);

    const missing = spawnHashserver([join(root, 'nowhere'), '--port-range', '40000', '40999']);
    expect(await missing.exit).toBe(1);
    expect(missing.output()).toContain(`The buffer directory ${join(root, 'nowhere')} does not exist.`);
  });

  it('searches --extra-dirs after the main directory, in their own layouts, and never writes to them', async () => {
    const main = join(root, 'main');
    const flat = join(root, 'flat');
    const prefixed = join(root, 'prefixed');
    const inFlat = Buffer.from('in the flat extra directory');
    const inPrefixed = Buffer.from('in the prefixed extra directory');
    mkdirSync(flat);
    writeFileSync(join(flat, sha3(inFlat)), inFlat);
    mkdirSync(join(prefixed, sha3(inPrefixed).slice(0, 2)), { recursive: true });
    writeFileSync(join(prefixed, '.HASHSERVER_PREFIX'), '1\n');
    writeFileSync(join(prefixed, sha3(inPrefixed).slice(0, 2), sha3(inPrefixed)), inPrefixed);
    const extras = [snapshot(flat), snapshot(prefixed)];
    const server = await startHashserver([
      main,
      '--writable',
      '--extra-dirs',
      `${flat};${prefixed}`,
      '--port-range',
      '40000',
      '40999',
    ]);
    expect((await call(server.port, 'GET', `/${sha3(inFlat)}`)).body.equals(inFlat)).toBe(true);
    expect((await call(server.port, 'GET', `/${sha3(inPrefixed)}`)).body.equals(inPrefixed)).toBe(true);
    const lengths = await call(
      server.port,
      'GET',
      '/buffer-length',
      JSON.stringify([sha3(inFlat), sha3(inPrefixed)]),
    );
    expect(JSON.parse(lengths.text)).toEqual([inFlat.length, inPrefixed.length]);
    // Already held (read-only): 201, nothing written anywhere.
    expect((await call(server.port, 'PUT', `/${sha3(inFlat)}`, inFlat)).status).toBe(201);
    expect(readdirSync(main)).toEqual(['.HASHSERVER_PREFIX']);
    expect([snapshot(flat), snapshot(prefixed)]).toEqual(extras);
  });

  describe('uploads', () => {
    let server: Running;
    const temporaryFiles = () => snapshot(root).filter((line) => /\.tmp /.test(line));
    const temporarySize = () => Math.max(0, ...temporaryFiles().map((line) => Number(line.split(' ')[1])));
    const upload = (cs: string, length: number) => {
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        method: 'PUT',
        path: `/${cs}`,
        headers: { 'Content-Length': length },
      });
      const status = new Promise<number>((ok, fail) => {
        req.on('response', (res) => {
          res.resume();
          ok(res.statusCode!);
        });
        req.on('error', fail);
      });
      return { req, status };
    };
    beforeEach(async () => {
      server = await startHashserver([root, '--writable', '--port-range', '40000', '40999']);
    });

    it('are written to disk as they arrive, never held whole in memory', async () => {
      const half = randomBytes(4 * MiB);
      const data = Buffer.concat([half, half]);
      const { req, status } = upload(sha3(data), data.length);
      req.write(half);
      // The second half is sent only once the server has written most of the first to disk.
      await until(() => temporarySize() >= 2 * MiB, 'the first half on disk');
      req.end(half);
      expect(await status).toBe(200);
      expect(temporaryFiles()).toEqual([]);
    });

    it('leave no partial file when the client disconnects mid-upload', async () => {
      const data = randomBytes(4 * MiB);
      const { req, status } = upload(sha3(data), data.length);
      status.catch(() => undefined);
      req.write(data.subarray(0, 2 * MiB));
      await until(() => temporarySize() > 0, 'the upload to start');
      req.destroy();
      await until(() => temporaryFiles().length === 0, 'the partial file to be removed');
      expect(snapshot(root).some((line) => line.includes(sha3(data)))).toBe(false);
      expect((await call(server.port, 'GET', '/healthcheck')).text).toBe('OK');
    });

    it('of one buffer at once store it once: one 200, the others 201', async () => {
      const data = randomBytes(MiB);
      const statuses = await Promise.all(
        Array.from({ length: 4 }, () => call(server.port, 'PUT', `/${sha3(data)}`, data)),
      );
      expect(statuses.map((s) => s.status).sort()).toEqual([200, 201, 201, 201]);
      expect(temporaryFiles()).toEqual([]);
    });
  });

  describe('the launcher handshake', () => {
    it('waits for the status file, then rewrites it with every field kept plus "running" and the port', async () => {
      const statusFile = join(root, 'status.json');
      const started = spawnHashserver([
        root,
        '--writable',
        '--status-file',
        statusFile,
        '--port-range',
        '40000',
        '40999',
      ]);
      await new Promise((ok) => setTimeout(ok, 300));
      expect(started.child.exitCode).toBeNull();
      writeFileSync(statusFile, '{"pid": 1234, "workdir": "/w", "status": "starting", "since": 1.0}');
      await until(
        () => readFileSync(statusFile, 'utf8').includes('running'),
        'the status file to say running',
      );
      const text = readFileSync(statusFile, 'utf8');
      const status = JSON.parse(text);
      expect(status).toMatchObject({ pid: 1234, workdir: '/w', status: 'running' });
      expect(status.port).toBeGreaterThanOrEqual(40000);
      expect(status.port).toBeLessThanOrEqual(40999);
      expect(text).toContain('"since": 1.0');
      expect((await call(status.port, 'GET', '/healthcheck')).text).toBe('OK');
    });

    it.each([
      [['--port-range', '5000', '4000'], '--port-range START must be less than or equal to END'],
      [['--port', '4000', '--port-range', '4000', '4001'], '--port and --port-range are mutually exclusive'],
      [['--timeout', '0'], '--timeout must be a positive number'],
      [['--layout', 'vault'], '--layout must be prefix or flat'],
      [['--hash', 'md5'], '--hash must be sha-256 or sha3-256'],
    ])('reports "failed" in the status file and exits 1 on %j', async (args, message) => {
      const statusFile = join(root, 'status.json');
      writeFileSync(statusFile, '{"pid": 7}');
      const started = spawnHashserver([root, '--writable', '--status-file', statusFile, ...args]);
      expect(await started.exit).toBe(1);
      expect(started.output()).toContain(message);
      expect(JSON.parse(readFileSync(statusFile, 'utf8'))).toEqual({ pid: 7, status: 'failed' });
    });

    it('reports "failed" when no port of the range is free', async () => {
      const taken: Server = await new Promise((ok) => {
        const s = createServer().listen(0, '127.0.0.1', () => ok(s));
      });
      const port = (taken.address() as { port: number }).port;
      try {
        const statusFile = join(root, 'status.json');
        writeFileSync(statusFile, '{}');
        const started = spawnHashserver([
          root,
          '--status-file',
          statusFile,
          '--port-range',
          String(port),
          String(port),
        ]);
        expect(await started.exit).toBe(1);
        expect(started.output()).toContain(`No free port available in range ${port}-${port}`);
        expect(JSON.parse(readFileSync(statusFile, 'utf8'))).toEqual({ status: 'failed' });
      } finally {
        taken.close();
      }
    });

    it('exits cleanly after --timeout seconds without a request', async () => {
      const server = await startHashserver([root, '--timeout', '0.5', '--port-range', '40000', '40999']);
      expect((await call(server.port, 'GET', '/healthcheck')).status).toBe(200);
      expect(await server.exit).toBe(0);
      expect(server.output()).toContain('no request for 0.5 s');
    });

    it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('exits cleanly on %s', async (signal) => {
      const server = await startHashserver([root, '--port-range', '40000', '40999']);
      server.child.kill(signal);
      expect(await server.exit).toBe(0);
      expect(server.output()).toContain(`${signal}, exiting`);
    });

    it('refuses a usage error with exit code 2', async () => {
      const started = spawnHashserver(['--no-such-option']);
      expect(await started.exit).toBe(2);
      expect(started.output()).toMatch(/unknown option '--no-such-option'/);
    });
  });

  describe("the reference's own scenarios (sjdv1982/hashserver tests/)", () => {
    const HELLO = Buffer.from('Hello world!\n');
    const HELLO_CS = sha3(HELLO);
    const OTHER_CS = `${HELLO_CS.slice(0, 63)}${HELLO_CS[63] === '0' ? '1' : '0'}`;
    const SHORT = HELLO_CS.slice(0, 50);
    const NON_HEX = `xx${HELLO_CS.slice(2)}`;
    /** The reference's validation answer, for one bad checksum at `loc`. */
    const invalid = (loc: (string | number)[], msg: string, input: string) => ({
      message: 'Invalid data',
      exception: { type: 'value_error', loc, msg, input },
    });
    let bufferdir: string;
    beforeEach(() => {
      bufferdir = join(root, 'bufferdir');
      mkdirSync(bufferdir);
      writeFileSync(join(bufferdir, HELLO_CS), HELLO);
    });
    /** The reference's test servers: its bufferdir read-only, or an empty writedir, flat. */
    const startBufferDir = () =>
      startHashserver([bufferdir, '--layout', 'flat', '--port-range', '40000', '40999']);
    const startWriteDir = () => {
      const write = join(root, 'writedir');
      mkdirSync(write);
      return startHashserver([write, '--writable', '--layout', 'flat', '--port-range', '40000', '40999']);
    };

    it('basic: 404 "Not found", the bytes, and pydantic-style messages for malformed checksums', async () => {
      const server = await startBufferDir();
      expect(await call(server.port, 'GET', `/${OTHER_CS}`)).toMatchObject({
        status: 404,
        text: 'Not found',
      });
      expect(await call(server.port, 'GET', `/${HELLO_CS}`)).toMatchObject({
        status: 200,
        text: 'Hello world!\n',
      });
      const short = await call(server.port, 'GET', `/${SHORT}`);
      expect([short.status, JSON.parse(short.text)]).toEqual([
        400,
        invalid(['path', 'checksum'], 'Value error, Wrong length', SHORT),
      ]);
      const nonHex = await call(server.port, 'GET', `/${NON_HEX}`);
      expect([nonHex.status, JSON.parse(nonHex.text)]).toEqual([
        400,
        invalid(
          ['path', 'checksum'],
          'Value error, non-hexadecimal number found in fromhex() arg at position 0',
          NON_HEX,
        ),
      ]);
      // As Python's bytes.fromhex reads them: odd length first, then the position of the bad digit.
      for (const [bad, msg] of [
        [`${HELLO_CS.slice(0, 63)}`, 'Value error, Wrong length'],
        [
          `${HELLO_CS.slice(0, 61)}g${HELLO_CS.slice(62)}`,
          'Value error, non-hexadecimal number found in fromhex() arg at position 61',
        ],
        [`${HELLO_CS}00`, 'Value error, Wrong length'],
      ]) {
        const res = await call(server.port, 'GET', `/${bad}`);
        expect([res.status, JSON.parse(res.text)]).toEqual([400, invalid(['path', 'checksum'], msg, bad)]);
      }
      // Hex with whitespace between byte pairs is a checksum to Python (of an even length), and so here.
      const spaced = `${HELLO_CS.slice(0, 2)}%20%0A${HELLO_CS.slice(2).toUpperCase()}`;
      expect(await call(server.port, 'GET', `/${spaced}`)).toMatchObject({
        status: 200,
        text: 'Hello world!\n',
      });
      const odd = `${HELLO_CS.slice(0, 2)}%20${HELLO_CS.slice(2)}`;
      expect(JSON.parse((await call(server.port, 'GET', `/${odd}`)).text).exception.msg).toBe(
        'Value error, Wrong length',
      );
    });

    it('has_buffers: booleans in order, and the position of a malformed checksum in the body', async () => {
      const server = await startBufferDir();
      const has = async (list: unknown) => {
        const res = await call(server.port, 'GET', '/has', JSON.stringify(list));
        return [res.status, JSON.parse(res.text)];
      };
      expect(await has([HELLO_CS])).toEqual([200, [true]]);
      expect(await has([HELLO_CS, OTHER_CS])).toEqual([200, [true, false]]);
      expect(await has([HELLO_CS, OTHER_CS, SHORT])).toEqual([
        400,
        invalid(['body', 2], 'Value error, Wrong length', SHORT),
      ]);
      expect(await has([HELLO_CS, OTHER_CS, NON_HEX])).toEqual([
        400,
        invalid(
          ['body', 2],
          'Value error, non-hexadecimal number found in fromhex() arg at position 0',
          NON_HEX,
        ),
      ]);
      expect(await has({ a: 1 })).toEqual([
        400,
        {
          message: 'Invalid data',
          exception: {
            type: 'list_type',
            loc: ['body'],
            msg: 'Input should be a valid list',
            input: { a: 1 },
          },
        },
      ]);
    });

    it('put_read: PUT answers 200 "OK", then GET the bytes', async () => {
      const server = await startWriteDir();
      const buffer = Buffer.from('This is a buffer\nthat is used\nfor testing purposes');
      expect(await call(server.port, 'PUT', `/${sha3(buffer)}`, buffer)).toMatchObject({
        status: 200,
        text: 'OK',
      });
      expect((await call(server.port, 'GET', `/${sha3(buffer)}`)).body).toEqual(buffer);
    });

    it('promises: PUT /promise/<cs> is 202, /has reports it, and a GET waits for the upload', async () => {
      const server = await startWriteDir();
      const buffer = Buffer.from('promise-buffer');
      const cs = sha3(buffer);
      const promised = await call(server.port, 'PUT', `/promise/${cs}`);
      expect([promised.status, promised.headers['content-type'], promised.text]).toEqual([
        202,
        'application/json',
        `{"checksum":"${cs}","expires_in":600.0}`,
      ]);
      const has = await call(server.port, 'GET', '/has', JSON.stringify([cs, OTHER_CS]));
      expect(JSON.parse(has.text)).toEqual([true, false]);
      const waiting = call(server.port, 'GET', `/${cs}`);
      await new Promise((ok) => setTimeout(ok, 300));
      expect(await call(server.port, 'PUT', `/${cs}`, buffer)).toMatchObject({ status: 200, text: 'OK' });
      expect(await waiting).toMatchObject({ status: 200, body: buffer });
      // An unpromised, absent buffer is 404 at once; a malformed promise is refused like a GET.
      expect(await call(server.port, 'GET', `/${OTHER_CS}`)).toMatchObject({ status: 404 });
      const bad = await call(server.port, 'PUT', `/promise/${SHORT}`);
      expect([bad.status, JSON.parse(bad.text)]).toEqual([
        400,
        invalid(['path', 'checksum'], 'Value error, Wrong length', SHORT),
      ]);
    });

    it('a GET or /has of a buffer being uploaded answers once the upload is done', async () => {
      const server = await startWriteDir();
      const buffer = randomBytes(200_000);
      const cs = sha3(buffer);
      const upload = new Promise<number>((ok, fail) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            method: 'PUT',
            path: `/${cs}`,
            headers: { 'Content-Length': buffer.length },
          },
          (res) => {
            res.resume();
            res.on('end', () => ok(res.statusCode!));
          },
        );
        req.on('error', fail);
        req.write(buffer.subarray(0, 1000));
        setTimeout(() => req.end(buffer.subarray(1000)), 400);
      });
      await new Promise((ok) => setTimeout(ok, 150));
      const [got, has] = await Promise.all([
        call(server.port, 'GET', `/${cs}`),
        call(server.port, 'GET', '/has', JSON.stringify([cs])),
      ]);
      expect(await upload).toBe(200);
      expect([got.status, got.body.equals(buffer)]).toEqual([200, true]);
      expect(JSON.parse(has.text)).toEqual([true]);
    });

    it('promises need --writable', async () => {
      const server = await startBufferDir();
      expect((await call(server.port, 'PUT', `/promise/${OTHER_CS}`)).status).toBe(405);
      expect(JSON.parse((await call(server.port, 'GET', '/has', JSON.stringify([OTHER_CS]))).text)).toEqual([
        false,
      ]);
    });

    // The reference's lock tests, with --lock-timeout 2 instead of 5 (and its timings scaled).
    const LOCK_TIMEOUT = 2;
    const lorem = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4)}`.slice(0, 210);
    it.each([
      ['lock', (cs: string) => join(bufferdir, `${cs}.LOCK`)],
      ['global_lock', () => join(bufferdir, '.LOCK')],
    ])(
      '%s: a GET waits while the lock is fresh, then answers from what is there',
      async (_name, lockOf) => {
        const cs = sha3(Buffer.from(lorem));
        const file = join(bufferdir, cs);
        const lock = lockOf(cs);
        const server = await startHashserver([
          bufferdir,
          '--lock-timeout',
          String(LOCK_TIMEOUT),
          '--layout',
          'flat',
          '--port-range',
          '40000',
          '40999',
        ]);
        const timed = async () => {
          const start = Date.now();
          const res = await call(server.port, 'GET', `/${cs}`);
          return { ...res, seconds: (Date.now() - start) / 1000 };
        };
        let res = await timed();
        expect([res.status, res.text, res.seconds < LOCK_TIMEOUT]).toEqual([404, 'Not found', true]);

        writeFileSync(lock, '');
        res = await timed();
        expect([res.status, res.text, res.seconds > LOCK_TIMEOUT]).toEqual([404, 'Not found', true]);

        // The lock is stale by now: a partial file is corrupt.
        writeFileSync(file, lorem.slice(0, 10));
        res = await timed();
        expect([res.status, JSON.parse(res.text)]).toEqual([
          400,
          { message: `File corruption: file at path ${file} does not have the correct SHA3-256 checksum.` },
        ]);

        // A writer holds a fresh lock and finishes the file (50 characters every 0.5 s).
        writeFileSync(lock, '');
        const writing = (async () => {
          const handle = await open(file, 'a');
          for (let rest = lorem.slice(10); rest; rest = rest.slice(50)) {
            await handle.write(rest.slice(0, 50));
            await new Promise((ok) => setTimeout(ok, 500));
          }
          await handle.close();
        })();
        await new Promise((ok) => setTimeout(ok, 500));
        res = await timed();
        expect([res.status, res.text, res.seconds > LOCK_TIMEOUT - 1]).toEqual([200, lorem, true]);
        await writing;
      },
      20_000,
    );

    it('port_range: the port is read from the "Uvicorn running on" line', async () => {
      const started = spawnHashserver([bufferdir, '--layout', 'flat', '--port-range', '40000', '40999']);
      await until(() => /Uvicorn running on http:\/\/[^:]+:(\d+)/.test(started.output()), 'the Uvicorn line');
      const port = Number(/Uvicorn running on http:\/\/[^:]+:(\d+)/.exec(started.output())![1]);
      expect(port).toBeGreaterThanOrEqual(40000);
      expect(port).toBeLessThanOrEqual(40999);
      expect(started.output()).toContain(
        `INFO:     Uvicorn running on http://127.0.0.1:${port} (Press CTRL+C to quit)\n`,
      );
      expect(await call(port, 'GET', '/healthcheck')).toMatchObject({ status: 200, text: 'OK' });
    });

    it.each([
      ['not JSON', '{"pid": ', /Status file '.*' is not valid JSON/],
      ['a list', '[1, 2]', /Status file '.*' must contain a JSON object/],
      ['a string', '"starting"', /Status file '.*' must contain a JSON object/],
    ])('status file: exits 1 at once when it holds %s', async (_what, text, message) => {
      const statusFile = join(root, 'status.json');
      writeFileSync(statusFile, text);
      const start = Date.now();
      const started = spawnHashserver([
        bufferdir,
        '--status-file',
        statusFile,
        '--port-range',
        '40000',
        '40999',
      ]);
      expect(await started.exit).toBe(1);
      // Well before the 20 s a missing file is waited for.
      expect(Date.now() - start).toBeLessThan(15_000);
      expect(started.output()).toMatch(message);
      expect(readFileSync(statusFile, 'utf8')).toBe(text);
    });

    it('refuses a --lock-timeout that is not positive', async () => {
      const started = spawnHashserver([bufferdir, '--lock-timeout', '0', '--port-range', '40000', '40999']);
      expect(await started.exit).toBe(1);
      expect(started.output()).toContain('Lock timeout must be positive');
    });
  });
});
