import { TEST_BACKENDS } from '@simvault/db/testing';
import { simulation, startCatalogPlatform, until, type CatalogPlatform, type Who } from './platform';

const REDIS_URL = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// The same sync processor on both queue drivers: in-process, and BullMQ on Redis.
describe.each(
  TEST_BACKENDS.flatMap(
    (backend) =>
      [
        [backend, 'in-process'],
        [backend, 'redis'],
      ] as const,
  ),
)('auto-sync on %s with %s queues', (backend, queues) => {
  let p: CatalogPlatform;
  beforeAll(async () => {
    p = await startCatalogPlatform(backend, queues === 'redis' ? { SIMVAULT_REDIS_URL: REDIS_URL } : {});
  });
  afterAll(() => p.close());

  /** Waits for a sync job and answers its result. */
  async function finished(jobId: string, who: Who) {
    let body: { state: string; result?: Record<string, { name: string }[]> } = { state: 'unknown' };
    const done = await until(async () => {
      body = (await p.http().get(`/sync/jobs/${jobId}`).set(p.as(who)).expect(200)).body;
      return body.state === 'completed' || body.state === 'failed';
    });
    expect([done, body.state]).toEqual([true, 'completed']);
    const names = (k: string) => body.result![k].map((x) => x.name).sort();
    return { registered: names('registered'), queued: names('queued'), existing: names('existing') };
  }

  it('queues the new tools an installation reports when the reporter may not register them', async () => {
    expect((await p.http().get('/health').expect(200)).body.queues).toBe(queues);
    await p
      .http()
      .post('/simulations')
      .set(p.as('developer'))
      .send(simulation({ name: 'known_tool' }))
      .expect(201);
    const res = await p
      .http()
      .post('/installations')
      .set(p.as('user'))
      .send({
        installation_id: 'lab-pc-1',
        hostname: 'lab-pc-1.example',
        python_version: '3.12.1',
        simulations: [
          simulation({ name: 'new_tool' }),
          simulation({ name: 'known_tool' }),
          simulation({ name: 'shy_tool', auto_approve: false }),
        ],
      })
      .expect(201);
    expect(res.body).toMatchObject({ installation_id: 'lab-pc-1', status: 'registered', sync: { items: 3 } });
    expect(await finished(res.body.sync.job_id, 'user')).toEqual({
      registered: [],
      queued: ['new_tool', 'shy_tool'],
      existing: ['known_tool'],
    });
    await p.http().get('/simulations/new_tool').set(p.as('user')).expect(404);

    const again = await p
      .http()
      .post('/installations')
      .set(p.as('user'))
      .send({ installation_id: 'lab-pc-1' })
      .expect(201);
    expect(again.body).toEqual({ installation_id: 'lab-pc-1', status: 'updated', sync: null });
    const listed = await p.http().get('/installations').set(p.as('developer')).expect(200);
    expect(listed.body.items[0]).toMatchObject({
      installation_id: 'lab-pc-1',
      hostname: 'lab-pc-1.example',
      details: { python_version: '3.12.1' },
      reported_by: 'usr',
      simulation_count: 3,
    });
  });

  it('registers new tools at once for a caller with catalog_update, unless they ask for review', async () => {
    const res = await p
      .http()
      .post('/sync/auto')
      .set(p.as('developer'))
      .send({
        installation_id: 'cluster-7',
        simulations: [
          simulation({ name: 'dev_tool' }),
          simulation({ name: 'review_me', auto_approve: false }),
        ],
      })
      .expect(202);
    expect(res.body).toMatchObject({ status: 'queued', items: 2 });
    expect(await finished(res.body.job_id, 'developer')).toEqual({
      registered: ['dev_tool'],
      queued: ['review_me'],
      existing: [],
    });
    const tool = await p.http().get('/simulations/dev_tool').set(p.as('user')).expect(200);
    expect(tool.body).toMatchObject({ installation_id: 'cluster-7', created_by: 'dev' });
  });

  it('lets an admin list, approve and reject what waits', async () => {
    const pending = await p.http().get('/sync/pending').set(p.as('admin')).expect(200);
    const byName = Object.fromEntries(
      pending.body.items.map((i: { name: string; id: number }) => [i.name, i.id]),
    );
    expect(Object.keys(byName).sort()).toEqual(['new_tool', 'review_me', 'shy_tool']);
    expect(pending.body.items.find((i: { name: string }) => i.name === 'new_tool')).toMatchObject({
      installation_id: 'lab-pc-1',
      submitted_by: 'usr',
      status: 'pending',
    });

    const approved = await p.http().post(`/sync/${byName.new_tool}/approve`).set(p.as('admin')).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', simulation_id: expect.any(Number) });
    const tool = await p.http().get('/simulations/new_tool').set(p.as('user')).expect(200);
    expect(tool.body).toMatchObject({ id: approved.body.simulation_id, created_by: 'usr' });
    const audit = await p.http().get('/audit?name=new_tool').set(p.as('admin')).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'registered',
      username: 'admin',
      changes: { via: 'sync', submitted_by: 'usr', approved_by: 'admin' },
    });

    const rejected = await p
      .http()
      .post(`/sync/${byName.shy_tool}/reject`)
      .set(p.as('admin'))
      .send({ reason: 'duplicate of known_tool' })
      .expect(200);
    expect(rejected.body).toEqual({ status: 'rejected', sync_id: byName.shy_tool });
    await p.http().get('/simulations/shy_tool').set(p.as('user')).expect(404);

    const twice = await p.http().post(`/sync/${byName.new_tool}/approve`).set(p.as('admin')).expect(409);
    expect(twice.body.error).toBe(`Sync item ${byName.new_tool} is already approved.`);
    await p.http().post(`/sync/${byName.shy_tool}/approve`).set(p.as('admin')).expect(409);
    await p.http().post('/sync/999999/approve').set(p.as('admin')).expect(404);
    await p.http().post('/sync/abc/reject').set(p.as('admin')).expect(400);

    const decided = await p.http().get('/sync/pending?status=all').set(p.as('admin')).expect(200);
    expect(decided.body.items.find((i: { name: string }) => i.name === 'shy_tool')).toMatchObject({
      status: 'rejected',
      decided_by: 'admin',
      reason: 'duplicate of known_tool',
    });
    expect((await p.http().get('/statistics/overview').set(p.as('user')).expect(200)).body).toMatchObject({
      pending_sync: 1,
      installations: 1,
    });
  });

  it('refuses a report with a bad tool, naming it, and queues nothing', async () => {
    const res = await p
      .http()
      .post('/sync/auto')
      .set(p.as('developer'))
      .send({
        simulations: [
          simulation({ name: 'fine_tool' }),
          simulation({ input_schema: { x: { type: 'Nope' } } }),
        ],
      })
      .expect(400);
    expect(res.body.error).toMatch(
      /^Invalid report: simulations\[1\]: Invalid simulation sim_\d+ 1\.0\.0: input_schema\.x\.type "Nope"/,
    );
    await p.http().post('/sync/auto').set(p.as('developer')).send({}).expect(400);
    await p.http().get('/sync/jobs/no-such-job').set(p.as('developer')).expect(404);
    await p.http().get('/simulations/fine_tool').set(p.as('user')).expect(404);
  });
});
