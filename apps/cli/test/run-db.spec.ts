import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RunDatabase } from '@simvault/run-db';
import { writeSim2lRunFile } from '@simvault/run-db/testing';

const CLI = resolve(__dirname, '../dist/main.js');

function simvault(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('simvault run-db (the built CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'simvault-cli-run-db-'));
    const run = RunDatabase.open('exec-cli-1', { dir });
    run.initializeRun('thermal_sim', '1.0.0', { squidId: 'thermal_sim/1.0.0/x' });
    run.saveInput('temperature', 350, 'number', { units: 'kelvin' });
    run.saveInput('mesh', 'fine', 'string');
    run.saveOutput('max_stress', 1.5e8, 'number', { units: 'pascal' });
    run.saveMetric('wall_time', 12.5, { unit: 's', category: 'performance' });
    run.log('ERROR', 'solver hiccup', null, { exceptionType: 'ValueError' });
    run.completeRun('completed', { durationSeconds: 42.5 });
    run.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("shows a run's summary, inputs, outputs, metrics and errors, by id or by path", () => {
    const byId = simvault(['run-db', 'show', 'exec-cli-1', '--dir', dir]);
    expect(byId.code).toBe(0);
    expect(byId.out).toContain(`Run database ${join(dir, 'exec-cli-1.db')}`);
    expect(byId.out).toMatch(/execution id\s+exec-cli-1/);
    expect(byId.out).toMatch(/simulation\s+thermal_sim 1\.0\.0/);
    expect(byId.out).toMatch(/validity\s+valid/);
    expect(byId.out).toMatch(/duration\s+42\.5 s/);
    expect(byId.out).toMatch(
      /Inputs \(2\)\n\s+temperature\s+350\s+number\s+kelvin\n\s+mesh\s+"fine"\s+string/,
    );
    expect(byId.out).toMatch(/Outputs \(1\)\n\s+max_stress\s+150000000\s+number\s+pascal/);
    expect(byId.out).toMatch(/Metrics \(1\)\n\s+wall_time\s+12\.5\s+s\s+performance/);
    expect(byId.out).toMatch(/Errors \(1\)\n.*ERROR\s+solver hiccup \[ValueError\]/);
    const byEnv = simvault(['run-db', 'show', 'exec-cli-1'], { SIMVAULT_RUN_DB_DIR: dir });
    expect(byEnv.out).toBe(byId.out);
    expect(simvault(['run-db', 'show', join(dir, 'exec-cli-1.db')]).out).toBe(byId.out);
  });

  it('shows a file sim2l wrote', () => {
    writeSim2lRunFile(join(dir, 'py-1.db'), {
      executionId: 'py-1',
      inputs: [{ name: 'temperature', type: 'number', json: 'NaN' }],
    });
    const shown = simvault(['run-db', 'show', 'py-1', '--dir', dir]);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/temperature\s+NaN\s+number/);
  });

  it('marks a run invalid: it stays readable and shows why', () => {
    const done = simvault([
      'run-db',
      'invalidate',
      'exec-cli-1',
      '--dir',
      dir,
      '--reason',
      'wrong mesh',
      '--by',
      'alice',
    ]);
    expect(done.code).toBe(0);
    expect(done.out).toContain('Run exec-cli-1');
    expect(done.out).toContain('is now invalid: wrong mesh.');
    const shown = simvault(['run-db', 'show', 'exec-cli-1', '--dir', dir]);
    expect(shown.out).toMatch(/validity\s+INVALID since \S+ \S+: wrong mesh \(by alice\)/);
    expect(shown.out).toMatch(/temperature\s+350/);
  });

  it('refuses what it cannot do with a sentence and exit code 1', () => {
    const missing = simvault(['run-db', 'show', 'nope', '--dir', dir]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`simvault: No run database at ${join(dir, 'nope.db')}.`);
    const bad = simvault(['run-db', 'show', 'bad id', '--dir', dir]);
    expect(bad.err).toMatch(/"bad id" is not a valid execution id/);
    const noReason = simvault(['run-db', 'invalidate', 'exec-cli-1', '--dir', dir]);
    expect(noReason.code).toBe(1);
    expect(noReason.err).toContain("required option '--reason <text>' not specified");
    const absent = simvault(['run-db', 'invalidate', 'nope', '--dir', dir, '--reason', 'x']);
    expect(absent.code).toBe(1);
    expect(absent.err).toContain('No run database');
  });
});
