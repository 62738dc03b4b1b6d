import { TEST_BACKENDS } from '@simvault/db/testing';
import { startResultsPlatform, type ResultsPlatform } from './platform';

const STRESS = Array.from({ length: 41 }, (_, i) => 1e8 + ((i * 7919) % 101) * 1e6 + i * 0.25);
const MESHES = ['fine', 'coarse', 'medium', 'fine', 'fine'];

function percentile(sorted: number[], p: number): number {
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
}

function describeNumbers(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { sorted, mean, stddev: Math.sqrt(variance) };
}

describe.each(TEST_BACKENDS)('parameter statistics on %s', (backend) => {
  let p: ResultsPlatform;
  const as = { 'X-Session-ID': '' };
  const stats = (path: string) => p.http().get(path).set(as);

  beforeAll(async () => {
    p = await startResultsPlatform(backend);
    as['X-Session-ID'] = p.tokens.user;
    for (let i = 0; i < STRESS.length; i++) {
      await p
        .http()
        .post('/register_direct')
        .set(as)
        .send({
          execution_id: `stat-${i}`,
          simulation_name: 'stat_sim',
          simulation_version: i < 20 ? '1' : '2',
          input_params: { mesh: MESHES[i % MESHES.length], cores: 4 },
          output_params: { max_stress: STRESS[i], ok: i % 4 !== 0 },
          status: 'completed',
        })
        .expect(200);
    }
    await p.http().post('/results/stat-40/invalidate').set(as).send({ reason: 'outlier' }).expect(200);
    // Two failed runs with absurd values: left out unless asked for by status.
    for (const [i, status] of [
      [0, 'failed'],
      [1, 'error'],
    ] as const) {
      await p
        .http()
        .post('/register_direct')
        .set(as)
        .send({
          execution_id: `stat-failed-${i}`,
          simulation_name: 'stat_sim',
          simulation_version: '2',
          input_params: { mesh: 'broken', cores: 4 },
          output_params: { max_stress: -1e12, ok: false },
          status,
        })
        .expect(200);
    }
  });
  afterAll(() => p.close());

  it("answers sim2l's fields and ours for a numeric output: count, range, mean, stddev, percentiles, histogram", async () => {
    const values = STRESS.slice(0, 40);
    const { sorted, mean, stddev } = describeNumbers(values);
    const res = await stats('/stats/stat_sim/max_stress?class=output&bins=10').expect(200);
    expect(res.body).toMatchObject({
      param_name: 'max_stress',
      param_class: 'output',
      param_type: 'number',
      count: 40,
      min_value: sorted[0],
      max_value: sorted[39],
      kinds: { number: 40 },
    });
    expect(res.body.avg_value).toBeCloseTo(mean, 3);
    expect(res.body.stddev).toBeCloseTo(stddev, 3);
    for (const [name, q] of [
      ['p1', 0.01],
      ['p5', 0.05],
      ['p25', 0.25],
      ['p50', 0.5],
      ['p75', 0.75],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const) {
      expect(res.body.percentiles[name]).toBeCloseTo(percentile(sorted, q), 3);
    }
    const histogram = res.body.histogram as { lower: number; upper: number; count: number }[];
    expect(histogram).toHaveLength(10);
    expect(histogram[0].lower).toBe(sorted[0]);
    expect(histogram[9].upper).toBe(sorted[39]);
    const width = (sorted[39] - sorted[0]) / 10;
    const expected = Array.from({ length: 10 }, () => 0);
    for (const v of values) expected[Math.min(9, Math.floor((v - sorted[0]) / width))]++;
    expect(histogram.map((b) => b.count)).toEqual(expected);
  });

  it('narrows to a version, or counts invalidated runs when asked', async () => {
    const v2 = await stats('/stats/stat_sim/max_stress?version=2').expect(200);
    expect(v2.body.count).toBe(20);
    expect(v2.body.max_value).toBe(Math.max(...STRESS.slice(20, 40)));
    const all = await stats('/stats/stat_sim/max_stress?include_invalid=true').expect(200);
    expect(all.body.count).toBe(41);
  });

  it('leaves failed runs out unless status= asks for them', async () => {
    const everyStatus = await stats('/stats/stat_sim/max_stress?status=all').expect(200);
    expect(everyStatus.body.count).toBe(42);
    expect(everyStatus.body.min_value).toBe(-1e12);
    const failed = await stats('/stats/stat_sim/max_stress?status=failed').expect(200);
    expect(failed.body).toMatchObject({ count: 1, min_value: -1e12, max_value: -1e12 });
    const both = await stats('/stats/stat_sim/max_stress?status=completed,error&include_invalid=true').expect(
      200,
    );
    expect(both.body.count).toBe(42);
    const mesh = await stats('/stats/stat_sim/mesh?class=input&status=failed,error').expect(200);
    expect(mesh.body.value_counts).toEqual([{ value: 'broken', count: 2 }]);
    expect((await stats('/stats/stat_sim/max_stress?status=a;b').expect(400)).body.error).toMatch(
      /status must be all or up to 10 comma-separated statuses/,
    );
  });

  it('counts the values of a string input and of a boolean output', async () => {
    const mesh = await stats('/stats/stat_sim/mesh?class=input').expect(200);
    expect(mesh.body).toMatchObject({
      param_type: 'string',
      count: 40,
      distinct_values: 3,
      value_counts: [
        { value: 'fine', count: 24 },
        { value: 'coarse', count: 8 },
        { value: 'medium', count: 8 },
      ],
    });
    const ok = await stats('/stats/stat_sim/ok').expect(200);
    expect(ok.body).toMatchObject({
      param_type: 'boolean',
      count: 40,
      value_counts: [
        { value: true, count: 30 },
        { value: false, count: 10 },
      ],
    });
  });

  it('answers {param_name, count: 0} for a parameter it does not know, as sim2l does', async () => {
    const res = await stats('/stats/stat_sim/nothing?class=input').expect(200);
    expect(res.body).toEqual({ param_name: 'nothing', param_class: 'input', count: 0 });
    expect((await stats('/stats/no_sim/max_stress').expect(200)).body.count).toBe(0);
    expect((await stats('/stats/stat_sim/max_stress?class=both').expect(400)).body.error).toMatch(
      /class must be input or output/,
    );
  });

  it('lists each parameter with its type, units and observed range, and the versions', async () => {
    const all = await stats('/schemas/stat_sim?include_invalid=true').expect(200);
    expect(all.body.parameters.find((q: { name: string }) => q.name === 'max_stress').max).toBe(
      Math.max(...STRESS),
    );
    // The schema describes every valid run, the two failed ones too.
    const res = await stats('/schemas/stat_sim').expect(200);
    expect(res.body.results).toBe(42);
    expect(res.body.versions).toEqual([
      { simulation_version: '1', schema_id: expect.any(Number), results: 20 },
      { simulation_version: '2', schema_id: expect.any(Number), results: 22 },
    ]);
    expect(res.body.parameters).toEqual([
      {
        name: 'cores',
        class: 'input',
        type: 'number',
        kinds: ['number'],
        declared_type: 'number',
        units: null,
        min: 4,
        max: 4,
      },
      {
        name: 'mesh',
        class: 'input',
        type: 'string',
        kinds: ['string'],
        declared_type: 'string',
        units: null,
        min: null,
        max: null,
      },
      {
        name: 'max_stress',
        class: 'output',
        type: 'number',
        kinds: ['number'],
        declared_type: 'number',
        units: null,
        min: -1e12,
        max: Math.max(...STRESS.slice(0, 40)),
      },
      {
        name: 'ok',
        class: 'output',
        type: 'boolean',
        kinds: ['boolean'],
        declared_type: 'boolean',
        units: null,
        min: null,
        max: null,
      },
    ]);
    expect((await stats('/schemas').expect(200)).body).toEqual([
      { simulation_name: 'stat_sim', results: 42, versions: 2 },
    ]);
    expect((await stats('/schemas/unknown_sim').expect(404)).body.error).toBe(
      'No results of a simulation named "unknown_sim".',
    );
  });
});
