import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule, SessionRepository, SessionService } from '@simvault/auth';
import {
  CoreModule,
  createApp,
  createLogger,
  loadConfig,
  type Privilege,
  type Role,
  type SimvaultConfig,
} from '@simvault/core';
import type { Backend } from '@simvault/db';
import { createTestDatabase, type TestDatabase } from '@simvault/db/testing';
import request from 'supertest';
import { BuffersModule } from '../src';

/** An app assembled as the cache app assembles it: core, the session authority, the buffer store. */
@Module({})
class BuffersTestAppModule {
  static forRoot(config: SimvaultConfig, logger: ReturnType<typeof createLogger>): DynamicModule {
    return {
      module: BuffersTestAppModule,
      imports: [
        CoreModule.forRoot('cache', config, logger),
        AuthModule.forRoot(config, { ownsDatabase: true }),
        BuffersModule.forRoot(),
      ],
    };
  }
}

export interface TestBuffersApp {
  app: NestExpressApplication;
  config: SimvaultConfig;
  http: () => ReturnType<typeof request>;
  /** A session token: a user's login with a role, or an anonymous session with exactly these privileges. */
  token(who: { role: Role } | { privileges: Privilege[] }): Promise<string>;
  close(): Promise<void>;
}

export async function startBuffersApp(
  backend: Backend,
  env: Record<string, string> = {},
): Promise<TestBuffersApp> {
  const db: TestDatabase = await createTestDatabase(backend, 'buffers');
  const config = loadConfig(
    {},
    {
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_AUTH_DATABASE_URL: db.url,
      SIMVAULT_LOG_LEVEL: 'silent',
      // The tests make anonymous writers; anonymous sessions are read only unless configured.
      SIMVAULT_ANONYMOUS_PRIVILEGES: 'read,write',
      ...env,
    },
  );
  const logger = createLogger(config.logLevel);
  const app = await createApp(
    {
      name: 'cache',
      title: 'Simvault buffers (test)',
      description: 'The buffer store routes, mounted as the cache app mounts them.',
      module: BuffersTestAppModule.forRoot(config, logger),
      port: 0,
    },
    config,
    logger,
  );
  const token = async (who: { role: Role } | { privileges: Privilege[] }) => {
    const expiresAt = new Date(Date.now() + 3600_000);
    const sessions = app.get(SessionService);
    if ('privileges' in who) {
      return (
        await sessions.issue({ kind: 'anonymous', userId: null, expiresAt, privileges: who.privileges })
      ).token;
    }
    const id = randomUUID();
    const now = new Date();
    await app.get(SessionRepository).users.insert({
      id,
      username: `${who.role}-${id.slice(0, 8)}`,
      email: null,
      passwordHash: 'never used: these sessions are issued directly',
      role: who.role,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    return (await sessions.issue({ kind: 'login', userId: id, expiresAt })).token;
  };
  return {
    app,
    config,
    http: () => request(app.getHttpServer()),
    token,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
