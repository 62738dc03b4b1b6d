import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { catalogApp } from '@simvault/app-catalog';
import { createApp } from '@simvault/core';
import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { cacheApp } from '../src';
import { entry } from './platform';

type Apps = { cache: NestExpressApplication; catalog: NestExpressApplication };

/** The real cache and catalog apps, the cache configured with where the catalog listens. */
async function start(backend: (typeof TEST_BACKENDS)[number], mode: string): Promise<TestPlatform<Apps>> {
  return startTestPlatform<Apps>(
    backend,
    {
      name: 'cache-catalog',
      services: ['cache', 'catalog'],
      env: { SIMVAULT_SEAMLESS_ENABLED: 'false', SIMVAULT_CACHE_UNKNOWN_SIMULATIONS: mode },
      // A token that may store cache entries but not read the catalog.
      noread: ['write'],
    },
    async ({ config, logger, queuePrefix }) => {
      const catalog = await createApp(catalogApp(config, logger, { queuePrefix }), config, logger);
      await catalog.listen(0, '127.0.0.1');
      const catalogUrl = `http://127.0.0.1:${(catalog.getHttpServer().address() as AddressInfo).port}`;
      const linked = { ...config, catalogUrl };
      return { catalog, cache: await createApp(cacheApp(linked, logger, { queuePrefix }), linked, logger) };
    },
  );
}

describe.each(TEST_BACKENDS)('cache entries and the catalog on %s', (backend) => {
  for (const mode of ['warn', 'refuse'] as const) {
    describe(`SIMVAULT_CACHE_UNKNOWN_SIMULATIONS=${mode}`, () => {
      let p: TestPlatform<Apps>;
      let known: number;
      const store = (body: object) =>
        request(p.apps.cache.getHttpServer()).post('/cache').set('X-Session-ID', p.tokens.user).send(body);

      beforeAll(async () => {
        p = await start(backend, mode);
        const created = await request(p.apps.catalog.getHttpServer())
          .post('/simulations')
          .set('X-Session-ID', p.tokens.developer)
          .send({ name: 'thermal_sim', version: '1.0.0', description: 'Thermal stress' })
          .expect(201);
        known = created.body.id;
      });
      afterAll(() => p.close());

      it('stores an entry naming a simulation the catalog knows, without a warning', async () => {
        const res = await store(entry({ simulation_id: known })).expect(200);
        expect(res.body).toEqual({ success: true, cache_key: expect.any(String), expires_at: null });
      });

      it('says the catalog refused the session (not that it did not answer) for a token without read', async () => {
        // A simulation no store has named yet (a "known" is remembered for every caller).
        const fresh = await request(p.apps.catalog.getHttpServer())
          .post('/simulations')
          .set('X-Session-ID', p.tokens.developer)
          .send({ name: 'fresh_sim', version: '1.0.0', description: 'Not stored yet' })
          .expect(201);
        const res = await request(p.apps.cache.getHttpServer())
          .post('/cache')
          .set('X-Session-ID', p.tokens.noread)
          .send(entry({ simulation_id: fresh.body.id }))
          .expect(200);
        expect(res.body.warnings).toEqual([
          `The catalog refused this session (it may not read the catalog): simulation id ${fresh.body.id} was not checked.`,
        ]);
      });

      it('stores an entry naming no simulation id without asking', async () => {
        const res = await store(entry({ simulation_id: undefined })).expect(200);
        expect(res.body.warnings).toBeUndefined();
      });

      it(
        mode === 'warn'
          ? 'stores an entry naming an unknown simulation id and says so'
          : 'refuses an entry naming an unknown simulation id with a 422',
        async () => {
          const body = entry({ simulation_id: 9999 });
          if (mode === 'warn') {
            const res = await store(body).expect(200);
            expect(res.body.warnings).toEqual(['The catalog knows no simulation with id 9999.']);
            await request(p.apps.cache.getHttpServer())
              .get(`/cache/${body.cache_key}`)
              .set('X-Session-ID', p.tokens.user)
              .expect(200);
          } else {
            const res = await store(body).expect(422);
            expect(res.body.error).toBe(
              'The catalog knows no simulation with id 9999. Register it in the catalog first, or name no simulation_id.',
            );
            await request(p.apps.cache.getHttpServer())
              .get(`/cache/${body.cache_key}`)
              .set('X-Session-ID', p.tokens.user)
              .expect(404);
          }
        },
      );
    });
  }
});
