import { TEST_BACKENDS } from '@simvault/db/testing';
import { formatTimestamp } from '@simvault/run-db';
import { startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

const at = (i: number) => formatTimestamp(new Date(Date.UTC(2024, 2, 1, 10) + i * 1000));
const isoAt = (i: number) => new Date(Date.UTC(2024, 2, 1, 10) + i * 1000).toISOString();

describe.each(TEST_BACKENDS)("a result's metrics and logs from the platform's run file on %s", (backend) => {
  let p: ResultsPlatform;
  const get = (path: string) => p.http().get(path).set('X-Session-ID', p.tokens.readonly);
  // A residual curve of 3000 points (one spike), a 3-point loss, and 40 log lines of mixed levels.
  const residual = Array.from({ length: 3000 }, (_, i) => (i === 2024 ? 50 : 1 / (1 + i)));
  const levels = ['INFO', 'WARNING', 'INFO', 'ERROR', 'DEBUG'];
  const logs = Array.from({ length: 40 }, (_, i) => ({
    level: levels[i % 5],
    message: `step ${i}`,
    timestamp: at(i),
  }));

  beforeAll(async () => {
    p = await startResultsPlatform(backend);
    p.sim2lRun(
      thermalRun(
        'exec-curves',
        { temperature: 300 },
        {
          metrics: [
            ...residual.map((value, i) => ({
              name: 'residual',
              value,
              unit: '1',
              step: i + 1,
              timestamp: at(i),
            })),
            ...[0.9, 0.4, 0.2].map((value, i) => ({ name: 'loss/train', value, timestamp: at(i) })),
          ],
          logs,
        },
      ),
    );
    await p
      .http()
      .post('/register')
      .set('X-Session-ID', p.tokens.user)
      .send({ execution_id: 'exec-curves' })
      .expect(200);
    await p
      .http()
      .post('/register_direct')
      .set('X-Session-ID', p.tokens.user)
      .send({
        execution_id: 'exec-direct',
        simulation_name: 'thermal_sim',
        simulation_version: '1',
        input_params: { temperature: 1 },
        output_params: {},
        status: 'completed',
      })
      .expect(200);
  });
  afterAll(() => p.close());

  it('lists the metric names with their counts', async () => {
    const res = await get('/results/exec-curves/metrics').expect(200);
    expect(res.body).toEqual({
      execution_id: 'exec-curves',
      metrics: [
        { name: 'loss/train', count: 3, unit: null, category: 'custom' },
        { name: 'residual', count: 3000, unit: '1', category: 'custom' },
      ],
    });
  });

  it('answers a whole short series, and a long one downsampled within max_points with its extremes', async () => {
    const loss = await get('/results/exec-curves/metrics/loss%2Ftrain').expect(200);
    expect(loss.body).toEqual({
      execution_id: 'exec-curves',
      name: 'loss/train',
      unit: null,
      count: 3,
      downsampled: false,
      max_points: 2000,
      points: [0.9, 0.4, 0.2].map((value, i) => ({ step: i, time: isoAt(i), value })),
    });

    const whole = await get('/results/exec-curves/metrics/residual?max_points=10000').expect(200);
    expect(whole.body.points).toEqual(residual.map((value, i) => ({ step: i + 1, time: isoAt(i), value })));

    const small = await get('/results/exec-curves/metrics/residual?max_points=100').expect(200);
    expect([small.body.count, small.body.downsampled, small.body.max_points]).toEqual([3000, true, 100]);
    expect(small.body.points.length).toBeLessThanOrEqual(100);
    expect(small.body.points.length).toBeGreaterThan(50);
    const steps = small.body.points.map((pt: { step: number }) => pt.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const values = small.body.points.map((pt: { value: number }) => pt.value);
    expect(Math.max(...values)).toBe(50);
    expect(Math.min(...values)).toBe(Math.min(...residual));
    expect(small.body.points).toContainEqual({ step: 2025, time: isoAt(2024), value: 50 });
  });

  it('pages the logs oldest first with a level filter, a total and per-level counts', async () => {
    const all = await get('/results/exec-curves/logs?limit=10&offset=5').expect(200);
    expect(all.body.items.map((l: { message: string }) => l.message)).toEqual(
      logs.slice(5, 15).map((l) => l.message),
    );
    expect([all.body.total, all.body.limit, all.body.offset]).toEqual([40, 10, 5]);
    expect(all.body.levels).toEqual({ DEBUG: 8, ERROR: 8, INFO: 16, WARNING: 8 });

    const bad = await get('/results/exec-curves/logs?level=error,warning').expect(200);
    const expected = logs.filter((l) => l.level === 'ERROR' || l.level === 'WARNING');
    expect(bad.body.total).toBe(expected.length);
    expect(bad.body.items.map((l: { level: string; message: string }) => [l.level, l.message])).toEqual(
      expected.map((l) => [l.level, l.message]),
    );
    expect(bad.body.items[0]).toMatchObject({ time: isoAt(1), logger: 'sim2l.executor', context: null });
  });

  it('refuses bad input with a sentence, and says why when there is nothing to read', async () => {
    const refusals: [string, number, RegExp][] = [
      ['/results/exec-curves/metrics/residual?max_points=1', 400, /max_points/],
      ['/results/exec-curves/metrics/residual?max_points=10001', 400, /max_points/],
      ['/results/exec-curves/metrics/residual?max_points=many', 400, /max_points/],
      ['/results/exec-curves/logs?level=LOUD', 400, /level must be a comma-separated list of DEBUG/],
      ['/results/exec-curves/logs?limit=0', 400, /limit/],
      ['/results/exec-curves/logs?offset=-1', 400, /offset/],
      ['/results/exec-curves/metrics/pressure', 404, /has no metric named "pressure"/],
      ['/results/no-such-run/metrics', 404, /^Result not found$/],
      ['/results/no-such-run/logs', 404, /^Result not found$/],
      ['/results/bad%20id/metrics', 400, /is not a valid execution id/],
      ['/results/exec-direct/metrics', 404, /registered without a run file/],
      ['/results/exec-direct/logs', 404, /registered without a run file/],
    ];
    for (const [path, status, sentence] of refusals) {
      const res = await get(path);
      expect([path, res.status, res.body.error]).toEqual([path, status, expect.stringMatching(sentence)]);
    }
  });
});
