import { createHash } from 'node:crypto';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { simulation, startCatalogPlatform, type CatalogPlatform } from './platform';

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe.each(TEST_BACKENDS)('simulations in the catalog on %s', (backend) => {
  let p: CatalogPlatform;
  beforeAll(async () => {
    p = await startCatalogPlatform(backend, { SIMVAULT_CATALOG_BUNDLE_MAX_BYTES: '2048' });
  });
  afterAll(() => p.close());

  const register = (body: object, who: Parameters<CatalogPlatform['as']>[0] = 'developer') =>
    p.http().post('/simulations').set(p.as(who)).send(body);

  it('reports itself healthy with its backend and the number of simulations', async () => {
    const before = (await p.http().get('/health').expect(200)).body;
    expect(before).toMatchObject({
      status: 'healthy',
      service: 'catalog',
      backend: backend === 'postgres' ? 'postgresql' : 'sqlite',
    });
    await register(simulation({ name: 'health_probe' })).expect(201);
    expect((await p.http().get('/health').expect(200)).body.simulations).toBe(before.simulations + 1);
  });

  it('registers what sim2l sends, builds the bundle from plain-text files and computes the workflow hash', async () => {
    const files = [
      { path: 'workflow.py', content: 'def run(T):\n    return T * 2\n' },
      { path: 'README.md', content: 'θερμική — unicode too' },
    ];
    const res = await register(
      simulation({ name: 'thermal_sim', workflow_files: files, workflow_entrypoint: 'workflow.py' }),
    ).expect(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), status: 'registered' });
    // sim2l's hash: each file sorted by path, path + NUL + content + NUL.
    const expected = sha(
      Buffer.concat(
        [...files]
          .sort((a, b) => (a.path < b.path ? -1 : 1))
          .flatMap((f) => [Buffer.from(f.path), Buffer.from([0]), Buffer.from(f.content), Buffer.from([0])]),
      ),
    );
    const got = await p.http().get('/simulations/thermal_sim').set(p.as('readonly')).expect(200);
    expect(got.body).toMatchObject({
      id: res.body.id,
      name: 'thermal_sim',
      version: '1.0.0',
      workflow_hash: expected,
      created_by: 'dev',
      input_schema: { temperature: { type: 'Number', units: 'K', min: 0, max: 2000, value: 300 } },
      dependencies: ['numpy>=1.24'],
    });
    expect(got.body.workflow_bundle).toMatchObject({ format_version: 1, entrypoint: 'workflow.py' });
    const readme = got.body.workflow_bundle.files.find((f: { path: string }) => f.path === 'README.md');
    expect(Buffer.from(readme.content_base64, 'base64').toString()).toBe(files[1].content);
    expect(readme.sha256).toBe(sha(files[1].content));
  });

  it('answers 409 for a name and version already registered, also to concurrent twins', async () => {
    await register(simulation({ name: 'dup_sim' })).expect(201);
    const again = await register(simulation({ name: 'dup_sim' })).expect(409);
    expect(again.body.error).toMatch(/dup_sim 1\.0\.0 is already registered/);
    const racing = await Promise.all(
      Array.from({ length: 8 }, () => register(simulation({ name: 'race_sim', version: '2.0' }))),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('checks a workflow bundle: sha256, size, base64, paths, entrypoint, and the size limit', async () => {
    const good = {
      files: [
        {
          path: 'main.py',
          encoding: 'base64',
          content_base64: b64('print(1)'),
          size_bytes: 8,
          sha256: sha('print(1)'),
        },
      ],
      entrypoint: 'main.py',
    };
    const ok = await register(simulation({ name: 'bundled', workflow_bundle: good })).expect(201);
    expect(ok.body.workflow_hash).toBe(sha('main.py\0print(1)\0'));
    const wrongSha = await register(
      simulation({ workflow_bundle: { files: [{ ...good.files[0], sha256: sha('other') }] } }),
    ).expect(400);
    expect(wrongSha.body.error).toMatch(
      /workflow_bundle\.files\[0\] \("main\.py"\) sha256 does not match its content/,
    );
    const wrongSize = await register(
      simulation({ workflow_bundle: { files: [{ ...good.files[0], size_bytes: 9 }] } }),
    ).expect(400);
    expect(wrongSize.body.error).toMatch(/says size_bytes 9 but its content is 8 bytes/);
    const notBase64 = await register(
      simulation({ workflow_bundle: { files: [{ path: 'a.py', content_base64: '!!!' }] } }),
    ).expect(400);
    expect(notBase64.body.error).toMatch(/content_base64 is not valid base64/);
    const escape = await register(
      simulation({ workflow_files: [{ path: '../etc/passwd', content: 'x' }] }),
    ).expect(400);
    expect(escape.body.error).toMatch(/"\.\." segment/);
    const entry = await register(
      simulation({ workflow_files: [{ path: 'a.py', content: 'x' }], workflow_entrypoint: 'b.py' }),
    ).expect(400);
    expect(entry.body.error).toMatch(/entrypoint "b\.py" is not one of the bundle's files/);
    const big = await register(
      simulation({ workflow_files: [{ path: 'big.txt', content: 'x'.repeat(3000) }] }),
    ).expect(400);
    expect(big.body.error).toMatch(/3000 bytes; the limit is 2048 bytes/);
    const both = await register(
      simulation({ workflow_bundle: good, workflow_files: [{ path: 'a.py', content: 'x' }] }),
    ).expect(400);
    expect(both.body.error).toMatch(/either workflow_bundle or workflow_files/);
  });

  it('checks the schemas: every parameter has a known type; ranges and defaults agree', async () => {
    const bad = await register(
      simulation({
        input_schema: {
          t: { units: 'K' },
          n: { type: 'Integer', value: 2.5 },
          x: { type: 'Number', min: 10, max: 1 },
          y: { type: 'Numbr' },
          z: 'Number',
          c: { type: 'Choice', options: ['a', 'b'], value: 'c' },
          r: { type: 'number', range: [0, 1], default: 5 },
        },
        output_schema: { ok: { type: 'Boolean', value: 'maybe' } },
      }),
    ).expect(400);
    expect(bad.body.details.problems).toEqual([
      'input_schema.t has no type',
      'input_schema.n.value 2.5 is not an integer',
      'input_schema.x: min 10 is greater than max 1',
      expect.stringMatching(/^input_schema\.y\.type "Numbr" is not a known parameter type/),
      'input_schema.z must be an object with a type (got "Number")',
      'input_schema.c.value "c" is not one of its options',
      'input_schema.r.default 5 is outside its range [0, 1]',
      'output_schema.ok.value must be true or false',
    ]);
    expect(bad.body.error).toMatch(/^Invalid simulation sim_\d+ 1\.0\.0: input_schema\.t has no type; /);
    // sim2l's names and JSON-ish ones alike, with units and values as text.
    await register(
      simulation({
        input_schema: {
          a: { type: 'Text', value: 'x' },
          b: { type: 'Boolean', value: true },
          c: { type: 'List' },
          d: { type: 'Dict' },
          e: { type: 'Array' },
          f: { type: 'File' },
          g: { type: 'Choice', options: [{ value: 'fine' }, { value: 'coarse' }], value: 'fine' },
          h: { type: 'string' },
          i: { type: 'number', value: '300K' },
          j: { type: 'integer', range: [0, 10], default: 3 },
        },
      }),
    ).expect(201);
  });

  it('refuses missing, mistyped and unusable fields with sentences, never a 500', async () => {
    const missing = await register({ version: '1.0' }).expect(400);
    expect(missing.body.error).toBe('Invalid request: name is required.');
    const typed = await register(
      simulation({ tags: 'a,b', workflow_type: 'spreadsheet', status: 'gone' }),
    ).expect(400);
    expect(typed.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'status',
      'tags',
      'workflow_type',
    ]);
    for (const name of ['a/b', 'search', '12345', ' padded']) {
      const res = await register(simulation({ name })).expect(400);
      expect(res.body.error).toMatch(/^Invalid simulation/);
    }
    await register(simulation({ version: '1 0' })).expect(400);
    await register(simulation({ dependencies: 'numpy' })).expect(400);
    await register(simulation({ tags: ['a,b'] })).expect(400);
    // A Python client sending a version as a number is understood.
    expect((await register(simulation({ name: 'numbered', version: 2.5 })).expect(201)).body.version).toBe(
      '2.5',
    );
    await p
      .http()
      .post('/simulations')
      .set(p.as('developer'))
      .set('content-type', 'application/json')
      .send('{"name":')
      .expect(400);
  });

  it('answers the latest version in version order, any given version, and every version', async () => {
    for (const version of ['1.9.0', '1.10.0', '1.2.0', '1.10.0-rc.1', 'v0.9'])
      await register(simulation({ name: 'ordered', version })).expect(201);
    const latest = await p.http().get('/simulations/ordered').set(p.as('user')).expect(200);
    expect(latest.body.version).toBe('1.10.0');
    const given = await p.http().get('/simulations/ordered?version=1.9.0').set(p.as('user')).expect(200);
    expect(given.body.version).toBe('1.9.0');
    const versions = await p.http().get('/simulations/ordered/versions').set(p.as('user')).expect(200);
    expect(versions.body.versions.map((v: { version: string }) => v.version)).toEqual([
      '1.10.0',
      '1.10.0-rc.1',
      '1.9.0',
      '1.2.0',
      'v0.9',
    ]);
    expect(versions.body).toMatchObject({ name: 'ordered', latest: '1.10.0', count: 5 });
    expect(versions.body.versions[0].workflow_bundle).toBeUndefined();
    const none = await p.http().get('/simulations/no_such_sim').set(p.as('user')).expect(404);
    expect(none.body.error).toBe('No simulation named "no_such_sim".');
    await p.http().get('/simulations/ordered?version=3.0').set(p.as('user')).expect(404);
    await p.http().get('/simulations/no_such_sim/versions').set(p.as('user')).expect(404);
  });

  it('updates the allowed fields, names ignored keys, recomputes the hash, and keeps an audit log', async () => {
    const { id } = (await register(simulation({ name: 'patched', tags: ['old'] })).expect(201)).body;
    const res = await p
      .http()
      .patch(`/simulations/${id}`)
      .set(p.as('developer'))
      .send({
        tags: ['new', 'shiny'],
        status: 'deprecated',
        description: 'Better words',
        workflow_files: [{ path: 'w.py', content: 'x = 1' }],
        name: 'renamed',
        created_by: 'mallory',
      })
      .expect(200);
    expect(res.body).toEqual({
      status: 'updated',
      id,
      changed: ['description', 'status', 'tags', 'workflow_bundle', 'workflow_hash'],
      ignored_keys: ['name', 'created_by'],
    });
    const row = (await p.http().get('/simulations/patched').set(p.as('user')).expect(200)).body;
    expect(row).toMatchObject({
      tags: ['new', 'shiny'],
      status: 'deprecated',
      workflow_hash: sha('w.py\0x = 1\0'),
      created_by: 'dev',
    });
    expect(Date.parse(row.updated_at)).toBeGreaterThanOrEqual(Date.parse(row.created_at));
    // Nothing changed: nothing written.
    const same = await p
      .http()
      .patch(`/simulations/${id}`)
      .set(p.as('developer'))
      .send({ status: 'deprecated' })
      .expect(200);
    expect(same.body.changed).toEqual([]);
    const bad = await p
      .http()
      .patch(`/simulations/${id}`)
      .set(p.as('developer'))
      .send({ input_schema: { x: { type: 'Wat' } } })
      .expect(400);
    expect(bad.body.error).toMatch(/^Invalid change: input_schema\.x\.type "Wat"/);
    await p
      .http()
      .patch('/simulations/999999')
      .set(p.as('developer'))
      .send({ status: 'archived' })
      .expect(404);
    await p.http().patch('/simulations/abc').set(p.as('developer')).send({}).expect(400);

    const audit = await p.http().get(`/audit?simulation_id=${id}`).set(p.as('developer')).expect(200);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['updated', 'registered']);
    expect(audit.body.items[0]).toMatchObject({
      username: 'dev',
      name: 'patched',
      version: '1.0.0',
      changes: {
        tags: { from: ['old'], to: ['new', 'shiny'] },
        status: { from: 'active', to: 'deprecated' },
        workflow_bundle: { from: null, to: { files: [{ path: 'w.py', size_bytes: 5 }] } },
      },
    });
    expect(audit.body.items[0].changes.workflow_bundle.to.files[0].content_base64).toBeUndefined();
  });

  it('deletes (admin) with its executions, and the audit log keeps the deletion', async () => {
    const { id } = (await register(simulation({ name: 'doomed' })).expect(201)).body;
    await p
      .http()
      .post('/executions')
      .set(p.as('user'))
      .send({ simulation_id: id, execution_id: 'doomed-1', status: 'success' })
      .expect(201);
    const res = await p.http().delete(`/simulations/${id}`).set(p.as('admin')).expect(200);
    expect(res.body).toEqual({
      status: 'deleted',
      id,
      name: 'doomed',
      version: '1.0.0',
      deleted_executions: 1,
    });
    await p.http().get('/simulations/doomed').set(p.as('user')).expect(404);
    await p.http().get('/executions/doomed-1').set(p.as('user')).expect(404);
    await p.http().delete(`/simulations/${id}`).set(p.as('admin')).expect(404);
    const audit = await p.http().get('/audit?name=doomed&action=deleted').set(p.as('admin')).expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ simulation_id: id, username: 'admin', action: 'deleted' });
  });

  it('hides a private simulation from everyone but its creator and admins', async () => {
    await register(simulation({ name: 'secret_sim', visibility: 'private' })).expect(201);
    await p.http().get('/simulations/secret_sim').set(p.as('user')).expect(404);
    await p.http().get('/simulations/secret_sim').set(p.as('developer')).expect(200);
    await p.http().get('/simulations/secret_sim').set(p.as('admin')).expect(200);
    const search = async (who: 'user' | 'developer') =>
      (await p.http().get('/simulations/search?query=secret_sim').set(p.as(who)).expect(200)).body.length;
    expect(await search('user')).toBe(0);
    expect(await search('developer')).toBe(1);
  });
});
