import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  createApp,
  createLogger,
  loadConfig,
  type Logger,
  type Privilege,
  type ServiceName,
  type SimvaultConfig,
} from '@simvault/core';
import { TokenSigner } from '@simvault/auth';
import type { Backend } from '@simvault/db';
import { createTestDatabase, type TestDatabase } from '@simvault/db/testing';
import { removeQueueData } from '@simvault/queue/testing';
import request from 'supertest';
import { authApp } from '../index';
import type { Credential } from './access-matrix';

export * from './access-matrix';

export const ADMIN_PASSWORD = 'admin-password-1';

/**
 * The sessions every test platform holds: the first admin, a developer (`dev`), two users (`usr`,
 * `oth`: ownership), an anonymous session, and API tokens of `usr` with `read` only (`readonly`),
 * without `read` (`noread`: `execute` unless asked otherwise) and with `run` only (`runner`), a
 * token of `usr`'s that was revoked (`revoked`) and one naming `usr`'s session but signed with
 * another secret (`forged`). Passwords are `<username>-password`.
 */
export type Who =
  | 'admin'
  | 'developer'
  | 'user'
  | 'other'
  | 'anonymous'
  | 'readonly'
  | 'noread'
  | 'runner'
  | 'revoked'
  | 'forged';

export interface TestPlatformOptions {
  /** Names the test database (and its folder). */
  name: string;
  /** The services besides auth whose databases are set: a file each on SQLite, the one database on PostgreSQL. */
  services: ServiceName[];
  /** SIMVAULT_* settings, over the platform's. */
  env?: Record<string, string>;
  /** The privileges of the `noread` token (default `execute`). */
  noread?: Privilege[];
}

export interface StartedApps {
  config: SimvaultConfig;
  logger: Logger;
  /** This platform's own queue namespace (suites run in parallel on one Redis). */
  queuePrefix: string;
}

export interface TestPlatform<Apps> {
  auth: NestExpressApplication;
  apps: Apps;
  config: SimvaultConfig;
  db: TestDatabase;
  /** `<data dir>/run-root`, named in SIMVAULT_RUN_ROOTS. */
  runRoot: string;
  tokens: Record<Who, string>;
  as(who: Who): { 'X-Session-ID': string };
  /**
   * A new credential of `who`'s kind held by a new user of the same role (a new anonymous session,
   * a token with the same privileges): for calls that spend or change the caller's own session.
   */
  fresh(who: Who): Promise<Credential>;
  /** Closes the apps (last started first), then auth; drops the database and the queue data. */
  close(): Promise<void>;
}

/**
 * The real auth app and the apps `start` creates, on a fresh database of one backend (on SQLite,
 * one file per service as `simvault up` has them; on PostgreSQL, one database), with a run root
 * and a session of every kind.
 */
export async function startTestPlatform<Apps extends Record<string, NestExpressApplication | undefined>>(
  backend: Backend,
  options: TestPlatformOptions,
  start: (started: StartedApps) => Promise<Apps>,
): Promise<TestPlatform<Apps>> {
  const db = await createTestDatabase(backend, options.name);
  const runRoot = join(db.dir, 'run-root');
  mkdirSync(runRoot, { recursive: true });
  const url = (service: string) =>
    backend === 'sqlite' ? `sqlite:${join(db.dir, `${service}.sqlite`)}` : db.url;
  const config = loadConfig(
    {},
    {
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_AUTH_DATABASE_URL: url('auth'),
      ...Object.fromEntries(
        options.services.map((s) => [`SIMVAULT_${s.toUpperCase()}_DATABASE_URL`, url(s)]),
      ),
      SIMVAULT_RUN_ROOTS: runRoot,
      SIMVAULT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_SESSION_CACHE_SECONDS: '0',
      // More than the read-only default, as a deployment may grant: the suites check what an
      // anonymous writer may and may not do.
      SIMVAULT_ANONYMOUS_PRIVILEGES: 'read,write',
      ...options.env,
    },
  );
  const logger = createLogger(config.logLevel);
  const queuePrefix = `test-${randomBytes(4).toString('hex')}`;
  const auth = await createApp(authApp(config, logger), config, logger);
  const apps = await start({ config, logger, queuePrefix });

  const a = () => request(auth.getHttpServer());
  const login = async (username: string) =>
    (
      await a()
        .post('/session/login')
        .send({ username, password: `${username}-password` })
        .expect(200)
    ).body.token as string;
  const admin = (
    await a().post('/session/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)
  ).body.token as string;
  for (const [username, role] of [
    ['dev', 'developer'],
    ['usr', 'user'],
    ['oth', 'user'],
  ]) {
    await a()
      .post('/users')
      .set('X-Session-ID', admin)
      .send({ username, password: `${username}-password`, role })
      .expect(201);
  }
  const user = await login('usr');
  const token = async (privileges: Privilege[], owner = user) =>
    (
      await a()
        .post('/tokens')
        .set('X-Session-ID', owner)
        .send({ name: privileges.join('+'), privileges })
        .expect(201)
    ).body as { id: string; token: string };
  const revoked = await token(['read']);
  await a().delete(`/tokens/${revoked.id}`).set('X-Session-ID', user).expect(200);
  // usr's own session, in a well-formed token signed with a secret that is not the platform's.
  const claims = JSON.parse(Buffer.from(user.split('.')[1], 'base64url').toString()) as {
    sid: string;
    sub: string;
    exp: number;
  };
  const forged = new TokenSigner({
    auth: { jwtSecret: randomBytes(32).toString('hex') },
  } as SimvaultConfig).sign(claims.sid, claims.sub, new Date(claims.exp * 1000));
  const privilegesOf: Partial<Record<Who, Privilege[]>> = {
    readonly: ['read'],
    noread: options.noread ?? ['execute'],
    runner: ['run'],
  };
  const tokens: Record<Who, string> = {
    admin,
    developer: await login('dev'),
    user,
    other: await login('oth'),
    anonymous: (await a().post('/session/anonymous').send({}).expect(200)).body.token as string,
    readonly: (await token(privilegesOf.readonly!)).token,
    noread: (await token(privilegesOf.noread!)).token,
    runner: (await token(privilegesOf.runner!)).token,
    revoked: revoked.token,
    forged,
  };
  let made = 0;
  const roleOf: Partial<Record<Who, string>> = { admin: 'admin', developer: 'developer' };
  const fresh = async (who: Who): Promise<Credential> => {
    if (who === 'revoked' || who === 'forged') return { token: tokens[who] };
    if (who === 'anonymous')
      return { token: (await a().post('/session/anonymous').send({}).expect(200)).body.token as string };
    const username = `fresh-${who}-${++made}`;
    await a()
      .post('/users')
      .set('X-Session-ID', admin)
      .send({ username, password: `${username}-password`, role: roleOf[who] ?? 'user' })
      .expect(201);
    const session = await login(username);
    const limited = privilegesOf[who];
    return { token: limited ? (await token(limited, session)).token : session, username };
  };
  return {
    auth,
    apps,
    config,
    db,
    runRoot,
    tokens,
    as: (who) => ({ 'X-Session-ID': tokens[who] }),
    fresh,
    close: async () => {
      for (const app of Object.values(apps).reverse()) await app?.close();
      await auth.close();
      await db.drop();
      if (config.redisUrl) await removeQueueData(config.redisUrl, queuePrefix);
    },
  };
}
