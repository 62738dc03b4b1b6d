import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { resultsApp } from '@simvault/app-results';
import { createApp } from '@simvault/core';
import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { cacheApp } from '../src';

type Apps = { cache: NestExpressApplication; results: NestExpressApplication };

/**
 * GET /cache/explain with the real results service behind it: the inputs of an entry are those of
 * the registered run it names.
 */
describe.each(TEST_BACKENDS)('explaining a cache miss on %s', (backend) => {
  let p: TestPlatform<Apps>;
  const as = () => ({ 'X-Session-ID': p.tokens.user });
  const cache = () => request(p.apps.cache.getHttpServer());
  const explain = (query: Record<string, string>) => cache().get('/cache/explain').query(query).set(as());

  const run = (executionId: string, version: string, inputs: Record<string, unknown>) =>
    request(p.apps.results.getHttpServer())
      .post('/register_direct')
      .set(as())
      .send({
        execution_id: executionId,
        simulation_name: 'thermal_sim',
        simulation_version: version,
        input_params: inputs,
        output_params: { max_stress: 1 },
        status: 'completed',
      })
      .expect(200);
  const store = (key: string, executionId: string, version: string, extra: object = {}) =>
    cache()
      .post('/cache')
      .set(as())
      .send({
        cache_key: key,
        simulation_name: 'thermal_sim',
        simulation_version: version,
        execution_id: executionId,
        ...extra,
      })
      .expect(200);

  beforeAll(async () => {
    p = await startTestPlatform<Apps>(
      backend,
      {
        name: 'cache-explain',
        services: ['cache', 'results'],
        env: { SIMVAULT_SEAMLESS_ENABLED: 'false', SIMVAULT_CACHE_UNKNOWN_SIMULATIONS: 'off' },
      },
      async ({ config, logger, queuePrefix }) => {
        const results = await createApp(resultsApp(config, logger, { queuePrefix }), config, logger);
        await results.listen(0, '127.0.0.1');
        const resultsUrl = `http://127.0.0.1:${(results.getHttpServer().address() as AddressInfo).port}`;
        const linked = { ...config, resultsUrl, catalogUrl: 'http://127.0.0.1:1' };
        return { results, cache: await createApp(cacheApp(linked, logger, { queuePrefix }), linked, logger) };
      },
    );
    await run('exec-a', '1.0.0', { temperature: 350, mesh: 'fine', cores: 4 });
    await run('exec-b', '1.0.0', { temperature: 400, mesh: 'fine', cores: 8 });
    await run('exec-c', '2.0.0', { temperature: 350, mesh: 'coarse', cores: 4 });
    await store('k-a', 'exec-a', '1.0.0');
    await store('k-b', 'exec-b', '1.0.0');
    await store('k-c', 'exec-c', '2.0.0');
    await store('k-x', 'exec-unregistered', '1.0.0');
    await store('k-inv', 'exec-a', '3.0.0');
    await cache()
      .post('/cache/invalidate')
      .set('X-Session-ID', p.tokens.developer)
      .send({ simulation_name: 'thermal_sim', simulation_version: '3.0.0', reason: 'unit bug in 3.0.0' })
      .expect(200);
    await store('k-exp', 'exec-a', '1.0.0', { ttl_seconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
  });
  afterAll(() => p.close());

  it('names the nearest valid entries of the version and exactly which inputs differ', async () => {
    const res = await explain({
      simulation: 'thermal_sim',
      version: '1.0.0',
      inputs: JSON.stringify({ temperature: 350, mesh: 'coarse', cores: 4 }),
    }).expect(200);
    expect(res.body).toMatchObject({
      verdict: 'absent',
      key: null,
      simulation: 'thermal_sim',
      version: '1.0.0',
    });
    expect(res.body.nearest).toEqual([
      {
        cache_key: 'k-a',
        execution_id: 'exec-a',
        simulation_version: '1.0.0',
        version_differs: false,
        inputs_known: true,
        differing_inputs: [{ name: 'mesh', given: 'coarse', entry: 'fine' }],
      },
      {
        cache_key: 'k-b',
        execution_id: 'exec-b',
        simulation_version: '1.0.0',
        version_differs: false,
        inputs_known: true,
        differing_inputs: [
          { name: 'cores', given: 4, entry: 8 },
          { name: 'mesh', given: 'coarse', entry: 'fine' },
          { name: 'temperature', given: 350, entry: 400 },
        ],
      },
      {
        cache_key: 'k-x',
        execution_id: 'exec-unregistered',
        simulation_version: '1.0.0',
        version_differs: false,
        inputs_known: false,
        differing_inputs: [],
      },
      // Fewer than `limit` of the version: then the other versions' (same inputs, another version).
      {
        cache_key: 'k-c',
        execution_id: 'exec-c',
        simulation_version: '2.0.0',
        version_differs: true,
        inputs_known: true,
        differing_inputs: [],
      },
    ]);
  });

  it('says when only another version has the inputs', async () => {
    const res = await explain({
      simulation: 'thermal_sim',
      version: '1.5.0',
      inputs: JSON.stringify({ temperature: 350, mesh: 'coarse', cores: 4 }),
      limit: '1',
    }).expect(200);
    expect(res.body.nearest).toEqual([
      expect.objectContaining({ cache_key: 'k-c', version_differs: true, differing_inputs: [] }),
    ]);
    expect(res.body.notes).toContain('No valid entry of version 1.5.0: the nearest are of other versions.');
  });

  it('tells an invalidated entry by whom and why, an expired one since when, and a hit', async () => {
    const invalidated = await explain({ key: 'k-inv' }).expect(200);
    expect(invalidated.body).toMatchObject({
      verdict: 'invalidated',
      simulation: 'thermal_sim',
      version: '3.0.0',
      invalidation: {
        id: expect.any(Number),
        by: 'dev',
        reason: 'unit bug in 3.0.0',
        filter: { simulation_name: 'thermal_sim', simulation_version: '3.0.0' },
      },
    });
    const expired = await explain({ key: 'k-exp' }).expect(200);
    expect(expired.body.verdict).toBe('expired');
    expect(Date.parse(expired.body.expired_at)).toBeLessThanOrEqual(Date.now());
    const withInputs = await explain({
      key: 'k-exp',
      inputs: JSON.stringify({ temperature: 400, mesh: 'fine', cores: 8 }),
    }).expect(200);
    expect(withInputs.body.nearest[0]).toMatchObject({ cache_key: 'k-b', differing_inputs: [] });
    expect((await explain({ key: 'k-a' }).expect(200)).body.verdict).toBe('hit');
    const absent = await explain({ key: 'never-stored' }).expect(200);
    expect(absent.body).toMatchObject({ verdict: 'absent', nearest: [] });
    expect(absent.body.notes).toEqual([
      'No entry has the key "never-stored": it was never stored, or was deleted or purged.',
    ]);
  });

  it('answers a question it cannot answer with a 400', async () => {
    expect((await explain({}).expect(400)).body.error).toBe(
      'Give key, or simulation, version and inputs (a JSON object), or both.',
    );
    expect(
      (await explain({ simulation: 'thermal_sim', version: '1.0.0', inputs: '[1]' }).expect(400)).body.error,
    ).toBe('inputs must be a JSON object, such as {"temperature": 350}.');
    await explain({ key: 'k-a', limit: '0' }).expect(400);
    await explain({ key: 'k-a', limit: 'many' }).expect(400);
    // "explain" is a route, not a key.
    expect(
      (
        await cache()
          .post('/cache')
          .set(as())
          .send({ cache_key: 'explain', simulation_name: 's', simulation_version: '1', execution_id: 'e' })
          .expect(400)
      ).body.error,
    ).toMatch(/is a route/);
  });
});
