import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_BACKENDS } from '@simvault/db/testing';
import {
  indexed,
  register,
  startFilesPlatform,
  writeRun,
  type FilesPlatform,
} from '../../files/test/platform';

// The built CLI, as an operator runs it (run `npx tsc -b apps/cli` first).
const CLI = resolve(__dirname, '../dist/main.js');

function simvault(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', SIMVAULT_LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((ok) => child.once('exit', (code) => ok({ code, output })));
}

/** One ustar member header, as a hostile server would write it. */
function member(name: string, body: string, type = '0', link = ''): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'latin1');
  header.write('0000644\0', 100, 'latin1');
  header.write('0000000\0', 108, 'latin1');
  header.write('0000000\0', 116, 'latin1');
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('00000000000\0', 136, 'latin1');
  header.write('        ', 148, 'latin1');
  header.write(type, 156, 'latin1');
  header.write(link, 157, 100, 'latin1');
  header.write('ustar\0', 257, 'latin1');
  header.write('00', 263, 'latin1');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const data = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  data.write(body, 'latin1');
  return Buffer.concat([header, data]);
}

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => ok(port));
    });
  });
}

const backend = TEST_BACKENDS.includes('sqlite') ? 'sqlite' : TEST_BACKENDS[0];

describe(`simvault files export (the built CLI, ${backend})`, () => {
  let p: FilesPlatform;
  let url: string;
  let work: string;
  let folderId: string;
  beforeAll(async () => {
    p = await startFilesPlatform(backend, { results: true });
    await p.files.listen(0, '127.0.0.1');
    url = await p.files.getUrl();
    work = mkdtempSync(join(tmpdir(), 'simvault-files-cli-'));
    const as = p.as('user');
    folderId = (await p.http().post('/files').set(as).send({ name: 'results', is_folder: true }).expect(201))
      .body.id;
    const inner = (
      await p
        .http()
        .post('/files')
        .set(as)
        .send({ name: 'plots', is_folder: true, parent_id: folderId })
        .expect(201)
    ).body.id;
    for (const [name, parent, body] of [
      ['table.csv', folderId, 'a,b\n'],
      ['fig.svg', inner, '<svg/>'],
    ]) {
      await p
        .http()
        .post(`/files/upload?name=${name}&parent_id=${parent}`)
        .set(as)
        .set('Content-Type', 'application/octet-stream')
        .send(body)
        .expect(201);
    }
    await p
      .http()
      .post('/files')
      .set(as)
      .send({ name: 'elsewhere', uri: 's3://b/k', parent_id: folderId })
      .expect(201);
  });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await p.close();
  });

  it('writes a folder into a directory and says what it wrote', async () => {
    const target = join(work, 'out');
    const { code, output } = await simvault(['files', 'export', folderId, target, '--url', url], {
      SIMVAULT_TOKEN: p.tokens.readonly,
    });
    expect(output).toContain(`Exported 2 files (0.0 MiB) and 2 folders to ${target}.`);
    expect(output).toContain('1 entry was left out: the server holds no bytes for it');
    expect(code).toBe(0);
    expect(readFileSync(join(target, 'results', 'table.csv'), 'utf8')).toBe('a,b\n');
    expect(readFileSync(join(target, 'results', 'plots', 'fig.svg'), 'utf8')).toBe('<svg/>');

    const again = await simvault([
      'files',
      'export',
      folderId,
      target,
      '--url',
      url,
      '--token',
      p.tokens.readonly,
    ]);
    expect(again.code).toBe(1);
    expect(again.output).toContain('table.csv exists; export with overwrite to replace it.');
    const forced = await simvault([
      'files',
      'export',
      folderId,
      target,
      '--url',
      url,
      '--token',
      p.tokens.readonly,
      '--force',
    ]);
    expect(forced.code).toBe(0);
  });

  it("writes a run's artifacts under its execution id", async () => {
    await writeRun(p, 'exec-cli', [
      { name: 'out/field.bin', data: Buffer.alloc(200_000, 7) },
      { name: '../../escape.txt', data: 'stays inside' },
    ]);
    await register(p, 'exec-cli');
    await indexed(p, 'exec-cli');
    const target = join(work, 'runs');
    const { code, output } = await simvault([
      'files',
      'export',
      'run:exec-cli',
      target,
      '--url',
      url,
      '--token',
      p.tokens.user,
    ]);
    expect(output).toContain(`Exported 2 files (0.2 MiB) and 1 folder to ${target}.`);
    expect(code).toBe(0);
    expect(readFileSync(join(target, 'exec-cli', 'out', 'field.bin')).length).toBe(200_000);
    expect(readFileSync(join(target, 'exec-cli', 'escape.txt'), 'utf8')).toBe('stays inside');
  });

  it('never writes through a link in the directory', async () => {
    const target = join(work, 'linked');
    const outside = join(work, 'outside');
    mkdirSync(target);
    mkdirSync(outside);
    symlinkSync(outside, join(target, 'results'));
    const { code, output } = await simvault([
      'files',
      'export',
      folderId,
      target,
      '--url',
      url,
      '--token',
      p.tokens.user,
    ]);
    expect(code).toBe(1);
    expect(output).toMatch(/Refused to write through .*results: it is a link/);
    expect(existsSync(join(outside, 'table.csv'))).toBe(false);
  });

  it('refuses what a hostile server sends: members outside the directory, links', async () => {
    for (const [archive, refusal] of [
      [member('../evil.txt', 'gotcha'), /Refused the member "\.\.\/evil\.txt": it would not land inside/],
      [member('/tmp/abs.txt', 'gotcha'), /Refused the member "\/tmp\/abs\.txt"/],
      [member('link', '', '2', '/etc/passwd'), /links and devices are never extracted/],
    ] as const) {
      const server: Server = createServer((_req, res) => {
        const body = Buffer.concat([archive, Buffer.alloc(1024)]);
        res.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': body.length });
        res.end(body);
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      try {
        const target = join(work, 'hostile', 'inner');
        const { code, output } = await simvault([
          'files',
          'export',
          'x',
          target,
          '--url',
          `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          '--token',
          't',
        ]);
        expect(code).toBe(1);
        expect(output).toMatch(refusal);
        expect(existsSync(join(work, 'hostile', 'evil.txt'))).toBe(false);
        expect(existsSync(join(work, 'evil.txt'))).toBe(false);
        expect(existsSync(join(target, 'link'))).toBe(false);
      } finally {
        await new Promise((ok) => server.close(ok));
      }
    }
  });

  it('is part of simvault up: a run registered with the results app is indexed by the files app', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'simvault-up-files-'));
    const ports: Record<string, string> = {};
    for (const name of ['AUTH', 'CACHE', 'CATALOG', 'RESULTS', 'FILES', 'SEAMLESS', 'CONSOLE'])
      ports[`SIMVAULT_${name}_PORT`] = String(await freePort());
    const child = spawn(process.execPath, [CLI, 'up', '--data-dir', dataDir], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        SIMVAULT_LOG_LEVEL: 'warn',
        SIMVAULT_ADMIN_PASSWORD: 'up-admin-password',
        ...ports,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      await new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no banner in 30 s:\n${output}`)), 30_000);
        child.stdout.on('data', () => {
          if (output.includes('Stop with Ctrl-C')) {
            clearTimeout(timer);
            ok();
          }
        });
        child.once('exit', (code) => fail(new Error(`exited ${code}:\n${output}`)));
      });
      const files = `http://127.0.0.1:${ports.SIMVAULT_FILES_PORT}`;
      expect(output).toContain(`files    ${files}`);
      const login = await fetch(`${files}/session/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'up-admin-password' }),
      });
      const { token } = (await login.json()) as { token: string };
      const runFile = await writeRun(p, 'exec-up', [{ name: 'up.txt', data: 'from up' }]);
      const registered = await fetch(`http://127.0.0.1:${ports.SIMVAULT_RESULTS_PORT}/register/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: readFileSync(runFile),
      });
      expect(registered.status).toBe(200);
      let listed: Response | undefined;
      for (let i = 0; i < 200 && listed?.status !== 200; i++) {
        if (i) await new Promise((r) => setTimeout(r, 50));
        listed = await fetch(`${files}/runs/exec-up/files`, {
          headers: { authorization: `Bearer ${token}` },
        });
      }
      expect(listed?.status).toBe(200);
      expect(((await listed!.json()) as { files: { name: string }[] }).files.map((f) => f.name)).toEqual([
        'up.txt',
      ]);
      const exit = new Promise<number | null>((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says what is wrong: no token, an unknown folder', async () => {
    const none = await simvault(['files', 'export', folderId, join(work, 'x'), '--url', url]);
    expect(none.code).toBe(1);
    expect(none.output).toContain('Give a session or API token with --token or SIMVAULT_TOKEN');
    const missing = await simvault([
      'files',
      'export',
      'nope',
      join(work, 'x'),
      '--url',
      url,
      '--token',
      p.tokens.user,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('404 No entry nope.');
    const port = await freePort();
    const down = await simvault([
      'files',
      'export',
      'x',
      join(work, 'x'),
      '--url',
      `http://127.0.0.1:${port}`,
      '--token',
      't',
    ]);
    expect(down.code).toBe(1);
    expect(down.output).toContain(
      `Cannot reach the files service at http://127.0.0.1:${port} (ECONNREFUSED)`,
    );
  });
});
