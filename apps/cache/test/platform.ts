import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { createApp, type Clock } from '@simvault/core';
import type { Backend } from '@simvault/db';
import request from 'supertest';
import { cacheApp } from '../src';

export { ADMIN_PASSWORD } from '@simvault/app-auth/testing';

export interface CachePlatform extends TestPlatform<{ cache: NestExpressApplication }> {
  cache: NestExpressApplication;
  http: () => ReturnType<typeof request>;
}

/** The real auth and cache apps on a fresh database of one backend, with a session of every kind. */
export async function startCachePlatform(
  backend: Backend,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<CachePlatform> {
  // Any free port for the Seamless listener: suites run in parallel.
  const p = await startTestPlatform(
    backend,
    {
      name: 'cache',
      services: ['cache'],
      // Entries name made-up simulation ids: not checked, unless a suite asks (catalog-ids.spec).
      env: { SIMVAULT_SEAMLESS_PORT: '0', SIMVAULT_CACHE_UNKNOWN_SIMULATIONS: 'off', ...env },
    },
    async ({ config, logger, queuePrefix }) => ({
      cache: await createApp(cacheApp(config, logger, { clock, queuePrefix }), config, logger),
    }),
  );
  return { ...p, cache: p.apps.cache, http: () => request(p.apps.cache.getHttpServer()) };
}

let serial = 0;

/** A valid store body; `overrides` replace fields. */
export function entry(overrides: Record<string, unknown> = {}) {
  serial++;
  return {
    cache_key: `thermal_sim/1.0.0/${serial.toString(16).padStart(8, '0')}`,
    simulation_id: 42,
    simulation_name: 'thermal_sim',
    simulation_version: '1.0.0',
    execution_id: `exec-${serial}`,
    squid_id: `thermal_sim/1.0.0/exec-${serial}`,
    input_hash: `hash-${serial}`,
    run_db_path: `/runs/exec-${serial}.db`,
    ...overrides,
  };
}

/** The path of a key, percent-encoded per segment as an HTTP client does (slashes kept). */
export const keyPath = (key: string) => `/cache/${key.split('/').map(encodeURIComponent).join('/')}`;
