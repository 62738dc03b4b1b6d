import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '@simvault/db';
import { CHECKSUM_ENTITIES, CHECKSUM_MIGRATIONS, CHECKSUM_MIGRATIONS_TABLE } from '@simvault/entities';

// The built executable, spawned as a launcher would (build first: npx tsc -b apps/cli).
const EXECUTABLE = resolve(__dirname, '../dist/seamless-database.js');
const cs = (digit: string) => digit.repeat(64);

interface Server {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function start(args: string[]): Server {
  if (!existsSync(EXECUTABLE)) throw new Error(`${EXECUTABLE} is missing: run npx tsc -b apps/cli first`);
  const child = spawn(process.execPath, [EXECUTABLE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, output: () => output, exit };
}

/** Resolves once the server answers its healthcheck (or rejects when it exits first). */
async function listening(server: Server, port: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let exited = false;
  void server.exit.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`exited before listening:\n${server.output()}`);
    try {
      if ((await wire(port, 'GET', undefined, '/healthcheck')).body === 'OK') return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`not listening after 20 s:\n${server.output()}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

async function stopped(server: Server, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  server.child.kill(signal);
  return server.exit;
}

function wire(
  port: number,
  method: string,
  body?: object,
  path = '/',
): Promise<{ status: number; body: string }> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((ok, fail) => {
    const headers = text === undefined ? {} : { 'Content-Length': Buffer.byteLength(text) };
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let data = '';
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => ok({ status: res.statusCode!, body: data }));
    });
    req.on('error', fail);
    req.end(text);
  });
}

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

function readStatus(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8'));
}

async function waitForStatus(file: string, status: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const fields = readStatus(file);
      if (fields.status === status) return fields;
    } catch {
      /* not written yet */
    }
    if (Date.now() > deadline) throw new Error(`${file} never said ${status}: ${readFileSync(file, 'utf8')}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

describe('the seamless-database executable', () => {
  let dir: string;
  const running: Server[] = [];
  const launch = (args: string[]) => {
    const server = start(args);
    running.push(server);
    return server;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seamless-database-'));
  });
  afterEach(() => {
    for (const server of running.splice(0)) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('--writable creates the file and its tables, serves the protocol, and stops cleanly on SIGTERM', async () => {
    const file = join(dir, 'sub', 'seamless.db');
    const port = await freePort();
    const server = launch([file, '--writable', '--port', String(port), '--host', '127.0.0.1']);
    await listening(server, port);
    expect(await wire(port, 'GET', { type: 'protocol' })).toEqual({
      status: 200,
      body: '["seamless", "database", "2.2"]',
    });
    expect(await wire(port, 'PUT', { type: 'transformation', checksum: cs('1'), value: cs('2') })).toEqual({
      status: 200,
      body: 'OK',
    });
    expect(await wire(port, 'GET', { type: 'transformation', checksum: cs('1') })).toEqual({
      status: 200,
      body: cs('2'),
    });
    expect(await wire(port, 'GET', { type: 'transformation', checksum: 'x' })).toEqual({
      status: 400,
      body: 'ERROR: Malformed request',
    });
    expect(await stopped(server)).toBe(0);
    expect(statSync(file).isFile()).toBe(true);
    expect(server.output()).toContain(`on http://127.0.0.1:${port}`);
  });

  it('without --writable serves an existing file read-only: GET works, every PUT is 405, the file is unchanged', async () => {
    const file = join(dir, 'seamless.db');
    const port = await freePort();
    const writer = launch([file, '--writable', '--port', String(port), '--host', '127.0.0.1']);
    await listening(writer, port);
    await wire(port, 'PUT', { type: 'transformation', checksum: cs('3'), value: cs('4') });
    expect(await stopped(writer, 'SIGINT')).toBe(0);
    const before = readFileSync(file);

    const reader = launch([file, '--port', String(port), '--host', '127.0.0.1']);
    await listening(reader, port);
    expect(await wire(port, 'GET', { type: 'transformation', checksum: cs('3') })).toEqual({
      status: 200,
      body: cs('4'),
    });
    for (const body of [
      { type: 'transformation', checksum: cs('5'), value: cs('6') },
      { type: 'nonsense' },
    ]) {
      expect(await wire(port, 'PUT', body)).toEqual({
        status: 405,
        body: 'ERROR: Database server is read-only',
      });
    }
    expect(await stopped(reader, 'SIGHUP')).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('serves read-only a file in another journal mode (as the reference writes it)', async () => {
    const file = join(dir, 'reference.db');
    const ds = await openDatabase({
      url: `sqlite:${file}`,
      entities: CHECKSUM_ENTITIES,
      migrations: CHECKSUM_MIGRATIONS,
      migrationsTableName: CHECKSUM_MIGRATIONS_TABLE,
      runMigrations: true,
    });
    await ds.query('INSERT INTO transformation (checksum, result) VALUES (?, ?)', [cs('7'), cs('8')]);
    await ds.query('PRAGMA journal_mode = DELETE');
    await ds.destroy();
    const port = await freePort();
    const server = launch([file, '--port', String(port), '--host', '127.0.0.1']);
    await listening(server, port);
    expect(await wire(port, 'GET', { type: 'transformation', checksum: cs('7') })).toEqual({
      status: 200,
      body: cs('8'),
    });
    expect(await stopped(server)).toBe(0);
  });

  it('refuses to start read-only on a missing file, and reports "failed" in the status file, keeping its fields', async () => {
    const statusFile = join(dir, 'status.json');
    writeFileSync(statusFile, '{"pid": 4242, "workdir": "/somewhere", "status": "starting"}');
    const server = launch([join(dir, 'missing.db'), '--status-file', statusFile]);
    expect(await server.exit).toBe(1);
    expect(server.output()).toContain("Database file '");
    expect(server.output()).toContain('must exist when --writable is not set');
    expect(readFileSync(statusFile, 'utf8')).toBe(
      '{"pid": 4242, "workdir": "/somewhere", "status": "failed"}\n',
    );
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
  });

  it.each([
    ['is not JSON', '{"pid": ', 'is not valid JSON: '],
    ['is empty', '', 'is not valid JSON: '],
    ['holds a list', '[{"pid": 1}]', 'must contain a JSON object'],
    ['holds a string', '"starting"', 'must contain a JSON object'],
  ])('exits 1 at once, leaving the file alone, when the status file %s', async (_what, text, message) => {
    const statusFile = join(dir, 'status.json');
    writeFileSync(statusFile, text);
    const started = Date.now();
    const server = launch([join(dir, 'records.db'), '--writable', '--status-file', statusFile]);
    expect(await server.exit).toBe(1);
    // Well before the 20 s a missing file is waited for (start-up itself takes a few seconds on a busy machine).
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(server.output()).toContain(`Status file '${statusFile}' ${message}`);
    expect(readFileSync(statusFile, 'utf8')).toBe(text);
    expect(existsSync(join(dir, 'records.db'))).toBe(false);
  });

  it('waits for a status file that does not exist yet', async () => {
    const statusFile = join(dir, 'status.json');
    const server = launch([join(dir, 'records.db'), '--writable', '--status-file', statusFile]);
    await new Promise((ok) => setTimeout(ok, 500));
    expect(server.child.exitCode).toBeNull();
    writeFileSync(statusFile, '{"pid": 5}');
    const status = await waitForStatus(statusFile, 'running');
    expect(status).toMatchObject({ pid: 5, status: 'running' });
    expect(await stopped(server)).toBe(0);
  });

  it('picks a free port in --port-range and reports it (with every field kept) in the status file', async () => {
    const statusFile = join(dir, 'status.json');
    const base = await freePort();
    const [first, last] = [Math.min(base, 65525), Math.min(base, 65525) + 10];
    const server = launch(
      [join(dir, 's.db'), '--writable', '--port-range', String(first), String(last)].concat([
        '--host',
        '127.0.0.1',
        '--status-file',
        statusFile,
      ]),
    );
    // The launcher creates the status file after starting the server: it is waited for.
    await new Promise((ok) => setTimeout(ok, 500));
    writeFileSync(statusFile, '{"pid": 99, "workdir": "/w", "status": "starting", "extra": {"a": [1, 2.0]}}');
    const status = await waitForStatus(statusFile, 'running');
    expect(status).toEqual({
      pid: 99,
      workdir: '/w',
      status: 'running',
      extra: { a: [1, 2] },
      port: status.port,
    });
    expect(readFileSync(statusFile, 'utf8')).toContain('"extra": {"a": [1, 2.0]}');
    expect(status.port).toBeGreaterThanOrEqual(first);
    expect(status.port).toBeLessThanOrEqual(last);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await listening(server, status.port as number);
    expect(await stopped(server)).toBe(0);
  });

  it.each([
    ['START > END', ['--port-range', '6000', '5999'], '--port-range START must be less than or equal to END'],
    [
      'a port over 65535',
      ['--port-range', '65000', '70000'],
      '--port-range values must be between 0 and 65535',
    ],
    ['a timeout of 0', ['--timeout', '0'], '--timeout must be a positive number'],
  ])('fails to start with %s, reporting "failed"', async (_what, args, message) => {
    const statusFile = join(dir, 'status.json');
    writeFileSync(statusFile, '{}');
    const server = launch([join(dir, 's.db'), '--writable', '--status-file', statusFile, ...args]);
    expect(await server.exit).toBe(1);
    expect(server.output()).toContain(message);
    expect(readStatus(statusFile)).toEqual({ status: 'failed' });
  });

  it('fails when every port of the range is taken', async () => {
    const port = await freePort();
    const holder = launch([join(dir, 'a.db'), '--writable', '--port', String(port), '--host', '127.0.0.1']);
    await listening(holder, port);
    const server = launch([
      join(dir, 'b.db'),
      '--writable',
      '--port-range',
      String(port),
      String(port),
      '--host',
      '127.0.0.1',
    ]);
    expect(await server.exit).toBe(1);
    expect(server.output()).toContain(`No free port available in range ${port}-${port}`);
  });

  it.each([
    [
      '--port with --port-range',
      ['--port', '1', '--port-range', '2', '3'],
      'not allowed with argument --port',
    ],
    ['no database file', [], 'the following arguments are required: database_file'],
    ['an unknown option', ['x.db', '--verbose'], 'unrecognized arguments: --verbose'],
    ['a port that is not a number', ['x.db', '--port', 'eighty'], "invalid int value: 'eighty'"],
  ])('answers a command line with %s by its usage (exit 2)', async (_what, args, message) => {
    const server = launch(args);
    expect(await server.exit).toBe(2);
    expect(server.output()).toContain('usage: seamless-database');
    expect(server.output()).toContain(message);
  });

  it('exits by itself (0) after --timeout seconds without a request', async () => {
    const port = await freePort();
    const server = launch([join(dir, 's.db'), '--writable', '--port', String(port), '--timeout', '0.5']);
    await listening(server, port);
    expect(await server.exit).toBe(0);
    expect(server.output()).toContain('no request for 0.5 s, stopping');
  });

  it('keeps every acknowledged PUT through kill -9', async () => {
    const file = join(dir, 'durable.db');
    const port = await freePort();
    const server = launch([file, '--writable', '--port', String(port), '--host', '127.0.0.1']);
    await listening(server, port);
    const checksums = Array.from({ length: 200 }, (_, i) => i.toString(16).padStart(64, '0'));
    const answers = await Promise.all(
      checksums.map((c) => wire(port, 'PUT', { type: 'transformation', checksum: c, value: cs('f') })),
    );
    expect(answers.every((a) => a.status === 200 && a.body === 'OK')).toBe(true);
    expect(await stopped(server, 'SIGKILL')).toBe(null);

    const reader = launch([file, '--port', String(port), '--host', '127.0.0.1']);
    await listening(reader, port);
    const found = await Promise.all(
      checksums.map((c) => wire(port, 'GET', { type: 'transformation', checksum: c })),
    );
    expect(found.filter((f) => f.body !== cs('f'))).toEqual([]);
    expect(await stopped(reader)).toBe(0);
  });
});
