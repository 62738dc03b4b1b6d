import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTimestamp, readRunViewInWorker, RunDatabase, type MetricPoint } from './index';
import { writeSim2lRunFile } from './testing';

const limits = { timeoutMs: 30_000, maxMemoryMb: 256 };
const at = (i: number) => formatTimestamp(new Date(Date.UTC(2024, 2, 1, 10) + i * 1000));

/** The downsampling rule written out over an array: cut into groups, keep each group's extremes in order. */
function minMaxModel(points: MetricPoint[], maxPoints: number): MetricPoint[] {
  if (points.length <= maxPoints) return points;
  const groups = Math.floor(maxPoints / 2);
  const kept: MetricPoint[] = [];
  for (let g = 0; g < groups; g++) {
    const members = points.filter((_, i) => Math.floor((i * groups) / points.length) === g);
    const values = members.map((p) => p.value as number);
    const lowest = members[values.indexOf(Math.min(...values))];
    const highest = members[values.indexOf(Math.max(...values))];
    kept.push(...new Set([lowest, highest].sort((a, b) => a.step - b.step)));
  }
  return kept;
}

describe('a run file read as metric series and log pages', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simvault-run-series-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists metric names, downsamples a long series by min/max per bucket, keeps short ones whole', async () => {
    const path = join(dir, 'exec-m.db');
    // A residual curve with spikes at known steps, plus a short series without steps.
    const residual = Array.from({ length: 5000 }, (_, i) => ({
      name: 'residual',
      value: i === 1234 ? 1e6 : i === 4321 ? -1e6 : Math.sin(i / 50) / (1 + i),
      unit: '1',
      step: i * 10,
      timestamp: at(i),
    }));
    const loss = [0.9, 0.5, 0.25].map((value, i) => ({ name: 'loss/train', value, timestamp: at(i) }));
    writeSim2lRunFile(path, { executionId: 'exec-m', metrics: [...residual, ...loss] });

    expect(await readRunViewInWorker(path, { kind: 'metrics' }, limits)).toEqual([
      { name: 'loss/train', count: 3, unit: null, category: 'custom' },
      { name: 'residual', count: 5000, unit: '1', category: 'custom' },
    ]);

    const whole = residual.map((m) => ({
      step: m.step,
      time: `${m.timestamp.slice(0, 10)}T${m.timestamp.slice(11, 23)}Z`,
      value: m.value,
    }));
    const full = await readRunViewInWorker(
      path,
      { kind: 'series', name: 'residual', maxPoints: 10_000 },
      limits,
    );
    expect(full).toEqual({ name: 'residual', unit: '1', count: 5000, downsampled: false, points: whole });

    const small = await readRunViewInWorker(
      path,
      { kind: 'series', name: 'residual', maxPoints: 200 },
      limits,
    );
    expect(small!.downsampled).toBe(true);
    expect(small!.points.length).toBeLessThanOrEqual(200);
    expect(small!.points).toEqual(minMaxModel(whole, 200));
    // The spikes survive downsampling.
    expect(small!.points).toEqual(expect.arrayContaining([whole[1234], whole[4321]]));

    // No step in the metadata: the step is the point's position in time order.
    const short = await readRunViewInWorker(
      path,
      { kind: 'series', name: 'loss/train', maxPoints: 2 },
      limits,
    );
    expect(short!.points.map((p) => [p.step, p.value])).toEqual([
      [0, 0.9],
      [2, 0.25],
    ]);
    expect(
      await readRunViewInWorker(path, { kind: 'series', name: 'nope', maxPoints: 10 }, limits),
    ).toBeNull();
  });

  it('pages log lines oldest first, filtered by level, with totals and per-level counts', async () => {
    const path = join(dir, 'exec-l.db');
    const levels = ['INFO', 'DEBUG', 'WARNING', 'ERROR', 'INFO', 'CRITICAL', 'INFO'];
    const logs = Array.from({ length: 70 }, (_, i) => ({
      level: levels[i % levels.length],
      message: `line ${i}`,
      timestamp: at(i),
    }));
    writeSim2lRunFile(path, { executionId: 'exec-l', logs });
    const count = (l: string) => logs.filter((x) => x.level === l).length;
    const levelCounts = Object.fromEntries(
      ['CRITICAL', 'DEBUG', 'ERROR', 'INFO', 'WARNING'].map((l) => [l, count(l)]),
    );

    const page = await readRunViewInWorker(path, { kind: 'logs', query: { limit: 5, offset: 10 } }, limits);
    expect(page.items.map((l) => l.message)).toEqual(logs.slice(10, 15).map((l) => l.message));
    expect([page.total, page.limit, page.offset, page.levels]).toEqual([70, 5, 10, levelCounts]);

    const bad = logs.filter((l) => l.level === 'ERROR' || l.level === 'CRITICAL');
    const errors = await readRunViewInWorker(
      path,
      { kind: 'logs', query: { levels: ['ERROR', 'CRITICAL'], limit: 100, offset: 3 } },
      limits,
    );
    expect(errors.total).toBe(bad.length);
    expect(errors.items.map((l) => [l.level, l.message])).toEqual(
      bad.slice(3).map((l) => [l.level, l.message]),
    );
    expect(errors.items[0]).toMatchObject({
      logger: 'sim2l.executor',
      time: expect.stringMatching(/^2024-03-01T10:/),
    });

    // The direct reads agree with the worker's.
    const run = RunDatabase.open(path, { readonly: true });
    try {
      expect(run.logLevelCounts()).toEqual(levelCounts);
    } finally {
      run.close();
    }
  });
});
