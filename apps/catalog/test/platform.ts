import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { authApp } from '@simvault/app-auth';
import { createApp, createLogger, loadConfig, type Clock, type SimvaultConfig } from '@simvault/core';
import type { Backend } from '@simvault/db';
import { createTestDatabase, type TestDatabase } from '@simvault/db/testing';
import { removeQueueData } from '@simvault/queue/testing';
import request from 'supertest';
import { catalogApp } from '../src';

export const ADMIN_PASSWORD = 'admin-password-1';

export type Who = 'admin' | 'developer' | 'user' | 'anonymous' | 'readonly' | 'noread' | 'runner';

export interface CatalogPlatform {
  auth: NestExpressApplication;
  catalog: NestExpressApplication;
  config: SimvaultConfig;
  db: TestDatabase;
  http: () => ReturnType<typeof request>;
  tokens: Record<Who, string>;
  as: (who: Who) => { 'X-Session-ID': string };
  close(): Promise<void>;
}

/**
 * The real auth and catalog apps on fresh databases of one backend (on SQLite, two files as
 * `simvault up` has them; on PostgreSQL, one database), with a session of every kind.
 */
export async function startCatalogPlatform(
  backend: Backend,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<CatalogPlatform> {
  const db = await createTestDatabase(backend, 'catalog');
  const config = loadConfig(
    {},
    {
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_AUTH_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'auth.sqlite')}` : db.url,
      SIMVAULT_CATALOG_DATABASE_URL:
        backend === 'sqlite' ? `sqlite:${join(db.dir, 'catalog.sqlite')}` : db.url,
      SIMVAULT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_SESSION_CACHE_SECONDS: '0',
      ...env,
    },
  );
  const logger = createLogger(config.logLevel);
  const auth = await createApp(authApp(config, logger), config, logger);
  const queuePrefix = `test-${randomBytes(4).toString('hex')}`;
  const catalog = await createApp(catalogApp(config, logger, { clock, queuePrefix }), config, logger);
  const a = () => request(auth.getHttpServer());
  const login = async (username: string, password: string) =>
    (await a().post('/session/login').send({ username, password }).expect(200)).body.token as string;
  const admin = await login('admin', ADMIN_PASSWORD);
  for (const [username, role] of [
    ['dev', 'developer'],
    ['usr', 'user'],
  ]) {
    await a()
      .post('/users')
      .set('X-Session-ID', admin)
      .send({ username, password: `${username}-password`, role })
      .expect(201);
  }
  const user = await login('usr', 'usr-password');
  const token = async (privileges: string[]) =>
    (
      await a()
        .post('/tokens')
        .set('X-Session-ID', user)
        .send({ name: privileges.join('+'), privileges })
        .expect(201)
    ).body.token as string;
  const tokens: Record<Who, string> = {
    admin,
    developer: await login('dev', 'dev-password'),
    user,
    anonymous: (await a().post('/session/anonymous').send({}).expect(200)).body.token as string,
    readonly: await token(['read']),
    noread: await token(['write']),
    runner: await token(['run']),
  };
  return {
    auth,
    catalog,
    config,
    db,
    http: () => request(catalog.getHttpServer()),
    tokens,
    as: (who) => ({ 'X-Session-ID': tokens[who] }),
    close: async () => {
      await catalog.close();
      await auth.close();
      await db.drop();
      if (config.redisUrl) await removeQueueData(config.redisUrl, queuePrefix);
    },
  };
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
