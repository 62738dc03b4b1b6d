import { ManualClock } from '@simvault/core';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startResultsPlatform, type ResultsPlatform } from './platform';

describe.each(TEST_BACKENDS)("LUTE's latest valid entry on %s", (backend) => {
  let p: ResultsPlatform;
  const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
  const as = () => ({ 'X-Session-ID': p.tokens.user });
  const register = async (id: string, version: string, stress: number, status = 'completed') => {
    clock.advance(60_000);
    await p
      .http()
      .post('/register_direct')
      .set(as())
      .send({
        execution_id: id,
        simulation_name: 'latest_sim',
        simulation_version: version,
        input_params: { temperature: 300 },
        output_params: { max_stress: stress },
        status,
      })
      .expect(200);
  };

  beforeAll(async () => {
    p = await startResultsPlatform(backend, {}, clock);
    await register('l-1', '1.0', 10);
    await register('l-2', '2.0', 20);
    await register('l-3', '1.0', 30);
    await register('l-4', '2.0', 40, 'failed');
    await register('l-5', '2.0', 50);
    await p.http().post('/results/l-5/invalidate').set(as()).send({ reason: 'wrong mesh' }).expect(200);
  });
  afterAll(() => p.close());

  it('answers the newest result that is valid and did not fail, of a version if asked', async () => {
    const latest = await p.http().get('/latest/latest_sim').set(as()).expect(200);
    expect(latest.body).toMatchObject({
      execution_id: 'l-3',
      valid: true,
      output_params: { max_stress: 30 },
    });
    const v2 = await p.http().get('/latest/latest_sim?version=2.0').set(as()).expect(200);
    expect(v2.body.execution_id).toBe('l-2');
  });

  it("answers one parameter's value with ?param=", async () => {
    const res = await p.http().get('/latest/latest_sim?param=max_stress').set(as()).expect(200);
    expect(res.body).toEqual({
      execution_id: 'l-3',
      simulation_name: 'latest_sim',
      simulation_version: '1.0',
      created_at: expect.any(String),
      param_name: 'max_stress',
      param_class: 'output',
      value: 30,
    });
    const input = await p
      .http()
      .get('/latest/latest_sim?param=temperature&class=input')
      .set(as())
      .expect(200);
    expect(input.body.value).toBe(300);
  });

  it('answers 404 with a sentence when there is none, and 400 for bad input', async () => {
    expect((await p.http().get('/latest/nothing_here').set(as()).expect(404)).body.error).toBe(
      'No valid result of nothing_here that did not fail.',
    );
    expect((await p.http().get('/latest/latest_sim?version=9').set(as()).expect(404)).body.error).toBe(
      'No valid result of latest_sim 9 that did not fail.',
    );
    expect((await p.http().get('/latest/latest_sim?param=nope').set(as()).expect(404)).body.error).toBe(
      'The latest valid result of latest_sim (l-3) has no output nope.',
    );
    expect(
      (await p.http().get('/latest/latest_sim?param=x&class=both').set(as()).expect(400)).body.error,
    ).toMatch(/class must be input or output/);
  });
});
