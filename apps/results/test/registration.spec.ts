import { createHash } from 'node:crypto';
import {
  existsSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
  mkdirSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { QueueService } from '@simvault/queue';
import { RunDatabase } from '@simvault/run-db';
import { RUN_REGISTERED_QUEUE } from '../src';
import { startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every file under a directory, recursively (relative paths). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe.each(TEST_BACKENDS)('registering runs on %s', (backend) => {
  let p: ResultsPlatform;
  const announced: unknown[] = [];
  const as = (who: keyof ResultsPlatform['tokens'] = 'user') => ({ 'X-Session-ID': p.tokens[who] });
  beforeAll(async () => {
    p = await startResultsPlatform(backend);
    // What the files service will do: consume the run-registered queue.
    p.results.get(QueueService).process(RUN_REGISTERED_QUEUE, async (data) => {
      announced.push(data);
    });
  });
  afterAll(() => p.close());

  it('reports itself healthy with its backend', async () => {
    const res = await p.http().get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'healthy',
      service: 'results',
      backend: backend === 'postgres' ? 'postgresql' : 'sqlite',
    });
  });

  it("registers a run file sim2l wrote, as ResultsClient.register_result sends it, and keeps the platform's copy", async () => {
    p.sim2lRun(
      thermalRun('exec-2024-001', { temperature: 350, mesh: 'fine', max_stress: 1.5e8, converged: true }),
    );
    const res = await p
      .http()
      .post('/register')
      .set(as())
      .send({ execution_id: 'exec-2024-001', squid_id: null, metadata: null })
      .expect(200);
    expect(res.body).toMatchObject({
      success: true,
      execution_id: 'exec-2024-001',
      squid_id: 'thermal_sim/1.0.0/exec-2024-001',
    });
    expect(typeof res.body.result_id).toBe('number');
    expect(typeof res.body.schema_id).toBe('number');

    const result = (await p.http().get('/results/exec-2024-001').set(as('readonly')).expect(200)).body;
    expect(result).toMatchObject({
      execution_id: 'exec-2024-001',
      simulation_name: 'thermal_sim',
      simulation_version: '1.0.0',
      squid_id: 'thermal_sim/1.0.0/exec-2024-001',
      input_params: { temperature: 350, mesh: 'fine' },
      output_params: { max_stress: 150000000, converged: true },
      status: 'completed',
      duration_seconds: 42.5,
      valid: true,
      invalidation: null,
      source: 'run_root',
      source_path: join(p.runRoot, 'exec-2024-001.db'),
      registered_by: 'usr',
      started_at: '2024-03-01T10:00:00.123Z',
    });
    expect(result.run_db_path.startsWith(p.config.results.runStoreDir)).toBe(true);
    expect(sha256(result.run_db_path)).toBe(result.run_file.checksum);
    const download = await p
      .http()
      .get('/results/exec-2024-001/run-file')
      .set(as('readonly'))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(
      createHash('sha256')
        .update(download.body as Buffer)
        .digest('hex'),
    ).toBe(result.run_file.checksum);
  });

  it('announces each registered run file on the run-registered queue for the files service', async () => {
    const result = (await p.http().get('/results/exec-2024-001').set(as()).expect(200)).body;
    for (let i = 0; i < 50 && announced.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(announced).toContainEqual({
      execution_id: 'exec-2024-001',
      simulation_name: 'thermal_sim',
      simulation_version: '1.0.0',
      run_file: result.run_db_path,
      checksum: result.run_file.checksum,
    });
  });

  it('registers a run our run-db is still writing (WAL), by a path relative to the run root', async () => {
    mkdirSync(join(p.runRoot, 'nested'), { recursive: true });
    const run = RunDatabase.open(join(p.runRoot, 'nested', 'live-1.db'));
    run.initializeRun('live_sim', '2.0', { squidId: 'live_sim/2.0/abc' });
    run.saveInputs([
      { name: 'x', value: 1.25, type: 'number' },
      { name: 'blob', value: Buffer.from('bytes'), type: 'array' },
    ]);
    run.saveOutput('y', [1, 2, 3], 'array');
    const res = await p
      .http()
      .post('/register')
      .set(as())
      .send({ execution_id: 'live-1', run_db_path: 'nested/live-1.db', metadata: { by: 'test' } })
      .expect(200);
    run.close();
    expect(res.body.squid_id).toBe('live_sim/2.0/abc');
    const result = (await p.http().get('/results/live-1').set(as()).expect(200)).body;
    expect(result).toMatchObject({
      status: 'running',
      input_params: { x: 1.25, blob: { $binary: { size_bytes: 5 } } },
      output_params: { y: [1, 2, 3] },
      metadata: { by: 'test' },
    });
  });

  it('keeps one result per squid id: a re-run with the same squid replaces the result', async () => {
    p.sim2lRun(
      thermalRun('squid-a', { temperature: 300, max_stress: 1 }, { squidId: 'thermal_sim/1.0.0/same' }),
    );
    p.sim2lRun(
      thermalRun('squid-b', { temperature: 300, max_stress: 2 }, { squidId: 'thermal_sim/1.0.0/same' }),
    );
    const first = await p.http().post('/register').set(as()).send({ execution_id: 'squid-a' }).expect(200);
    const second = await p.http().post('/register').set(as()).send({ execution_id: 'squid-b' }).expect(200);
    expect(second.body.result_id).toBe(first.body.result_id);
    await p
      .http()
      .get('/results/squid-a')
      .set(as())
      .expect(404, { error: 'Result not found', statusCode: 404 });
    expect((await p.http().get('/results/squid-b').set(as()).expect(200)).body.output_params).toEqual({
      max_stress: 2,
    });
    const found = await p
      .http()
      .post('/search')
      .set(as())
      .send({
        input_filters: {},
        output_filters: { max_stress: { $lte: 2 } },
        simulation_name: 'thermal_sim',
      })
      .expect(200);
    expect(found.body.results.map((r: { execution_id: string }) => r.execution_id)).toEqual(['squid-b']);
  });

  it('takes a run file as the request body, and refuses one holding another execution', async () => {
    const path = p.sim2lRun(thermalRun('upload-1', { temperature: 410 }), p.db.dir);
    const res = await p
      .http()
      .post('/register/upload?execution_id=upload-1')
      .set(as())
      .set('Content-Type', 'application/octet-stream')
      .send(readFileSync(path))
      .expect(200);
    expect(res.body).toMatchObject({
      success: true,
      execution_id: 'upload-1',
      checksum: sha256(res.body.run_file),
    });
    expect((await p.http().get('/results/upload-1').set(as()).expect(200)).body.source).toBe('upload');

    const other = p.sim2lRun(thermalRun('upload-2', { temperature: 411 }), p.db.dir);
    const wrong = await p
      .http()
      .post('/register/upload?execution_id=upload-3')
      .set(as())
      .set('Content-Type', 'application/octet-stream')
      .send(readFileSync(other))
      .expect(400);
    expect(wrong.body.error).toBe('The run file holds execution "upload-2", not "upload-3".');
    const form = await p
      .http()
      .post('/register/upload')
      .set(as())
      .set('Content-Type', 'multipart/form-data; boundary=x')
      .send('--x\r\n\r\nnot a run file\r\n--x--')
      .expect(415);
    expect(form.body.error).toMatch(/not a multipart form .*application\/octet-stream/);
    // Any other type is the file's bytes, checked as a run file (JSON is not one).
    const json = await p.http().post('/register/upload').set(as()).send({ file: 'x' }).expect(400);
    expect(json.body.error).toMatch(/SQLite/);
    expect(filesUnder(join(p.config.results.runStoreDir, 'tmp'))).toEqual([]);
  });

  it("takes sim2l's register_direct, and names a missing field as sim2l's clients expect", async () => {
    const body = {
      execution_id: 'direct-1',
      simulation_name: 'direct_sim',
      simulation_version: '0.1',
      squid_id: null,
      input_params: { a: 1, b: 'x', c: true, d: [1, 2] },
      output_params: { z: 3.5 },
      status: 'completed',
      duration_seconds: null,
      run_db_path: '',
      metadata: null,
    };
    const ok = await p.http().post('/register_direct').set(as()).send(body).expect(200);
    expect(ok.body).toMatchObject({ success: true, squid_id: 'direct_sim/0.1/direct-1' });
    const { status: _s, ...noStatus } = body;
    expect((await p.http().post('/register_direct').set(as()).send(noStatus).expect(400)).body.error).toBe(
      'status required',
    );
    const bad = await p
      .http()
      .post('/register_direct')
      .set(as())
      .send({ ...body, execution_id: '../x' })
      .expect(400);
    expect(bad.body.error).toMatch(/execution_id must be letters, digits/);
    const schema = (await p.http().get('/schemas/direct_sim').set(as()).expect(200)).body;
    expect(
      schema.parameters.map((q: { name: string; declared_type: string }) => [q.name, q.declared_type]),
    ).toEqual([
      ['a', 'number'],
      ['b', 'string'],
      ['c', 'boolean'],
      ['d', 'list'],
      ['z', 'number'],
    ]);
  });

  it('registers an invalidated run file as invalid: readable, left out of searches unless asked', async () => {
    p.sim2lRun(thermalRun('withdrawn-1', { temperature: 999 }));
    const run = RunDatabase.open(join(p.runRoot, 'withdrawn-1.db'));
    run.invalidate('thermocouple was loose', { by: 'alice' });
    run.close();
    const res = await p.http().post('/register').set(as()).send({ execution_id: 'withdrawn-1' }).expect(200);
    expect(res.body.valid).toBe(false);
    const result = (await p.http().get('/results/withdrawn-1').set(as()).expect(200)).body;
    expect(result.invalidation).toMatchObject({ reason: 'thermocouple was loose' });
    const search = (filter: Record<string, unknown>) =>
      p
        .http()
        .post('/search')
        .set(as())
        .send({ input_filters: { temperature: 999 }, ...filter })
        .expect(200);
    expect((await search({})).body.total).toBe(0);
    expect((await search({ include_invalid: true })).body.results[0]).toMatchObject({
      execution_id: 'withdrawn-1',
      valid: false,
    });
  });

  describe('bad input is a 4xx with a sentence, and leaves nothing behind', () => {
    let storeBefore: string[];
    let countBefore: number;
    beforeAll(async () => {
      storeBefore = filesUnder(p.config.results.runStoreDir);
      countBefore = (await p.http().post('/search').set(as()).send({ include_invalid: true }).expect(200))
        .body.total;
    });
    afterAll(async () => {
      expect(filesUnder(p.config.results.runStoreDir)).toEqual(storeBefore);
      expect(
        (await p.http().post('/search').set(as()).send({ include_invalid: true }).expect(200)).body.total,
      ).toBe(countBefore);
    });

    it('a file that is not SQLite', async () => {
      writeFileSync(join(p.runRoot, 'text-1.db'), 'this is a text file, not a database');
      const res = await p.http().post('/register').set(as()).send({ execution_id: 'text-1' }).expect(400);
      expect(res.body.error).toMatch(
        /text-1\.db is not a SQLite database \(it does not start with the SQLite header\)\.$/,
      );
    });

    it('a SQLite file without the run tables', async () => {
      const db = new Database(join(p.runRoot, 'tables-1.db'));
      db.exec('CREATE TABLE run_metadata (execution_id TEXT)');
      db.close();
      const res = await p.http().post('/register').set(as()).send({ execution_id: 'tables-1' }).expect(400);
      expect(res.body.error).toMatch(/is not a run database: it has no inputs, outputs tables\.$/);
    });

    it('a run file with a corrupt page', async () => {
      const path = p.sim2lRun(
        thermalRun(
          'corrupt-1',
          { temperature: 1 },
          {
            logs: Array.from({ length: 300 }, (_, i) => ({
              level: 'INFO',
              message: `${i} ${'x'.repeat(120)}`,
            })),
          },
        ),
      );
      const db = new Database(path, { readonly: true });
      const page = (
        db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'logs'").get() as { rootpage: number }
      ).rootpage;
      const size = db.pragma('page_size', { simple: true }) as number;
      db.close();
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(256, 0x5a), 0, 256, (page - 1) * size);
      closeSync(fd);
      const res = await p.http().post('/register').set(as()).send({ execution_id: 'corrupt-1' }).expect(400);
      expect(res.body.error).toMatch(/is a corrupt SQLite database/);
    });

    it('a run that was never initialized', async () => {
      p.sim2lRun({ executionId: 'empty-1', uninitialized: true });
      const res = await p.http().post('/register').set(as()).send({ execution_id: 'empty-1' }).expect(400);
      expect(res.body.error).toMatch(/holds no run: its run_metadata table is empty/);
    });

    it('a path outside the run roots, directly or through a symbolic link', async () => {
      const outside = p.sim2lRun(thermalRun('outside-1', { temperature: 1 }), p.db.dir);
      for (const run_db_path of [outside, '../outside-1.db', '/etc/passwd']) {
        const res = await p
          .http()
          .post('/register')
          .set(as())
          .send({ execution_id: 'outside-1', run_db_path })
          .expect(403);
        expect(res.body.error).toMatch(/is outside the run roots/);
      }
      symlinkSync(outside, join(p.runRoot, 'link-1.db'));
      const res = await p.http().post('/register').set(as()).send({ execution_id: 'link-1' }).expect(403);
      expect(res.body.error).toMatch(/is outside the run roots/);
      await p
        .http()
        .post('/register/batch')
        .set(as())
        .send({ paths: [outside] })
        .expect(403);
      await p.http().post('/register/batch').set(as()).send({ directory: p.db.dir }).expect(403);
    });

    it('an execution id that could name a path', async () => {
      for (const execution_id of ['../exec', '..', 'a/b', '.hidden', 'x'.repeat(129), '']) {
        const res = await p.http().post('/register').set(as()).send({ execution_id }).expect(400);
        expect(res.body.error).toMatch(/execution_id must be letters, digits/);
      }
      await p.http().get('/results/..%2Fetc').set(as()).expect(400);
      await p
        .http()
        .post('/register/upload?execution_id=..%2Fx')
        .set(as())
        .set('Content-Type', 'application/octet-stream')
        .send('x')
        .expect(400);
    });

    it('an unknown execution id: 404, and no file is created for it (sim2l creates one)', async () => {
      const res = await p.http().post('/register').set(as()).send({ execution_id: 'never-ran' }).expect(404);
      expect(res.body.error).toMatch(/No run file for execution id "never-ran": looked for .*never-ran\.db/);
      expect(existsSync(join(p.runRoot, 'never-ran.db'))).toBe(false);
    });

    it('an upload that is empty, not SQLite, or too large', async () => {
      const send = (body: Buffer | string, length?: string) => {
        const req = p
          .http()
          .post('/register/upload')
          .set(as())
          .set('Content-Type', 'application/octet-stream');
        if (length) req.set('Content-Length', length);
        return req.send(body);
      };
      expect((await send(Buffer.alloc(0)).expect(400)).body.error).toMatch(/The upload is empty/);
      expect((await send('plain text').expect(400)).body.error).toMatch(/is not a SQLite database/);
      expect(
        (await send(Buffer.alloc(10), String(p.config.results.maxRunFileBytes + 1)).expect(413)).body.error,
      ).toMatch(/more than the \d+ bytes a run file may have/);
    });
  });
});

/** What sim2l's ResultsClient.register_direct sends, twice for one squid id, as sim2l keeps one result per squid. */
describe.each(TEST_BACKENDS)('register_direct as an upsert on %s', (backend) => {
  let p: ResultsPlatform;
  const as = (who: keyof ResultsPlatform['tokens'] = 'user') => ({ 'X-Session-ID': p.tokens[who] });
  const direct = (body: Record<string, unknown>) =>
    p
      .http()
      .post('/register_direct')
      .set(as())
      .send({
        simulation_name: 'upsert_sim',
        simulation_version: '1.0',
        squid_id: null,
        duration_seconds: null,
        run_db_path: '',
        metadata: null,
        ...body,
      });
  beforeAll(async () => {
    p = await startResultsPlatform(backend);
  });
  afterAll(() => p.close());

  it('keeps the first execution id, inputs and run path; takes the new outputs, status and duration', async () => {
    const first = await direct({
      execution_id: 'up-1',
      squid_id: 'upsert_sim/1.0/abc',
      input_params: { temperature: 300 },
      output_params: { stress: 1.5 },
      status: 'running',
      run_db_path: '/runs/up-1.db',
      metadata: { host: 'a' },
    }).expect(200);
    const again = await direct({
      execution_id: 'up-2',
      squid_id: 'upsert_sim/1.0/abc',
      input_params: { temperature: 999 },
      output_params: { stress: 2.5 },
      status: 'completed',
      duration_seconds: 12.5,
      run_db_path: '/runs/up-2.db',
    }).expect(200);
    expect(again.body).toMatchObject({ execution_id: 'up-1', result_id: first.body.result_id });
    const row = (await p.http().get('/results/up-1').set(as()).expect(200)).body;
    expect(row).toMatchObject({
      execution_id: 'up-1',
      squid_id: 'upsert_sim/1.0/abc',
      input_params: { temperature: 300 },
      output_params: { stress: 2.5 },
      status: 'completed',
      duration_seconds: 12.5,
      run_db_path: '/runs/up-1.db',
      metadata: { host: 'a' },
    });
    expect(row.completed_at).toEqual(expect.any(String));
    await p.http().get('/results/up-2').set(as()).expect(404);
    // Searches agree: one result, found by its first inputs and its new outputs.
    const found = await p
      .http()
      .post('/search')
      .set(as())
      .send({
        simulation_name: 'upsert_sim',
        input_filters: { temperature: 300 },
        output_filters: { stress: 2.5 },
      })
      .expect(200);
    expect(found.body.results.map((r: { execution_id: string }) => r.execution_id)).toEqual(['up-1']);
    const old = await p
      .http()
      .post('/search')
      .set(as())
      .send({ simulation_name: 'upsert_sim', input_filters: { temperature: 999 } })
      .expect(200);
    expect(old.body.count).toBe(0);
  });

  it('without a squid id, is keyed by the execution id', async () => {
    await direct({
      execution_id: 'up-3',
      input_params: { n: 1 },
      output_params: { y: 1 },
      status: 'running',
    }).expect(200);
    await direct({
      execution_id: 'up-3',
      input_params: { n: 2 },
      output_params: { y: 2 },
      status: 'completed',
    }).expect(200);
    const row = (await p.http().get('/results/up-3').set(as()).expect(200)).body;
    expect(row).toMatchObject({ input_params: { n: 1 }, output_params: { y: 2 }, status: 'completed' });
  });

  it('echoes the run_db_path it was given, as get_result reads it', async () => {
    await direct({
      execution_id: 'up-4',
      input_params: {},
      output_params: {},
      status: 'completed',
      run_db_path: '/home/u/.sim2l/runs/up-4.db',
    }).expect(200);
    const row = (await p.http().get('/results/up-4').set(as()).expect(200)).body;
    expect(row.run_db_path).toBe('/home/u/.sim2l/runs/up-4.db');
    await p.http().get('/results/up-4/run-file').set(as()).expect(404);
  });

  it('refuses an empty simulation_name as a missing one, and a null where no client sends one', async () => {
    const empty = await direct({
      execution_id: 'up-5',
      simulation_name: '',
      input_params: {},
      output_params: {},
      status: 'completed',
    }).expect(400);
    expect(empty.body.error).toBe('simulation_name required');
    await p.http().get('/results/up-5').set(as()).expect(404);
    const batch = await p.http().post('/register/batch').set(as()).send({ paths: null }).expect(400);
    expect(batch.body.error).toBe('Invalid request: paths may not be null (leave it out instead).');
  });
});

/** sim2l is Python: a float sent is a float answered, an integer an integer. */
describe.each(TEST_BACKENDS)('numbers as they were written, on %s', (backend) => {
  let p: ResultsPlatform;
  const as = () => ({ 'X-Session-ID': p.tokens.user, 'Content-Type': 'application/json' });
  beforeAll(async () => {
    p = await startResultsPlatform(backend);
  });
  afterAll(() => p.close());

  it('answers 1.0 as 1.0 and 3 as 3 in a result, a search and a second registration', async () => {
    // Raw text: JSON.stringify would already have turned 300.0 into 300.
    const body =
      '{"execution_id": "fl-1", "simulation_name": "float_sim", "simulation_version": "1.0", "squid_id": null,' +
      ' "input_params": {"t": 300.0, "n": 3, "list": [1.0, 2, 2.5], "nested": {"x": 1e2}},' +
      ' "output_params": {"s": 1.0, "big": 1e16, "half": 0.5}, "status": "completed",' +
      ' "duration_seconds": 7.0, "run_db_path": "", "metadata": {"w": 2.0}}';
    await p.http().post('/register_direct').set(as()).send(body).expect(200);
    const got = await p.http().get('/results/fl-1').set(as()).expect(200);
    for (const text of [
      '"t":300.0',
      '"n":3,',
      '"list":[1.0,2,2.5]',
      '"nested":{"x":100.0}',
      '"s":1.0',
      '"big":1e+16',
      '"half":0.5',
      '"duration_seconds":7.0',
      '"w":2.0',
    ])
      expect(got.text).toContain(text);
    const found = await p
      .http()
      .post('/search')
      .set(as())
      .send('{"simulation_name": "float_sim", "input_filters": {"t": 300.0}}')
      .expect(200);
    expect(found.body.count).toBe(1);
    expect(found.text).toContain('"t":300.0');
    expect(found.text).toContain('"n":3');
    // The second call of an upsert keeps the first inputs: still floats.
    await p.http().post('/register_direct').set(as()).send(body.replace('"s": 1.0', '"s": 4.0')).expect(200);
    const again = await p.http().get('/results/fl-1').set(as()).expect(200);
    expect(again.text).toContain('"t":300.0');
    expect(again.text).toContain('"s":4.0');
  });
});
