import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { createApp, type Clock } from '@simvault/core';
import type { Backend } from '@simvault/db';
import request from 'supertest';
import { catalogApp } from '../src';

export { ADMIN_PASSWORD, type Who } from '@simvault/app-auth/testing';

export interface CatalogPlatform extends TestPlatform<{ catalog: NestExpressApplication }> {
  catalog: NestExpressApplication;
  http: () => ReturnType<typeof request>;
}

/**
 * The real auth and catalog apps on a fresh database of one backend, with a session of every kind;
 * the `noread` token here may write (so a write route still checks `read` where it needs it).
 */
export async function startCatalogPlatform(
  backend: Backend,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<CatalogPlatform> {
  const p = await startTestPlatform(
    backend,
    { name: 'catalog', services: ['catalog'], env, noread: ['write'] },
    async ({ config, logger, queuePrefix }) => ({
      catalog: await createApp(catalogApp(config, logger, { clock, queuePrefix }), config, logger),
    }),
  );
  return { ...p, catalog: p.apps.catalog, http: () => request(p.apps.catalog.getHttpServer()) };
}

let serial = 0;

/** A valid registration body (what sim2l's register_simulation sends); `overrides` replace fields. */
export function simulation(overrides: Record<string, unknown> = {}) {
  serial++;
  return {
    name: `sim_${serial}`,
    version: '1.0.0',
    description: 'A test simulation',
    author: 'Ada',
    tags: ['test'],
    input_schema: {
      temperature: { type: 'Number', units: 'K', min: 0, max: 2000, value: 300 },
      steps: { type: 'Integer', value: 10 },
    },
    output_schema: { max_stress: { type: 'Number', units: 'MPa' } },
    workflow_type: 'function',
    workflow_hash: null,
    dependencies: ['numpy>=1.24'],
    metadata: { lab: 'B' },
    auto_approve: true,
    installation_id: null,
    ...overrides,
  };
}

/** Polls until `check` answers true (a queue job finishing); false after `ms`. */
export async function until(check: () => Promise<boolean>, ms = 8000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
