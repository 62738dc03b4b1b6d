import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startResultsPlatform, thermalRun, type ResultsPlatform } from '../../results/test/platform';
import { progressLine } from '../src/commands/results';

const CLI = resolve(__dirname, '../dist/main.js');

function simvault(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, SIMVAULT_LOG_LEVEL: 'silent' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => done({ code, out, err }));
  });
}

describe(`simvault results register (the built CLI) against the results app on ${TEST_BACKENDS[0]}`, () => {
  let p: ResultsPlatform;
  let url: string;
  beforeAll(async () => {
    p = await startResultsPlatform(TEST_BACKENDS[0]);
    await p.results.listen(0, '127.0.0.1');
    url = await p.results.getUrl();
  });
  afterAll(() => p.close());

  it('uploads run files and directories of them, reports what it refused, and exits 1 when any was', async () => {
    const local = join(p.db.dir, 'laptop');
    mkdirSync(join(local, 'more'), { recursive: true });
    const one = p.sim2lRun(thermalRun('cli-1', { temperature: 301 }), local);
    p.sim2lRun(thermalRun('cli-2', { temperature: 302 }), join(local, 'more'));
    p.sim2lRun(thermalRun('cli-3', { temperature: 303 }), join(local, 'more'));
    writeFileSync(join(local, 'more', 'junk.db'), 'not a database');
    const run = await simvault([
      'results',
      'register',
      one,
      join(local, 'more'),
      '--url',
      url,
      '--token',
      p.tokens.user,
    ]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/failed {2}.*junk\.db: .*is not a SQLite database/);
    expect(run.out).toContain('Registered 3 of 4 run files; 1 refused.');
    const found = await p
      .http()
      .post('/search')
      .set('X-Session-ID', p.tokens.user)
      .send({ filter: 'inputs.temperature > 300' });
    expect(found.body.results.map((r: { execution_id: string }) => r.execution_id).sort()).toEqual([
      'cli-1',
      'cli-2',
      'cli-3',
    ]);
    const result = await p.http().get('/results/cli-2').set('X-Session-ID', p.tokens.user).expect(200);
    expect(result.body).toMatchObject({ source: 'upload', registered_by: 'usr' });
  });

  it('has the service read files under its run roots in one batch job, logging in as a user', async () => {
    const files = [1, 2].map((i) => p.sim2lRun(thermalRun(`root-${i}`, { temperature: 400 + i })));
    const run = await simvault([
      'results',
      'register',
      ...files,
      '--server-paths',
      '--url',
      url,
      '--user',
      'usr',
      '--password',
      'usr-password',
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Registered 2 of 2 run files.');
    await p.http().get('/results/root-2').set('X-Session-ID', p.tokens.user).expect(200);
    const outside = await simvault([
      'results',
      'register',
      join(p.db.dir, 'laptop'),
      '--server-paths',
      '--url',
      url,
      '--token',
      p.tokens.user,
    ]);
    expect(outside.code).toBe(1);
    expect(outside.err).toMatch(/is outside the run roots/);
  });

  it('draws its progress bar', () => {
    expect(progressLine(12, 40, 11, 1, 20)).toBe('[######--------------] 12/40  11 registered, 1 failed');
    expect(progressLine(0, 0, 0, 0, 4)).toBe('[####] 0/0  0 registered, 0 failed');
  });
});
