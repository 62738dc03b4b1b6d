import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp, createLogger, loadConfig, type SimvaultConfig } from '@simvault/core';
import { createTestDatabase, type TestDatabase } from '@simvault/db/testing';
import type { Backend } from '@simvault/db';
import request from 'supertest';
import { authApp } from '../src';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestAuthApp {
  app: NestExpressApplication;
  config: SimvaultConfig;
  db: TestDatabase;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The real auth app on a fresh database of the given backend; `env` adds SIMVAULT_* settings. */
export async function startAuthApp(
  backend: Backend,
  env: Record<string, string> = {},
  db?: TestDatabase,
): Promise<TestAuthApp> {
  const database = db ?? (await createTestDatabase(backend, 'auth'));
  const config = loadConfig(
    {},
    {
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: database.dir,
      SIMVAULT_AUTH_DATABASE_URL: database.url,
      SIMVAULT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SIMVAULT_LOG_LEVEL: 'silent',
      ...env,
    },
  );
  const logger = createLogger(config.logLevel);
  const app = await createApp(authApp(config, logger), config, logger);
  return {
    app,
    config,
    db: database,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      if (!db) await database.drop();
    },
  };
}

export async function login(t: TestAuthApp, username: string, password: string): Promise<string> {
  const res = await t.http().post('/session/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export async function createUser(
  t: TestAuthApp,
  adminToken: string,
  username: string,
  role: 'user' | 'developer' | 'admin',
) {
  const res = await t
    .http()
    .post('/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ username, password: `${username}-password`, role });
  if (res.status !== 201)
    throw new Error(`create ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return login(t, username, `${username}-password`);
}
