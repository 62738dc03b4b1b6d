import { ManualClock } from '@simvault/core';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { parseFilter, type Filter } from '../src';
import { ResultsDb } from '../src/db/results-db';
import { frag } from '../src/db/sql';
import { filterFromObjects } from '../src/search/filter-objects';
import { SearchCompiler } from '../src/search/search-sql';
import { startResultsPlatform, type ResultsPlatform } from './platform';

interface Run {
  id: number;
  execution_id: string;
  squid_id: string;
  simulation_name: string;
  simulation_version: string;
  status: string;
  duration_seconds: number;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

const MATERIALS = ['steel', 'copper', 'Aluminium', 'zinc'];

function thermal(i: number): Omit<Run, 'id' | 'squid_id'> {
  const inputs: Record<string, unknown> = {
    temperature: 250 + ((i * 37) % 151),
    mesh: (i % 4) + 1,
    material: MATERIALS[i % 4],
    label: i % 7 === 0 ? `x${i}` : i,
  };
  if (i % 5 === 1) inputs.pressure = null;
  else if (i % 5 !== 0) inputs.pressure = i * 1.5;
  return {
    execution_id: `thermal-${String(i).padStart(3, '0')}`,
    simulation_name: 'thermal_sim',
    simulation_version: i < 30 ? '1.0' : '2.0',
    status: i % 10 === 0 ? 'failed' : 'completed',
    duration_seconds: i / 2,
    inputs,
    outputs: { max_stress: i * 1e6 + 0.5, converged: i % 3 !== 0, note: i % 2 ? 'yes' : 'no' },
  };
}

/** The meaning of a filter, evaluated on one run in plain code: what the SQL must agree with. */
function holds(f: Filter, run: Run): boolean {
  const get = (field: Extract<Filter, { field: unknown }>['field']): unknown => {
    if (field.kind === 'result') return run[field.name as keyof Run];
    const source = field.scope === 'input' ? run.inputs : run.outputs;
    return field.name in source ? source[field.name] : undefined;
  };
  const equal = (value: unknown, literal: unknown) =>
    literal === null
      ? value === null || value === undefined
      : typeof value === typeof literal && value === literal;
  switch (f.op) {
    case 'and':
      return f.args.every((a) => holds(a, run));
    case 'or':
      return f.args.some((a) => holds(a, run));
    case 'not':
      return !holds(f.arg, run);
    case 'null':
      return get(f.field) === null || get(f.field) === undefined;
    case 'exists':
      return get(f.field) !== undefined;
    case 'in':
      return f.values.some((v) => equal(get(f.field), v));
    case 'compare': {
      const value = get(f.field);
      if (f.compare === '=') return equal(value, f.value);
      if (typeof value !== typeof f.value || value === null || value === undefined) return false;
      const [a, b] = [value as number | string, f.value as number | string];
      return f.compare === '<' ? a < b : f.compare === '<=' ? a <= b : f.compare === '>' ? a > b : a >= b;
    }
  }
}

const FILTERS = [
  'inputs.temperature >= 300',
  'inputs.temperature > 280 and inputs.temperature < 350 and outputs.max_stress >= 10e6',
  'inputs.temperature >= 300 and (outputs.converged = true or inputs.mesh in (1, 2))',
  'not outputs.converged = true',
  'inputs.pressure is null',
  'inputs.pressure is not null and inputs.pressure < 30',
  "inputs.material = 'steel' or inputs.material > 'c'",
  "inputs.material in ('steel', 'zinc') and not inputs.mesh in (4)",
  'inputs.label = 14',
  "inputs.label = 'x14'",
  'inputs.label >= 10',
  "inputs.label < 'x3'",
  "status = 'failed' or simulation_version = '2.0'",
  'duration_seconds > 5 and duration_seconds <= 20',
  'inputs.nosuch = 3',
  'not inputs.nosuch = 3',
  'inputs.temperature != 300',
  'inputs.mesh not in (1, 2, null)',
  'inputs.pressure in (null, 3)',
  '(inputs.mesh = 1 or inputs.mesh = 2) and not (outputs.converged = false or inputs.pressure is null)',
  'outputs.max_stress > 1e7 and inputs.temperature < 400 and not inputs.mesh = 3',
  "outputs.note = 'yes' and outputs.converged = false or inputs.mesh = 4 and not inputs.material = 'zinc'",
  "execution_id in ('thermal-001', 'thermal-002') or squid_id = 'thermal_sim/1.0/thermal-003'",
];

describe.each(TEST_BACKENDS)('searching results on %s', (backend) => {
  let p: ResultsPlatform;
  const runs: Run[] = [];
  const clock = new ManualClock(new Date('2026-02-01T00:00:00Z'));
  const as = { 'X-Session-ID': '' };
  const search = (body: Record<string, unknown>) => p.http().post('/search').set(as).send(body);
  const ids = (results: { execution_id: string }[]) => results.map((r) => r.execution_id);

  async function register(run: Omit<Run, 'id' | 'squid_id'>): Promise<Run> {
    clock.advance(1000);
    const res = await p
      .http()
      .post('/register_direct')
      .set(as)
      .send({
        execution_id: run.execution_id,
        simulation_name: run.simulation_name,
        simulation_version: run.simulation_version,
        input_params: run.inputs,
        output_params: run.outputs,
        status: run.status,
        duration_seconds: run.duration_seconds,
      })
      .expect(200);
    return { ...run, id: res.body.result_id, squid_id: res.body.squid_id };
  }

  beforeAll(async () => {
    p = await startResultsPlatform(backend, {}, clock);
    as['X-Session-ID'] = p.tokens.user;
    for (let i = 0; i < 60; i++) runs.push(await register(thermal(i)));
    for (let i = 0; i < 8; i++) {
      runs.push(
        await register({
          execution_id: `other-${i}`,
          simulation_name: 'other_sim',
          simulation_version: '1',
          status: 'completed',
          duration_seconds: 1,
          inputs: { temperature: 300 + i, mesh: 'coarse' },
          outputs: {},
        }),
      );
    }
  });
  afterAll(() => p.close());

  const newestFirst = (list: Run[]) => [...list].sort((a, b) => b.id - a.id).map((r) => r.execution_id);

  it.each(FILTERS)('finds exactly the runs where %s', async (filter) => {
    const expected = runs.filter((r) => r.simulation_name === 'thermal_sim' && holds(parseFilter(filter), r));
    const res = await search({ simulation_name: 'thermal_sim', filter, limit: 1000 }).expect(200);
    expect(ids(res.body.results)).toEqual(newestFirst(expected));
    expect(res.body.total).toBe(expected.length);
    expect(res.headers['x-total-count']).toBe(String(expected.length));
  });

  it("evaluates sim2l's filter objects in SQL, with our added operators", async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ temperature: 350 }, {}],
      [{ temperature: { $gt: 300, $lte: 380 } }, { converged: true }],
      [{ mesh: { $in: [1, 3] }, material: { $ne: 'steel' } }, {}],
      [{ mesh: { $nin: [1, 3] }, pressure: { $exists: true } }, { max_stress: { $lt: 3e7 } }],
      [{ pressure: { $exists: false } }, {}],
      [{ pressure: null }, { note: { $eq: 'no' } }],
    ];
    for (const [input_filters, output_filters] of cases) {
      const filter: Filter = {
        op: 'and',
        args: [...filterFromObjects('input', input_filters), ...filterFromObjects('output', output_filters)],
      };
      const expected = runs.filter((r) => r.simulation_name === 'thermal_sim' && holds(filter, r));
      const res = await search({
        simulation_name: 'thermal_sim',
        input_filters,
        output_filters,
        limit: 1000,
      }).expect(200);
      expect(ids(res.body.results)).toEqual(newestFirst(expected));
      expect(res.body.count).toBe(expected.length);
    }
  });

  it('filters on all simulations, or on a version and status, and combines objects with a filter string', async () => {
    const all = await search({ input_filters: { temperature: { $gte: 300, $lt: 304 } }, limit: 1000 }).expect(
      200,
    );
    expect(ids(all.body.results)).toEqual(
      newestFirst(
        runs.filter((r) => (r.inputs.temperature as number) >= 300 && (r.inputs.temperature as number) < 304),
      ),
    );
    expect(all.body.results.some((r: Run) => r.simulation_name === 'other_sim')).toBe(true);
    const scoped = await search({
      simulation_name: 'thermal_sim',
      simulation_version: '2.0',
      status: 'completed',
      input_filters: { mesh: { $lte: 2 } },
      filter: 'outputs.converged = true',
      limit: 1000,
    }).expect(200);
    expect(ids(scoped.body.results)).toEqual(
      newestFirst(
        runs.filter(
          (r) =>
            r.simulation_name === 'thermal_sim' &&
            r.simulation_version === '2.0' &&
            r.status === 'completed' &&
            (r.inputs.mesh as number) <= 2 &&
            r.outputs.converged === true,
        ),
      ),
    );
  });

  it('pages through every match with a total, sorted by a parameter (numbers, then strings, then none)', async () => {
    const key = (r: Run) => r.inputs.label as number | string | undefined;
    const rank = (v: unknown) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
    const expected = runs
      .filter((r) => r.simulation_name === 'thermal_sim' && r.status === 'completed')
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        if (rank(x) !== rank(y)) return rank(x) - rank(y);
        if (x !== y) return (x as number | string) < (y as number | string) ? -1 : 1;
        return a.id - b.id;
      })
      .map((r) => r.execution_id);
    const seen: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 7) {
      const res = await search({
        simulation_name: 'thermal_sim',
        filter: "status = 'completed'",
        sort_by: 'inputs.label',
        sort_order: 'asc',
        limit: 7,
        offset,
      }).expect(200);
      expect(res.body).toMatchObject({ total: expected.length, limit: 7, offset });
      seen.push(...ids(res.body.results));
    }
    expect(seen).toEqual(expected);

    const oldest = await search({
      simulation_name: 'thermal_sim',
      sort_by: 'created_at',
      sort_order: 'asc',
      limit: 3,
    });
    expect(ids(oldest.body.results)).toEqual(['thermal-000', 'thermal-001', 'thermal-002']);
    const longest = await search({ filter: 'inputs.mesh = 4', sort_by: 'duration_seconds', limit: 1 }).expect(
      200,
    );
    expect(ids(longest.body.results)).toEqual(['thermal-059']);
    const byPressure = await search({
      simulation_name: 'thermal_sim',
      sort_by: 'inputs.pressure',
      limit: 1000,
    }).expect(200);
    const pressures = byPressure.body.results.map(
      (r: Run) => (r as unknown as { input_params: Record<string, unknown> }).input_params.pressure,
    );
    const numbers = pressures.filter((v: unknown) => typeof v === 'number');
    expect(numbers).toEqual([...numbers].sort((a: number, b: number) => b - a));
    expect(pressures.slice(numbers.length).every((v: unknown) => v === null || v === undefined)).toBe(true);
  });

  it('filters before it limits: old matches behind many newer non-matches are found, and counted', async () => {
    for (let i = 0; i < 3; i++) {
      await register({
        ...thermal(i),
        execution_id: `limit-old-${i}`,
        simulation_name: 'limit_sim',
        inputs: { hit: 1 },
      });
    }
    for (let i = 0; i < 120; i++) {
      await register({
        ...thermal(i),
        execution_id: `limit-new-${i}`,
        simulation_name: 'limit_sim',
        inputs: { hit: 0 },
      });
    }
    const res = await search({ simulation_name: 'limit_sim', input_filters: { hit: 1 }, limit: 2 }).expect(
      200,
    );
    expect(res.body).toMatchObject({ count: 2, total: 3 });
    expect(ids(res.body.results)).toEqual(['limit-old-2', 'limit-old-1']);
  });

  it('returns the fields asked for, and answers GET /results?filter= the same way', async () => {
    const body = {
      simulation_name: 'thermal_sim',
      filter: 'inputs.mesh = 2 and inputs.temperature < 300',
      fields: ['execution_id', 'inputs.temperature', 'outputs.converged'],
      limit: 3,
    };
    const res = await search(body).expect(200);
    for (const r of res.body.results) {
      expect(Object.keys(r).sort()).toEqual(['execution_id', 'input_params', 'output_params']);
      expect(Object.keys(r.input_params)).toEqual(['temperature']);
      expect(Object.keys(r.output_params)).toEqual(['converged']);
    }
    const get = await p
      .http()
      .get('/results')
      .query({
        simulation_name: body.simulation_name,
        filter: body.filter,
        fields: body.fields.join(','),
        limit: 3,
      })
      .set(as)
      .expect(200);
    expect(get.body).toEqual(res.body);
    const plain = await search({ simulation_name: 'other_sim', limit: 1 }).expect(200);
    expect(Object.keys(plain.body.results[0]).sort()).toEqual([
      'created_at',
      'duration_seconds',
      'execution_id',
      'input_params',
      'output_params',
      'simulation_name',
      'simulation_version',
      'squid_id',
      'status',
      'tags',
      'valid',
    ]);
    expect(plain.body).toMatchObject({ count: 1, total: 8 });
  });

  it('answers a malformed or meaningless search with a 400 that points at the problem', async () => {
    const bad = await search({ filter: 'inputs.temperature >= 300 and (outputs.converged = ' }).expect(400);
    expect(bad.body.error).toBe(
      'Invalid filter at position 52: expected a value (a number, a quoted string, true, false or null) but found the end of the filter.',
    );
    expect(bad.body.details.pointer).toBe(
      'inputs.temperature >= 300 and (outputs.converged = \n' + ' '.repeat(51) + '^',
    );
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ filter: 'outputs.converged > true' }, /only numbers and strings can be ordered/],
      [{ filter: "created_at > 'yesterday'" }, /is not a date and time/],
      [{ filter: "duration_seconds = 'long'" }, /duration_seconds holds numbers/],
      [{ input_filters: { t: { $near: 3 } } }, /unknown operator \$near/],
      [{ sort_by: 'inputs' }, /sort_by "inputs" is not a field/],
      [{ fields: ['password'] }, /fields: "password" is not a field/],
      [{ limit: 5000 }, /limit must not be greater than 1000/],
      [{ input_filters: 'temperature=3' }, /input_filters must be an object/],
    ];
    for (const [body, message] of cases) {
      expect((await search(body).expect(400)).body.error).toMatch(message);
    }
  });

  it('refuses a filter too large to run, within the 10,000-character limit, and takes one at the limits', async () => {
    const term = (i: number) => `inputs.t=${i}`;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ filter: `${'('.repeat(3000)}${term(1)}${')'.repeat(3000)}` }, /nest deeper than 20 levels/],
      [{ filter: `${'not '.repeat(2000)}${term(1)}` }, /nest deeper than 20 levels/],
      [{ filter: Array.from({ length: 560 }, (_, i) => term(i)).join(' or ') }, /more than 100 conditions/],
      [
        { input_filters: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, i])) },
        /more than 100 conditions/,
      ],
      [
        { input_filters: { mesh: { $in: Array.from({ length: 1001 }, (_, i) => i) } } },
        /more than 1000 values/,
      ],
      [{ sort_by: 'constructor' }, /sort_by "constructor" is not a field/],
      [{ filter: "constructor = 'x'" }, /"constructor" is not a field/],
      [{ filter: '__proto__ is null' }, /"__proto__" is not a field/],
    ];
    for (const [body, message] of cases) {
      const res = await search(body);
      expect([res.status, res.body.error]).toEqual([400, expect.stringMatching(message)]);
    }
    const within = [
      `${'('.repeat(19)}${term(300)}${')'.repeat(19)}`,
      Array.from({ length: 100 }, (_, i) => term(i)).join(' or '),
      `${'not '.repeat(10)}${term(300)} or ${'(not '.repeat(10)}${term(1)}${')'.repeat(10)}`,
    ];
    for (const filter of within) expect((await search({ filter })).status).toBe(200);
    const nested = `(${Array.from({ length: 9 }, () => 'not (').join('')}${term(1)}${')'.repeat(10)}`;
    expect((await search({ filter: nested, input_filters: { mesh: { $in: [1, 2, 3] } } })).status).toBe(200);
  });

  it('serves a range filter from the value index (the plan, with statistics and table scans priced out)', async () => {
    const db = p.results.get(ResultsDb);
    const parameter = await db.one<{ id: unknown }>(
      frag(
        "SELECT id FROM result_parameters WHERE simulation_name = 'thermal_sim' AND param_class = 'input' AND name = 'temperature'",
      ),
    );
    const compiler = new SearchCompiler(
      db.pg,
      (d) => db.date(d),
      { simulationName: 'thermal_sim', includeInvalid: false },
      new Map([['input\u0000temperature', [Number(parameter!.id)]]]),
    );
    const set = compiler.set(parseFilter('inputs.temperature > 300 and inputs.temperature < 350'));
    const runner = db.dataSource.createQueryRunner();
    try {
      let plan: string;
      if (db.pg) {
        let n = 0;
        // As autovacuum keeps them: the planner prices the range condition only with statistics.
        await runner.query('ANALYZE result_values');
        await runner.startTransaction();
        await runner.query('SET LOCAL enable_seqscan = off');
        const rows = await runner.query(`EXPLAIN ${set.sql.replace(/\?/g, () => `$${++n}`)}`, set.params);
        await runner.rollbackTransaction();
        plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      } else {
        const rows = await runner.query(`EXPLAIN QUERY PLAN ${set.sql}`, set.params);
        plan = rows.map((r: { detail: string }) => r.detail).join('\n');
      }
      expect(plan).toMatch(/idx_result_values_number/);
    } finally {
      await runner.release();
    }
  });
});
