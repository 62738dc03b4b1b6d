import { TEST_BACKENDS } from '@simvault/db/testing';
import { startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

/**
 * Registration tied to the catalog (issue 21): the real catalog app beside the results app; each
 * registration is checked against the catalog version's schema and recorded as its execution.
 */
describe.each(TEST_BACKENDS)('registration and the catalog on %s', (backend) => {
  let p: ResultsPlatform;
  let simulationId: number;
  const as = () => ({ 'X-Session-ID': p.tokens.user });

  beforeAll(async () => {
    p = await startResultsPlatform(backend, {}, undefined, { withCatalog: true });
    const created = await p
      .catalogHttp()
      .post('/simulations')
      .set('X-Session-ID', p.tokens.developer)
      .send({
        name: 'thermal_sim',
        version: '1.0.0',
        description: 'Thermal stress in a plate',
        input_schema: {
          temperature: { type: 'Number', units: 'K', min: 0, max: 5000 },
          mesh: { type: 'Text', options: ['fine', 'coarse'] },
        },
        output_schema: {
          max_stress: { type: 'Number', units: 'Pa', required: true },
          converged: { type: 'Boolean' },
        },
      })
      .expect(201);
    simulationId = created.body.id;
  });
  afterAll(() => p.close());

  const direct = (executionId: string, body: Record<string, unknown>) =>
    p
      .http()
      .post('/register_direct')
      .set(as())
      .send({
        execution_id: executionId,
        simulation_name: 'thermal_sim',
        simulation_version: '1.0.0',
        status: 'completed',
        ...body,
      })
      .expect(200);

  it('checks a run file against the schema, with units compared after normalisation (kelvin = K, pascal = Pa)', async () => {
    p.sim2lRun(thermalRun('good-1', { temperature: 350, mesh: 'fine', max_stress: 1.5e8, converged: true }));
    const res = await p.http().post('/register').set(as()).send({ execution_id: 'good-1' }).expect(200);
    expect(res.body).toMatchObject({
      success: true,
      schema_ok: true,
      schema_warnings: [],
      catalog_notes: [],
      simulation_id: simulationId,
    });
  });

  it('records the execution in the catalog, once however often the run is registered', async () => {
    await p.http().post('/register').set(as()).send({ execution_id: 'good-1' }).expect(200);
    const execution = await p.catalogHttp().get('/executions/good-1').set(as()).expect(200);
    expect(execution.body).toMatchObject({
      execution_id: 'good-1',
      simulation_id: simulationId,
      username: 'usr',
    });
    const listed = await p
      .catalogHttp()
      .get(`/executions?simulation_id=${simulationId}&limit=100`)
      .set(as())
      .expect(200);
    const ids = (listed.body.items ?? listed.body).map((e: { execution_id: string }) => e.execution_id);
    expect(ids.filter((id: string) => id === 'good-1')).toHaveLength(1);
  });

  it('answers every disagreement: out of range, not an option, undeclared, required and missing, wrong type', async () => {
    const res = await direct('bad-1', {
      input_params: { temperature: 99999, mesh: 'medium', pressure: 3 },
      output_params: { converged: 'yes' },
    });
    expect(res.body.schema_ok).toBe(false);
    expect(
      res.body.schema_warnings
        .map((w: { param: string; problem: string }) => `${w.param}:${w.problem}`)
        .sort(),
    ).toEqual([
      'converged:type',
      'max_stress:required',
      'mesh:options',
      'pressure:undeclared',
      'temperature:max',
    ]);
    expect(res.body.schema_warnings.find((w: { problem: string }) => w.problem === 'max').message).toBe(
      'inputs.temperature: 99999 is above the declared maximum 5000',
    );
    const stored = await p.http().get('/results/bad-1').set(as()).expect(200);
    expect(stored.body.schema_ok).toBe(false);
    expect(stored.body.schema_warnings).toEqual(res.body.schema_warnings);
  });

  it('warns when units measure the same thing at another scale, or something else', async () => {
    p.sim2lRun({
      ...thermalRun('units-1', { temperature: 350, max_stress: 150 }),
      outputs: [{ name: 'max_stress', type: 'number', json: '150', units: 'kPa' }],
    });
    const res = await p.http().post('/register').set(as()).send({ execution_id: 'units-1' }).expect(200);
    expect(res.body.schema_ok).toBe(false);
    expect(res.body.schema_warnings).toEqual([
      {
        param: 'max_stress',
        class: 'output',
        problem: 'units',
        message: 'outputs.max_stress: units "kPa" are not the catalog\'s "Pa" (1 kPa = 1000 Pa)',
      },
    ]);
    p.sim2lRun({
      ...thermalRun('units-2', { temperature: 350, max_stress: 150 }),
      outputs: [{ name: 'max_stress', type: 'number', json: '150', units: 'm/s' }],
    });
    const other = await p.http().post('/register').set(as()).send({ execution_id: 'units-2' }).expect(200);
    expect(other.body.schema_warnings[0].message).toBe(
      'outputs.max_stress: units "m/s" measure something else than the catalog\'s "Pa"',
    );
  });

  it('registers a simulation the catalog does not know, unchecked, and says so', async () => {
    const res = await direct('unknown-1', {
      simulation_name: 'nobody_knows',
      input_params: { x: 1 },
      output_params: { y: 2 },
    });
    expect(res.body).toMatchObject({ schema_ok: null, schema_warnings: [], simulation_id: null });
    expect(res.body.catalog_notes).toEqual([
      'The catalog does not know nobody_knows 1.0.0 (or this session may not see it): the values were not checked.',
    ]);
  });

  it('says when the caller may not record executions in the catalog (an anonymous session)', async () => {
    const res = await p
      .http()
      .post('/register_direct')
      .set('X-Session-ID', p.tokens.anonymous)
      .send({
        execution_id: 'anon-1',
        simulation_name: 'thermal_sim',
        simulation_version: '1.0.0',
        status: 'completed',
        input_params: { temperature: 300 },
        output_params: { max_stress: 1 },
      })
      .expect(200);
    expect(res.body.schema_ok).toBe(true);
    expect(res.body.catalog_notes).toEqual([
      'The catalog did not record the execution: This needs the execute or run privilege, which this session does not have.',
    ]);
  });

  it('lets a search filter on schema_ok, and refuses a value that is not a boolean', async () => {
    const search = (filter: string) =>
      p.http().post('/search').set(as()).send({ filter, limit: 100 }).expect(200);
    const ids = (body: { results?: { execution_id: string }[] }) =>
      (body.results ?? []).map((r) => r.execution_id).sort();
    expect(ids((await search('schema_ok = false')).body)).toEqual(['bad-1', 'units-1', 'units-2']);
    expect(ids((await search('schema_ok = true')).body)).toEqual(['anon-1', 'good-1']);
    expect(ids((await search('schema_ok = null')).body)).toEqual(['unknown-1']);
    const refused = await p
      .http()
      .post('/search')
      .set(as())
      .send({ filter: "schema_ok = 'yes'" })
      .expect(400);
    expect(refused.body.error).toMatch(/schema_ok holds true, false or null/);
  });
});
