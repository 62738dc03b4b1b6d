import { request as httpRequest } from 'node:http';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { AuthModule } from '@simvault/auth';
import {
  CoreModule,
  createApp,
  createLogger,
  loadConfig,
  type Logger,
  type SimvaultConfig,
} from '@simvault/core';
import { DatabaseModule, type Backend } from '@simvault/db';
import { createTestDatabase, type TestDatabase } from '@simvault/db/testing';
import { CHECKSUM_ENTITIES, CHECKSUM_MIGRATIONS, CHECKSUM_MIGRATIONS_TABLE } from '@simvault/entities';
import request from 'supertest';
import { ChecksumRecordsService, SeamlessListenerService, SeamlessModule } from '../src';

/** An app mounting SeamlessModule the way the cache app does: its records in the 'cache' DataSource. */
@Module({})
class SeamlessTestAppModule {
  static forRoot(config: SimvaultConfig, logger: Logger): DynamicModule {
    return {
      module: SeamlessTestAppModule,
      imports: [
        CoreModule.forRoot('cache', config, logger),
        AuthModule.forRoot(config, { ownsDatabase: false }),
        DatabaseModule.forRoot({
          name: 'cache',
          url: config.databaseUrls.cache,
          entities: CHECKSUM_ENTITIES,
          migrations: CHECKSUM_MIGRATIONS,
          migrationsTableName: CHECKSUM_MIGRATIONS_TABLE,
          runMigrations: true,
          reportBackend: true,
        }),
        SeamlessModule.forRoot({ dataSourceName: 'cache' }),
      ],
    };
  }
}

export interface SeamlessTestApp {
  app: INestApplication;
  db: TestDatabase;
  records: ChecksumRecordsService;
  /** The REST API. */
  http: () => ReturnType<typeof request>;
  /** The wire-protocol listener's port. */
  wirePort: number;
  /** One request to the wire-protocol listener. */
  wire: (method: string, body?: string | Buffer, path?: string) => Promise<WireResponse>;
  /** A session token with exactly these privileges. */
  token: (...privileges: string[]) => Promise<string>;
  close(): Promise<void>;
}

export interface WireResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The real app on a fresh database; the wire protocol on a free port of 127.0.0.1. */
export async function startSeamlessApp(
  backend: Backend,
  env: Record<string, string> = {},
): Promise<SeamlessTestApp> {
  const db = await createTestDatabase(backend, 'seamless');
  const config = loadConfig(
    {},
    {
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_AUTH_DATABASE_URL: db.url,
      SIMVAULT_CACHE_DATABASE_URL: db.url,
      SIMVAULT_ADMIN_PASSWORD: 'admin-password-1',
      SIMVAULT_ANONYMOUS_PRIVILEGES: 'read,write,cache_invalidate',
      SIMVAULT_SEAMLESS_PORT: '0',
      // The tests write through the listener (from 127.0.0.1, in the default write networks).
      SIMVAULT_SEAMLESS_WRITABLE: 'true',
      SIMVAULT_LOG_LEVEL: 'silent',
      ...env,
    },
  );
  const logger = createLogger(config.logLevel);
  const app = await createApp(
    {
      name: 'cache',
      title: 'seamless test app',
      description: 'SeamlessModule mounted as the cache app mounts it',
      module: SeamlessTestAppModule.forRoot(config, logger),
      port: 0,
    },
    config,
    logger,
  );
  const port = app.get(SeamlessListenerService).port;
  const http = () => request(app.getHttpServer());
  return {
    app,
    db,
    records: app.get(ChecksumRecordsService),
    wirePort: port!,
    http,
    wire: (method, body, path = '/') => wire(port!, method, body, path),
    token: async (...privileges) => {
      const res = await http().post('/session/anonymous').send({ privileges });
      if (res.status !== 200) throw new Error(`anonymous session: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** A raw HTTP request (fetch cannot send a body with GET, which this protocol needs). */
export function wire(
  port: number,
  method: string,
  body?: string | Buffer,
  path = '/',
  host = '127.0.0.1',
): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'Content-Length': Buffer.byteLength(body) };
    const req = httpRequest({ host, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
