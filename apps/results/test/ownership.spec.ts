import { OwnerBackfill } from '@simvault/auth';
import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { ResultsDb } from '../src/db/results-db';
import { startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

describe.each(TEST_BACKENDS)('who owns a result on %s', (backend) => {
  let p: ResultsPlatform;
  const as = (who: keyof ResultsPlatform['tokens']) => ({ 'X-Session-ID': p.tokens[who] });
  const auth = () => request(p.auth.getHttpServer());
  beforeAll(async () => {
    p = await startResultsPlatform(backend);
  });
  afterAll(() => p.close());

  it('keeps an invalidation through a re-registration by the owner', async () => {
    p.sim2lRun(thermalRun('kept-1', { temperature: 300 }));
    await p.http().post('/register').set(as('user')).send({ execution_id: 'kept-1' }).expect(200);
    await p
      .http()
      .post('/results/kept-1/invalidate')
      .set(as('developer'))
      .send({ reason: 'wrong units' })
      .expect(200);
    const again = await p
      .http()
      .post('/register')
      .set(as('user'))
      .send({ execution_id: 'kept-1' })
      .expect(200);
    expect(again.body.valid).toBe(false);
    const result = (await p.http().get('/results/kept-1').set(as('user')).expect(200)).body;
    expect(result).toMatchObject({ valid: false, invalidation: { reason: 'wrong units' } });
    const direct = await p
      .http()
      .post('/register_direct')
      .set(as('user'))
      .send({
        execution_id: 'kept-1',
        simulation_name: 'thermal_sim',
        simulation_version: '1.0.0',
        squid_id: result.squid_id,
        input_params: { temperature: 300 },
        output_params: {},
        status: 'completed',
      })
      .expect(200);
    expect(direct.body.valid).toBe(false);
    expect((await p.http().get('/results/kept-1').set(as('user')).expect(200)).body.valid).toBe(false);
  });

  it("refuses to let another user or an anonymous session replace a user's result, naming the privilege", async () => {
    p.sim2lRun(thermalRun('mine-1', { temperature: 301 }));
    await p.http().post('/register').set(as('user')).send({ execution_id: 'mine-1' }).expect(200);
    const other = await p
      .http()
      .post('/register')
      .set(as('other'))
      .send({ execution_id: 'mine-1' })
      .expect(403);
    expect(other.body.error).toBe(
      'Result mine-1 belongs to someone else; changing it needs the results_curate privilege, which this session does not have.',
    );
    const anonymous = await p
      .http()
      .post('/register')
      .set(as('anonymous'))
      .send({ execution_id: 'mine-1' })
      .expect(403);
    expect(anonymous.body.error).toBe(
      'Result mine-1 belongs to a user; an anonymous session may not change it.',
    );
    expect((await p.http().get('/results/mine-1').set(as('user')).expect(200)).body.registered_by).toBe(
      'usr',
    );
  });

  it("writes every act on someone else's result to the audit log, which an admin pages through", async () => {
    p.sim2lRun(thermalRun('audited-1', { temperature: 302 }));
    await p.http().post('/register').set(as('user')).send({ execution_id: 'audited-1' }).expect(200);
    // The owner's own acts are not logged.
    await p.http().post('/results/audited-1/invalidate').set(as('user')).send({ reason: 'mine' }).expect(200);
    const before = (await auth().get('/audit').set(as('admin')).expect(200)).body.total as number;
    await p
      .http()
      .post('/results/audited-1/invalidate')
      .set(as('developer'))
      .send({ reason: 'checked by QA' })
      .expect(200);
    await p.http().delete('/results/audited-1').set(as('developer')).expect(200);
    const page = (await auth().get('/audit?limit=1').set(as('admin')).expect(200)).body;
    expect(page).toMatchObject({ total: before + 2, limit: 1, offset: 0 });
    expect(page.items).toEqual([
      expect.objectContaining({
        actor: 'dev',
        service: 'results',
        action: 'result.delete',
        target: 'audited-1',
        reason: null,
      }),
    ]);
    const next = (await auth().get('/audit?limit=1&offset=1').set(as('admin')).expect(200)).body.items;
    expect(next).toEqual([
      expect.objectContaining({ actor: 'dev', action: 'result.invalidate', reason: 'checked by QA' }),
    ]);
    expect(next[0].target_owner_id).toBe(page.items[0].target_owner_id);
    expect(next[0].target_owner_id).toMatch(/^[0-9a-f-]{36}$/);
    await auth().get('/audit').set(as('developer')).expect(403);
  });

  it("names files as the client knows them, never the server's directories", async () => {
    const upload = await p
      .http()
      .post('/register/upload')
      .set(as('user'))
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('plain text, not a run file'))
      .expect(400);
    expect(upload.body.error).toBe(
      'The upload is not a SQLite database (it does not start with the SQLite header).',
    );
    const missing = await p
      .http()
      .post('/register')
      .set(as('user'))
      .send({ execution_id: 'nowhere' })
      .expect(404);
    expect(missing.body.error).toBe(
      'No run file for execution id "nowhere": looked for nowhere.db in the run roots.',
    );
    for (const body of [upload.body, missing.body])
      expect(JSON.stringify(body)).not.toContain(p.config.dataDir);
  });

  it('gives rows stored by name their account, unless the account is newer than the row', async () => {
    const db = p.results.get(ResultsDb);
    const registered = async (id: string, by: string, at: Date) => {
      await p
        .http()
        .post('/register_direct')
        .set(as('admin'))
        .send({
          execution_id: id,
          simulation_name: 'old_sim',
          simulation_version: '1',
          input_params: {},
          output_params: {},
          status: 'completed',
        })
        .expect(200);
      // As an older version stored it: a username and no owner id.
      await db.write([
        {
          sql: 'UPDATE results SET owner_id = NULL, registered_by = ?, created_at = ? WHERE execution_id = ?',
          params: [by, db.date(at), id],
        },
      ]);
    };
    await registered('old-usr', 'usr', new Date());
    // A row of an account since deleted, whose name a newer account took.
    await registered('old-ghost', 'ghost', new Date(Date.now() - 86_400_000));
    await auth()
      .post('/users')
      .set(as('admin'))
      .send({ username: 'ghost', password: 'ghost-password' })
      .expect(201);
    expect(
      await p.results.get(OwnerBackfill).run(db.dataSource, 'results', 'registered_by', 'created_at'),
    ).toBe(1);
    const ghost = (
      await auth().post('/session/login').send({ username: 'ghost', password: 'ghost-password' }).expect(200)
    ).body.token as string;
    await p.http().delete('/results/old-ghost').set('X-Session-ID', ghost).expect(403);
    await p.http().delete('/results/old-usr').set(as('other')).expect(403);
    await p.http().delete('/results/old-usr').set(as('user')).expect(200);
  });
});
