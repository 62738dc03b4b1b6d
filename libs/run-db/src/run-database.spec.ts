import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  InvalidExecutionIdError,
  RunDatabase,
  RunFileError,
  SIM2L_INDEXES,
  SIM2L_TABLES,
  SIM2L_VIEWS,
  decodeJson,
  encodeJson,
  parseTimestamp,
} from './index';
import { SIM2L_RUN_DB_DDL, writeSim2lRunFile } from './testing';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('RunDatabase', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simvault-run-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function layout(path: string) {
    const db = new Database(path, { readonly: true });
    try {
      const objects = db
        .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .all() as { type: string; name: string }[];
      const columns: Record<string, unknown[]> = {};
      for (const table of SIM2L_TABLES) columns[table] = db.pragma(`table_info(${table})`) as unknown[];
      const viewColumns: Record<string, string[]> = {};
      for (const view of SIM2L_VIEWS) {
        viewColumns[view] = (db.pragma(`table_info(${view})`) as { name: string }[]).map((c) => c.name);
      }
      return { objects, columns, viewColumns };
    } finally {
      db.close();
    }
  }

  it("creates sim2l's exact tables, columns, indexes and view columns (plus the invalidations table)", () => {
    const run = RunDatabase.open('exec-layout', { dir });
    run.close();
    const sim2lPath = join(dir, 'sim2l.db');
    const sim2l = new Database(sim2lPath);
    sim2l.exec(SIM2L_RUN_DB_DDL);
    sim2l.close();

    const ours = layout(join(dir, 'exec-layout.db'));
    const theirs = layout(sim2lPath);
    expect(ours.columns).toEqual(theirs.columns);
    expect(ours.viewColumns).toEqual(theirs.viewColumns);
    expect(ours.objects.filter((o) => o.type === 'table').map((o) => o.name)).toEqual(
      [...SIM2L_TABLES, 'run_invalidations'].sort(),
    );
    expect(ours.objects.filter((o) => o.type === 'index').map((o) => o.name)).toEqual(
      [...SIM2L_INDEXES].sort(),
    );
    expect(ours.objects.filter((o) => o.type === 'view').map((o) => o.name)).toEqual([...SIM2L_VIEWS].sort());
    expect(ours.objects.filter((o) => o.name !== 'run_invalidations')).toEqual(theirs.objects);
  });

  it('opens files in WAL with foreign keys on and refuses ids that are not file names', () => {
    const run = RunDatabase.open('exec-pragmas', { dir });
    run.close();
    const db = new Database(join(dir, 'exec-pragmas.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(() => RunDatabase.open('..', { dir })).toThrow(InvalidExecutionIdError);
    expect(() => RunDatabase.open('bad id', { dir })).toThrow(/is not a valid execution id/);
    expect(() => RunDatabase.open('missing', { dir, readonly: true })).toThrow(RunFileError);
  });

  it('records a whole run and reads it back the way sim2l answers', async () => {
    const run = RunDatabase.open('exec-2024-001', { dir });
    run.initializeRun('thermal_sim', '1.0.0', {
      squidId: 'thermal_sim/1.0.0/abc',
      environment: { node: '20' },
    });
    run.saveInput('temperature', 350, 'number', { units: 'kelvin' });
    run.saveInput('temperature', 360, 'number', { units: 'kelvin' });
    run.saveInput('mesh', 'fine', 'string');
    run.saveInput('field', Buffer.from([0, 1, 2, 255]), 'array');
    run.saveOutput('max_stress', 1.5e8, 'number', { units: 'pascal', metadata: { description: 'peak' } });
    run.saveOutput('converged', true, 'boolean');
    run.saveOutput('residual', Number.NaN, 'number');
    run.saveArtifact('notes.txt', { data: 'hello' }, { category: 'data', contentType: 'text/plain' });
    const external = join(dir, 'mesh.bin');
    writeFileSync(external, Buffer.alloc(300_000, 7));
    const artifactId = await run.saveArtifact('mesh.bin', { externalPath: external }, { category: 'input' });
    run.log('info', 'started');
    run.log('WARNING', 'coarse mesh');
    run.log('ERROR', 'solver hiccup', { step: 3 }, { exceptionType: 'ValueError' });
    run.logCellExecution({ cellIndex: 0, cellType: 'code', sourceCode: 'x = 1', status: 'completed' });
    run.saveMetric('wall_time', 12.5, { unit: 's', category: 'performance' });
    run.saveMetric('iterations', 40);
    run.saveResourceUsage({ cpuPercent: 80, memoryMb: 512 });
    run.addProvenance({ entityType: 'output', entityName: 'max_stress', sourceType: 'computed' });
    run.addTag('nightly');
    run.addTag('nightly');
    run.checkpoint('step-10', { step: 10 }, { isFinal: false });
    run.completeRun('completed', { durationSeconds: 42.5 });

    expect(run.getInputs()).toEqual({
      temperature: { value: 360, type: 'number', units: 'kelvin', metadata: null },
      mesh: { value: 'fine', type: 'string', units: null, metadata: null },
      field: { value: Buffer.from([0, 1, 2, 255]), type: 'array', units: null, metadata: null },
    });
    const outputs = run.getOutputs();
    expect(outputs.max_stress).toMatchObject({
      value: 1.5e8,
      units: 'pascal',
      metadata: { description: 'peak' },
    });
    expect(outputs.converged.value).toBe(true);
    expect(outputs.residual.value).toBeNaN();
    const artifacts = run.getArtifacts();
    expect(artifacts.map((a) => [a.name, a.size_bytes, a.content_hash, a.inline])).toEqual([
      ['notes.txt', 5, sha256('hello'), true],
      ['mesh.bin', 300_000, sha256(Buffer.alloc(300_000, 7)), false],
    ]);
    expect(run.getArtifacts({ category: 'input' })[0].id).toBe(artifactId);
    expect(run.readArtifact('notes.txt')?.toString()).toBe('hello');
    expect(run.getLogs({ level: 'ERROR' })).toEqual([
      expect.objectContaining({
        message: 'solver hiccup',
        context: { step: 3 },
        exception_type: 'ValueError',
      }),
    ]);
    expect(run.getErrors().map((e) => e.message)).toEqual(['solver hiccup']);
    expect(run.getMetrics({ category: 'performance' }).map((m) => m.metric_name)).toEqual(['wall_time']);
    expect(run.getMetrics().map((m) => m.category)).toEqual(['performance', 'custom']);
    expect(run.getCheckpoints()[0]).toMatchObject({
      checkpoint_name: 'step-10',
      state: { step: 10 },
      is_final: false,
    });
    expect(run.getCellExecutions()).toHaveLength(1);
    expect(run.getResourceUsage()[0]).toMatchObject({ cpu_percent: 80, memory_mb: 512 });
    expect(run.getProvenance()[0]).toMatchObject({ entity_name: 'max_stress', source_type: 'computed' });
    expect(run.getSummary()).toMatchObject({
      execution_id: 'exec-2024-001',
      squid_id: 'thermal_sim/1.0.0/abc',
      simulation_name: 'thermal_sim',
      status: 'completed',
      duration_seconds: 42.5,
      input_count: 3,
      output_count: 3,
      artifact_count: 2,
      log_count: 3,
      error_count: 1,
      warning_count: 1,
      metric_count: 2,
      tags: ['nightly'],
      valid: true,
      invalidation: null,
    });
    run.close();

    // The view sim2l's tools read agrees with the summary.
    const db = new Database(join(dir, 'exec-2024-001.db'), { readonly: true });
    expect(db.prepare('SELECT * FROM run_summary').get()).toMatchObject({
      input_count: 3,
      output_count: 3,
      error_count: 1,
      warning_count: 1,
    });
    db.close();
  });

  it('writes a batch in one transaction: a bad record in the middle leaves nothing behind', () => {
    const run = RunDatabase.open('exec-batch', { dir });
    run.initializeRun('bulk', '1');
    run.saveMetrics(Array.from({ length: 5000 }, (_, i) => ({ name: 'm', value: i })));
    expect(run.getMetrics()).toHaveLength(5000);
    expect(() =>
      run.logMany([
        { level: 'INFO', message: 'one' },
        { level: 'LOUD' as 'INFO', message: 'two' },
      ]),
    ).toThrow(/log level/);
    expect(run.getLogs()).toEqual([]);
    run.close();
  });

  it('marks a run invalid: it stays readable, and the reason and time are kept', () => {
    const run = RunDatabase.open('exec-bad', { dir });
    expect(() => run.invalidate('too early')).toThrow(/never initialized/);
    run.initializeRun('thermal_sim', '1.0.0');
    run.saveInput('temperature', 300, 'number');
    expect(() => run.invalidate('  ')).toThrow(/needs a reason/);
    run.invalidate('wrong mesh', { by: 'alice' });
    const summary = run.getSummary()!;
    expect(summary.valid).toBe(false);
    expect(summary.invalidation).toMatchObject({ reason: 'wrong mesh', invalidated_by: 'alice' });
    expect(run.getInputs().temperature.value).toBe(300);
    run.close();
  });

  it('reads a file sim2l wrote: Python value formats, its summary view, no invalidations table', () => {
    const path = join(dir, 'exec-py.db');
    writeSim2lRunFile(path, {
      executionId: 'exec-py',
      inputs: [
        { name: 'temperature', type: 'number', json: '350', units: 'kelvin' },
        { name: 'label', type: 'string', json: '"caf\\u00e9"' },
        { name: 'blob', type: 'array', blob: Buffer.from('raw') },
      ],
      outputs: [
        { name: 'max_stress', type: 'number', json: '150000000.0', units: 'pascal' },
        { name: 'residual', type: 'number', json: 'NaN' },
        { name: 'series', type: 'array', json: '[1.0, Infinity, -Infinity]' },
      ],
      logs: [
        { level: 'ERROR', message: 'e1' },
        { level: 'WARNING', message: 'w1' },
      ],
    });
    const run = RunDatabase.open(path, { readonly: true });
    expect(run.getInputs().label.value).toBe('café');
    expect(run.getInputs().blob.value).toEqual(Buffer.from('raw'));
    expect(run.getOutputs().max_stress.value).toBe(150000000);
    expect(run.getOutputs().series.value).toEqual([1, Infinity, -Infinity]);
    const summary = run.getSummary()!;
    expect(summary).toMatchObject({
      input_count: 3,
      output_count: 3,
      error_count: 1,
      warning_count: 1,
      valid: true,
    });
    expect(parseTimestamp(summary.started_at)?.toISOString()).toBe('2024-03-01T10:00:00.123Z');
    run.close();

    // sim2l's own view multiplies the counts; ours above does not.
    const db = new Database(path, { readonly: true });
    expect(
      (db.prepare('SELECT error_count FROM run_summary').get() as { error_count: number }).error_count,
    ).toBe(9);
    db.close();

    const writable = RunDatabase.open(path);
    writable.invalidate('checked by hand');
    expect(writable.getInvalidation()?.reason).toBe('checked by hand');
    writable.close();
  });

  it('encodes values as json.dumps does, non-finite numbers included', () => {
    expect(encodeJson({ a: [1, Number.NaN, -Infinity], b: 'x' })).toBe('{"a":[1,NaN,-Infinity],"b":"x"}');
    expect(decodeJson('{"a": [1, NaN, -Infinity], "s": "NaN Infinity"}')).toEqual({
      a: [1, Number.NaN, -Infinity],
      s: 'NaN Infinity',
    });
    expect(decodeJson('Infinity')).toBe(Infinity);
    expect(() => decodeJson('{nope')).toThrow(SyntaxError);
  });
});
