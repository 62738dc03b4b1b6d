import { mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  checkRunFile,
  readRunFile,
  readRunFileInWorker,
  RunDatabase,
  RunFileError,
  snapshotRunFile,
} from './index';
import { HOSTILE_SCHEMAS, writeHostileRunFile, writeSim2lRunFile, type HostileSchema } from './testing';

async function refusal(work: () => unknown): Promise<RunFileError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof RunFileError) return error;
    throw error;
  }
  throw new Error('expected a RunFileError');
}

describe('run files as the results service takes them', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simvault-run-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a good sim2l file: summary, inputs and outputs', async () => {
    const path = join(dir, 'exec-1.db');
    writeSim2lRunFile(path, {
      executionId: 'exec-1',
      inputs: [{ name: 'temperature', type: 'number', json: '350' }],
      outputs: [{ name: 'max_stress', type: 'number', json: '150000000.0' }],
    });
    expect((await checkRunFile(path)).sizeBytes).toBeGreaterThan(0);
    const contents = readRunFile(path);
    expect(contents.summary).toMatchObject({
      execution_id: 'exec-1',
      simulation_name: 'thermal_sim',
      valid: true,
    });
    expect(contents.inputs.temperature.value).toBe(350);
    expect(contents.outputs.max_stress.value).toBe(1.5e8);
  });

  it('refuses a file that is not SQLite, one too large, and a directory', async () => {
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'just some text, not a database at all');
    expect((await refusal(() => checkRunFile(text))).problem).toBe('not_sqlite');
    expect((await refusal(() => readRunFile(text))).problem).toBe('not_sqlite');
    const big = join(dir, 'big.db');
    writeSim2lRunFile(big, { executionId: 'big' });
    expect((await refusal(() => checkRunFile(big, { maxBytes: 1024 }))).message).toMatch(
      /more than the 1024 bytes/,
    );
    expect((await refusal(() => checkRunFile(dir))).problem).toBe('not_a_file');
    expect((await refusal(() => checkRunFile(join(dir, 'absent.db')))).problem).toBe('not_found');
  });

  it('refuses a SQLite file without the run tables, with an empty run, or with a bad layout', async () => {
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE inputs (id INTEGER PRIMARY KEY)');
    db.close();
    const missing = await refusal(() => readRunFile(other));
    expect(missing.problem).toBe('missing_tables');
    expect(missing.message).toMatch(/no run_metadata, outputs tables/);

    const empty = join(dir, 'empty.db');
    writeSim2lRunFile(empty, { executionId: 'empty', uninitialized: true });
    expect((await refusal(() => readRunFile(empty))).message).toMatch(/holds no run/);

    const odd = join(dir, 'odd.db');
    const oddDb = new Database(odd);
    oddDb.exec(
      'CREATE TABLE run_metadata (execution_id TEXT); CREATE TABLE inputs (x TEXT); CREATE TABLE outputs (y TEXT);',
    );
    oddDb.prepare('INSERT INTO run_metadata VALUES (?)').run('exec-odd');
    oddDb.close();
    expect((await refusal(() => readRunFile(odd))).problem).toBe('bad_layout');
  });

  it('finds a corrupt page', async () => {
    const path = join(dir, 'exec-corrupt.db');
    writeSim2lRunFile(path, {
      executionId: 'exec-corrupt',
      logs: Array.from({ length: 400 }, (_, i) => ({
        level: 'INFO',
        message: `line ${i} ${'x'.repeat(100)}`,
      })),
    });
    const db = new Database(path, { readonly: true });
    const page = (
      db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'logs'").get() as { rootpage: number }
    ).rootpage;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(200, 0xab), 0, 200, (page - 1) * pageSize);
    closeSync(fd);
    const corrupt = await refusal(() => readRunFile(path));
    expect(corrupt.problem).toBe('corrupt');
    expect(corrupt.message).toMatch(/corrupt SQLite database/);
  });

  it('snapshots a run that is still being written, WAL content included, into one self-contained file', async () => {
    const source = join(dir, 'exec-live.db');
    const writer = RunDatabase.open(source);
    writer.initializeRun('live_sim', '2.0');
    writer.saveInputs(Array.from({ length: 50 }, (_, i) => ({ name: `p${i}`, value: i, type: 'number' })));
    const copy = join(dir, 'copy.db');
    await snapshotRunFile(source, copy);
    writer.close();
    const db = new Database(copy, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
    const contents = readRunFile(copy);
    expect(contents.summary.execution_id).toBe('exec-live');
    expect(Object.keys(contents.inputs)).toHaveLength(50);
    expect(readFileSync(copy).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('refuses a file whose schema is not the format: generated columns, triggers, virtual tables, views, tables', async () => {
    const expected: Record<HostileSchema, RegExp> = {
      generated_column: /its column inputs\.value_blob is generated/,
      trigger: /it has a trigger \("grow"\)/,
      virtual_table: /its table "notes" is a virtual table|it has a table "notes/,
      extra_view: /it has a view "blobs" beyond the format's run_summary and error_summary/,
      extra_table: /it has a table "payload" the run-database format has not/,
    };
    for (const kind of Object.keys(HOSTILE_SCHEMAS) as HostileSchema[]) {
      const path = join(dir, `${kind}.db`);
      writeHostileRunFile(path, `hostile-${kind}`, kind);
      const before = process.memoryUsage().rss;
      for (const read of [() => readRunFile(path), () => RunDatabase.open(path, { readonly: true })]) {
        const refused = await refusal(read);
        expect([kind, refused.problem, refused.message]).toEqual([
          kind,
          'bad_layout',
          expect.stringMatching(expected[kind]),
        ]);
      }
      // 40 rows of a 50 MB zeroblob were never made.
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    }
    // sim2l's own layout and ours are the format.
    writeSim2lRunFile(join(dir, 'sim2l.db'), { executionId: 'sim2l-1' });
    expect(readRunFile(join(dir, 'sim2l.db')).summary.execution_id).toBe('sim2l-1');
    RunDatabase.open(join(dir, 'ours.db')).close();
    RunDatabase.open(join(dir, 'ours.db'), { readonly: true }).close();
  });

  it('reads on a worker thread what readRunFile reads, within a time and a memory cap', async () => {
    const path = join(dir, 'exec-w.db');
    writeSim2lRunFile(path, {
      executionId: 'exec-w',
      inputs: [
        { name: 'temperature', type: 'number', json: '350' },
        { name: 'raw', type: 'bytes', blob: Buffer.from([0, 1, 2, 250]) },
      ],
      outputs: [{ name: 'max_stress', type: 'number', json: '150000000.0' }],
    });
    const limits = { timeoutMs: 30_000, maxMemoryMb: 256 };
    const read = await readRunFileInWorker(path, limits);
    expect(read).toEqual(readRunFile(path));
    expect(Buffer.isBuffer(read.inputs.raw.value)).toBe(true);

    const hostile = join(dir, 'hostile.db');
    writeHostileRunFile(hostile, 'hostile-1', 'generated_column');
    const refused = await refusal(() => readRunFileInWorker(hostile, limits));
    expect([refused.problem, refused.message]).toEqual(['bad_layout', expect.stringMatching(/is generated/)]);

    const slow = await refusal(() => readRunFileInWorker(path, { ...limits, timeoutMs: 1 }));
    expect([slow.problem, slow.message]).toEqual([
      'too_large',
      `${path} took longer than 0 s to check and read.`,
    ]);

    // Values that need more heap than the cap: 24 strings of 2 MB each, parsed from their JSON.
    const big = join(dir, 'exec-big.db');
    const text = JSON.stringify('x'.repeat(2 * 1024 * 1024));
    writeSim2lRunFile(big, {
      executionId: 'exec-big',
      inputs: Array.from({ length: 24 }, (_, i) => ({ name: `s${i}`, type: 'string', json: text })),
    });
    const heavy = await refusal(() => readRunFileInWorker(big, { ...limits, maxMemoryMb: 16 }));
    expect([heavy.problem, heavy.message]).toEqual([
      'too_large',
      `${big} needs more than the 16 MB reading a run file may take.`,
    ]);
    expect(Object.keys((await readRunFileInWorker(big, limits)).inputs)).toHaveLength(24);
  });
});
