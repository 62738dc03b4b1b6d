import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { AuthClient, CacheClient, CatalogClient, ResultsClient } from '@simvault/client';
import { SERVICES } from '@simvault/core';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '@simvault/db/testing';
import { RunDatabase } from '@simvault/run-db';
import { freePort, runCli, startUp } from './cli';

const PASSWORD = 'everyday-admin-password';
jest.setTimeout(120_000);

/**
 * The everyday commands against a real `simvault up`: what a person reads on a terminal, what a
 * script reads with --json (checked against the API's own answer), and the API's refusals.
 */
describe.each(TEST_BACKENDS)('simvault results/cache/catalog commands (simvault up on %s)', (backend) => {
  let db: TestDatabase;
  let child: ChildProcess;
  const env: Record<string, string> = {};
  const url = (service: string) => `http://127.0.0.1:${env[`SIMVAULT_${service.toUpperCase()}_PORT`]}`;
  let developer: string;
  let user: string;
  let simulationId: number;

  const cli = (args: string[], token: string) => runCli([...args, '--token', token], '', env);

  beforeAll(async () => {
    db = await createTestDatabase(backend, 'everyday');
    Object.assign(env, {
      PATH: process.env.PATH ?? '',
      HOME: db.dir,
      NODE_ENV: 'development',
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_LOG_LEVEL: 'error',
      SIMVAULT_ADMIN_PASSWORD: PASSWORD,
      SIMVAULT_SEAMLESS_ENABLED: 'false',
      SIMVAULT_RUN_ROOTS: db.dir,
    });
    for (const service of SERVICES) {
      env[`SIMVAULT_${service.toUpperCase()}_DATABASE_URL`] =
        backend === 'sqlite' ? `sqlite:${join(db.dir, `${service}.sqlite`)}` : db.url;
      env[`SIMVAULT_${service.toUpperCase()}_PORT`] = String(await freePort());
    }
    child = (await startUp(env)).child;
    const admin = new AuthClient(url('auth'));
    await admin.login('admin', PASSWORD);
    await admin.createUser({ username: 'dev', password: 'dev-password', role: 'developer' });
    await admin.createUser({ username: 'usr', password: 'usr-password', role: 'user' });
    developer = (await new AuthClient(url('auth')).login('dev', 'dev-password')).token;
    user = (await new AuthClient(url('auth')).login('usr', 'usr-password')).token;

    const catalog = new CatalogClient(url('catalog'), { token: developer });
    await catalog.registerSimulation({
      name: 'thermal_sim',
      version: '1.0.0',
      description: 'Thermal stress analysis',
      tags: ['thermal'],
      input_schema: { temperature: { type: 'Number', units: 'K', min: 0 } },
      output_schema: { max_stress: { type: 'Number', units: 'Pa' } },
    });
    simulationId = (await catalog.getSimulation('thermal_sim'))!.id;
    const results = new ResultsClient(url('results'), { token: user });
    for (const [i, temperature] of [250, 350, 450].entries()) {
      const run = RunDatabase.open(`every-${i}`, { dir: db.dir });
      run.initializeRun('thermal_sim', '1.0.0', { executorType: 'local', simulationId });
      run.saveInput('temperature', temperature, 'number', { units: 'K' });
      run.saveOutput('max_stress', temperature * 1e6, 'number', { units: 'Pa' });
      run.completeRun('completed', { durationSeconds: 10 + i });
      run.close();
      await results.registerResult(`every-${i}`);
    }
    const cache = new CacheClient(url('cache'), { token: user });
    await cache.set({
      cache_key: 'thermal_sim/1.0.0/350K',
      simulation_id: simulationId,
      simulation_name: 'thermal_sim',
      simulation_version: '1.0.0',
      execution_id: 'every-1',
      input_hash: 'temperature=350',
      run_db_path: '/runs/every-1.db',
      compute_seconds: 11,
    });
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
    await db?.drop();
  });

  it('results search: a table for a person, the API answer with --json', async () => {
    const human = await cli(
      ['results', 'search', 'inputs.temperature >= 300', '--sort-by', 'inputs.temperature', '--order', 'asc'],
      user,
    );
    expect(human.code).toBe(0);
    const lines = human.out.trim().split('\n');
    expect(lines[0]).toMatch(/^execution_id +simulation +status/);
    expect(lines.slice(1, 3).map((l) => l.split(/\s+/)[0])).toEqual(['every-1', 'every-2']);
    expect(lines.at(-1)).toBe('1-2 of 2');
    const json = await cli(['results', 'search', 'inputs.temperature >= 300', '--json'], user);
    const api = await new ResultsClient(url('results'), { token: user }).searchPage({
      filter: 'inputs.temperature >= 300',
    });
    expect(JSON.parse(json.out)).toEqual(api);
  });

  it("results search: a bad filter is the API's own sentence and exit 1", async () => {
    const bad = await cli(['results', 'search', 'inputs.temperature >>= 3'], user);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^simvault: POST \/search: 400 /m);
  });

  it('results stats: count, mean and the histogram of a parameter', async () => {
    const json = await cli(['results', 'stats', 'thermal_sim', 'temperature', '--input', '--json'], user);
    expect(JSON.parse(json.out)).toMatchObject({ param_name: 'temperature', count: 3, avg_value: 350 });
    const human = await cli(['results', 'stats', 'thermal_sim', 'temperature', '--input'], user);
    expect(human.out).toMatch(/^avg_value +350$/m);
    expect(human.out).toMatch(/^from +to +count$/m);
  });

  it('cache get: the entry on a hit, exit 1 on a miss', async () => {
    const hit = await cli(['cache', 'get', 'thermal_sim/1.0.0/350K', '--json'], user);
    expect(hit.code).toBe(0);
    expect(JSON.parse(hit.out)).toMatchObject({
      execution_id: 'every-1',
      cache_key: 'thermal_sim/1.0.0/350K',
    });
    const miss = await cli(['cache', 'get', 'thermal_sim/1.0.0/999K'], user);
    expect(miss.code).toBe(1);
    expect(miss.out).toContain('miss: no valid entry for thermal_sim/1.0.0/999K');
  });

  it('cache stats and invalidate: a user is refused, a developer invalidates with a reason', async () => {
    const stats = JSON.parse((await cli(['cache', 'stats', '--json'], user)).out);
    expect(stats).toMatchObject({ valid_entries: 1 });
    const refused = await cli(
      ['cache', 'invalidate', '--simulation-id', String(simulationId), '--reason', 'try'],
      user,
    );
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/403/);
    const none = await cli(['cache', 'invalidate', '--reason', 'nothing named'], developer);
    expect(none.code).toBe(1);
    expect(none.out).toContain('Say what to invalidate');
    const done = await cli(
      ['cache', 'invalidate', '--simulation-id', String(simulationId), '--reason', 'unit bug'],
      developer,
    );
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/^invalidated 1 entries/);
    expect((await cli(['cache', 'get', 'thermal_sim/1.0.0/350K'], user)).code).toBe(1);
  });

  it('cache explain: who invalidated the entry and why, and which inputs the nearest valid entry differs in', async () => {
    await new CacheClient(url('cache'), { token: user }).set({
      cache_key: 'thermal_sim/1.0.0/450K',
      simulation_id: simulationId,
      simulation_name: 'thermal_sim',
      simulation_version: '1.0.0',
      execution_id: 'every-2',
    });
    const args = ['cache', 'explain', 'thermal_sim/1.0.0/350K', '--inputs', '{"temperature": 350}'];
    const json = await cli([...args, '--json'], user);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      verdict: 'invalidated',
      invalidation: { by: 'dev', reason: 'unit bug' },
      nearest: [
        {
          cache_key: 'thermal_sim/1.0.0/450K',
          version_differs: false,
          differing_inputs: [{ name: 'temperature', given: 350, entry: 450 }],
        },
      ],
    });
    const human = await cli(args, user);
    expect(human.out).toMatch(/^verdict +invalidated$/m);
    expect(human.out).toMatch(/^reason +unit bug$/m);
    expect(human.out).toMatch(/^thermal_sim\/1\.0\.0\/450K +1\.0\.0 +temperature: 350 vs 450$/m);
    const bad = await cli(['cache', 'explain'], user);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/GET \/cache\/explain: 400 Give key, or simulation, version and inputs/);
  });

  it('cache explain --transformation: the input that changed against the recorded transformation of the same code', async () => {
    const cache = new CacheClient(url('cache'), { token: user });
    const hex = (n: number) => n.toString(16).repeat(64).slice(0, 64);
    const dict = (x: string) =>
      Buffer.from(
        `${JSON.stringify(
          {
            __language__: 'python',
            __output__: ['result', 'mixed', null],
            code: ['python', 'transformer', hex(1)],
            x: ['mixed', null, x],
          },
          null,
          2,
        )}\n`,
      );
    const [recorded, asked] = [dict(hex(2)), dict(hex(3))];
    const checksum = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    for (const b of [recorded, asked]) await cache.putBuffer(checksum(b), b);
    await cache.putTransformation(checksum(recorded), hex(4));
    const args = ['cache', 'explain', '--transformation', checksum(asked)];
    const json = await cli([...args, '--json'], user);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual(await cache.explainTransformation(checksum(asked)));
    expect(JSON.parse(json.out).nearest[0].changed).toEqual([{ pin: 'x', old: hex(2), new: hex(3) }]);
    const human = await cli(args, user);
    expect(human.out).toMatch(/^buffer +present$/m);
    expect(human.out).toContain(`recorded ${checksum(recorded)} (result ${hex(4)})`);
    expect(human.out).toContain(`  changed x: ${hex(2)} -> ${hex(3)}`);
    const bad = await cli(['cache', 'explain', '--transformation', 'abc'], user);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/400 checksum must be 64 hexadecimal characters/);
  });

  it('results latest and invalidate: the newest valid value, then the one before once it is invalidated', async () => {
    const latest = await cli(['results', 'latest', 'thermal_sim', 'temperature', '--input', '--json'], user);
    expect(JSON.parse(latest.out)).toMatchObject({ execution_id: 'every-2', value: 450 });
    const human = await cli(['results', 'latest', 'thermal_sim'], user);
    expect(human.out).toMatch(/^execution_id +every-2$/m);
    const invalidated = await cli(['results', 'invalidate', 'every-2', '--reason', 'bad mesh'], user);
    expect(invalidated.code).toBe(0);
    expect(invalidated.out.trim()).toBe('invalidated every-2: bad mesh');
    const after = await cli(['results', 'latest', 'thermal_sim', 'temperature', '--input'], user);
    expect(after.out).toMatch(/^value +350$/m);
    const unknown = await cli(['results', 'invalidate', 'no-such-run', '--reason', 'x'], user);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toMatch(/404 Result not found/);
    const none = await cli(['results', 'latest', 'nothing_sim'], user);
    expect(none.code).toBe(1);
    expect(none.out).toContain('No valid result of nothing_sim that did not fail.');
  });

  it('results tag: sets and removes tags, finds them by tag.<key>, says what is wrong with bad ones', async () => {
    const set = await cli(['results', 'tag', 'every-1', 'project=wing-2', 'stage=draft', '--json'], user);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toEqual({
      execution_id: 'every-1',
      tags: { project: 'wing-2', stage: 'draft' },
    });
    const removed = await cli(['results', 'tag', 'every-1', '--remove', 'stage'], user);
    expect(removed.out).toMatch(/^project +wing-2$/m);
    expect(removed.out).not.toMatch(/stage/);
    const found = await cli(['results', 'search', 'tag.project = "wing-2"', '--json'], user);
    expect(JSON.parse(found.out).results.map((r: { execution_id: string }) => r.execution_id)).toEqual([
      'every-1',
    ]);
    const bad = await cli(['results', 'tag', 'every-1', '9lives=x'], user);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/400 Tag key "9lives" is not one/);
    const malformed = await cli(['results', 'tag', 'every-1', 'novalue'], user);
    expect(malformed.code).toBe(1);
    expect(malformed.out).toContain('"novalue" is not key=value.');
  });

  it('catalog search and show', async () => {
    const found = await cli(['catalog', 'search', 'thermal'], user);
    expect(found.code).toBe(0);
    expect(found.out).toMatch(/^\d+ +thermal_sim +1\.0\.0 +active/m);
    expect(found.out.trim().split('\n').at(-1)).toBe('1 of 1');
    const shown = await cli(['catalog', 'show', 'thermal_sim'], user);
    expect(shown.out).toMatch(/^temperature +Number +K/m);
    const missing = await cli(['catalog', 'show', 'nope'], user);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('The catalog has no simulation nope.');
  });
});
