import { createApp, createLogger } from '@simvault/core';
import request from 'supertest';
import { resultsApp } from '../src';
import { startResultsPlatform, type ResultsPlatform } from './platform';

// Two replicas of the results app on one PostgreSQL database, registrations alternating between
// them: what lands in the database is what the last registration said, whichever replica took the
// one before (a replica that remembered "what I last wrote" skipped writes the other had undone).
describe('two results replicas on postgres', () => {
  let p: ResultsPlatform;
  let second: Awaited<ReturnType<typeof createApp>>;
  beforeAll(async () => {
    p = await startResultsPlatform('postgres');
    const logger = createLogger('silent');
    second = await createApp(resultsApp(p.config, logger, { queuePrefix: 'replica-2' }), p.config, logger);
  });
  afterAll(async () => {
    await second.close();
    await p.close();
  });

  const register = (on: 'first' | 'second', run: number, a: unknown) =>
    (on === 'first' ? p.http() : request(second.getHttpServer()))
      .post('/register_direct')
      .set({ 'X-Session-ID': p.tokens.developer })
      .send({
        execution_id: `replica-${run}`,
        simulation_name: 'replica_sim',
        simulation_version: '1',
        input_params: { a },
        output_params: { z: 1 },
        status: 'completed',
      })
      .expect(200);
  const declared = async () =>
    (
      await p.http().get('/schemas/replica_sim').set({ 'X-Session-ID': p.tokens.developer }).expect(200)
    ).body.parameters.map((q: { name: string; declared_type: string }) => [q.name, q.declared_type]);

  it('writes what each registration says, whichever replica wrote before', async () => {
    await register('first', 1, 1);
    expect(await declared()).toEqual([
      ['a', 'number'],
      ['z', 'number'],
    ]);
    await register('second', 2, 'text');
    expect(await declared()).toEqual([
      ['a', 'string'],
      ['z', 'number'],
    ]);
    await register('first', 3, 2);
    expect(await declared()).toEqual([
      ['a', 'number'],
      ['z', 'number'],
    ]);
  });
});
