import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { authApp } from '@simvault/app-auth';
import { createApp, createLogger, loadConfig, type Clock, type SimvaultConfig } from '@simvault/core';
import type { Backend } from '@simvault/db';
import { createTestDatabase, type TestDatabase } from '@simvault/db/testing';
import request from 'supertest';
import { removeQueueData } from '@simvault/queue/testing';
import { cacheApp } from '../src';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface CachePlatform {
  auth: NestExpressApplication;
  cache: NestExpressApplication;
  config: SimvaultConfig;
  db: TestDatabase;
  http: () => ReturnType<typeof request>;
  tokens: Record<'admin' | 'developer' | 'user' | 'anonymous' | 'readonly' | 'noread', string>;
  close(): Promise<void>;
}

/**
 * The real auth and cache apps on fresh databases of one backend (on SQLite, two files as
 * `simvault up` has them; on PostgreSQL, one database), with a session of every kind.
 */
export async function startCachePlatform(
  backend: Backend,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<CachePlatform> {
  const db = await createTestDatabase(backend, 'cache');
  const config = loadConfig(
    {},
    {
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_AUTH_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'auth.sqlite')}` : db.url,
      SIMVAULT_CACHE_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'cache.sqlite')}` : db.url,
      SIMVAULT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_SESSION_CACHE_SECONDS: '0',
      // Any free port: suites run in parallel.
      SIMVAULT_SEAMLESS_PORT: '0',
      ...env,
    },
  );
  const logger = createLogger(config.logLevel);
  const auth = await createApp(authApp(config, logger), config, logger);
  const queuePrefix = `test-${randomBytes(4).toString('hex')}`;
  const cache = await createApp(cacheApp(config, logger, { clock, queuePrefix }), config, logger);
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
  const tokens = {
    admin,
    developer: await login('dev', 'dev-password'),
    user,
    anonymous: (await a().post('/session/anonymous').send({}).expect(200)).body.token as string,
    readonly: await token(['read']),
    noread: await token(['execute']),
  };
  return {
    auth,
    cache,
    config,
    db,
    http: () => request(cache.getHttpServer()),
    tokens,
    close: async () => {
      await cache.close();
      await auth.close();
      await db.drop();
      if (config.redisUrl) await removeQueueData(config.redisUrl, queuePrefix);
    },
  };
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
