import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { authApp } from '@simvault/app-auth';
import { resultsApp } from '@simvault/app-results';
import { createApp, createLogger, loadConfig, type SimvaultConfig } from '@simvault/core';
import type { Backend } from '@simvault/db';
import { createTestDatabase, type TestDatabase } from '@simvault/db/testing';
import { removeQueueData } from '@simvault/queue/testing';
import { RunDatabase, type ArtifactOptions } from '@simvault/run-db';
import request from 'supertest';
import { filesApp } from '../src';

export const ADMIN_PASSWORD = 'admin-password-1';

export type Who = 'admin' | 'developer' | 'user' | 'other' | 'anonymous' | 'readonly' | 'noread';

export interface FilesPlatform {
  auth: NestExpressApplication;
  files: NestExpressApplication;
  /** The results app, beside the files app on the same queues (when asked for). */
  results?: NestExpressApplication;
  config: SimvaultConfig;
  db: TestDatabase;
  /** The configured run root (SIMVAULT_RUN_ROOTS). */
  runRoot: string;
  http: () => ReturnType<typeof request>;
  resultsHttp: () => ReturnType<typeof request>;
  tokens: Record<Who, string>;
  as(who: Who): { 'X-Session-ID': string };
  close(): Promise<void>;
}

/**
 * The real auth and files apps (and the results app, with `results: true`) on fresh databases of one
 * backend (on SQLite, one file per service as `simvault up` has them; on PostgreSQL, one database),
 * a run root, and a session of every kind: two users, so ownership can be tested.
 */
export async function startFilesPlatform(
  backend: Backend,
  options: { results?: boolean; env?: Record<string, string> } = {},
): Promise<FilesPlatform> {
  const db = await createTestDatabase(backend, 'files');
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
      SIMVAULT_RESULTS_DATABASE_URL: url('results'),
      SIMVAULT_FILES_DATABASE_URL: url('files'),
      SIMVAULT_RUN_ROOTS: runRoot,
      SIMVAULT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_SESSION_CACHE_SECONDS: '0',
      ...options.env,
    },
  );
  const logger = createLogger(config.logLevel);
  const queuePrefix = `test-${randomBytes(4).toString('hex')}`;
  const auth = await createApp(authApp(config, logger), config, logger);
  const files = await createApp(filesApp(config, logger, { queuePrefix }), config, logger);
  const results = options.results
    ? await createApp(resultsApp(config, logger, { queuePrefix }), config, logger)
    : undefined;
  const a = () => request(auth.getHttpServer());
  const login = async (username: string, password: string) =>
    (await a().post('/session/login').send({ username, password }).expect(200)).body.token as string;
  const admin = await login('admin', ADMIN_PASSWORD);
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
    other: await login('oth', 'oth-password'),
    anonymous: (await a().post('/session/anonymous').send({}).expect(200)).body.token as string,
    readonly: await token(['read']),
    noread: await token(['execute']),
  };
  return {
    auth,
    files,
    results,
    config,
    db,
    runRoot,
    http: () => request(files.getHttpServer()),
    resultsHttp: () => {
      if (!results) throw new Error('start the platform with results: true');
      return request(results.getHttpServer());
    },
    tokens,
    as: (who) => ({ 'X-Session-ID': tokens[who] }),
    close: async () => {
      await results?.close();
      await files.close();
      await auth.close();
      await db.drop();
      if (config.redisUrl) await removeQueueData(config.redisUrl, queuePrefix);
    },
  };
}

export interface TestArtifact {
  name: string;
  data?: Buffer | string;
  externalPath?: string;
  options?: ArtifactOptions;
}

/** Writes a run file with these artifacts into `dir` (the run root by default), as a simulation would. */
export async function writeRun(
  p: FilesPlatform,
  executionId: string,
  artifacts: TestArtifact[],
  simulation: [string, string] = ['thermal_sim', '1.0.0'],
  dir = p.runRoot,
): Promise<string> {
  const path = join(dir, `${executionId}.db`);
  const run = RunDatabase.open(path);
  try {
    run.initializeRun(simulation[0], simulation[1], { executorType: 'local' });
    for (const a of artifacts) {
      if (a.data !== undefined) run.saveArtifact(a.name, { data: a.data }, a.options);
      else await run.saveArtifact(a.name, { externalPath: a.externalPath! }, a.options);
    }
    run.completeRun('completed', { durationSeconds: 1 });
  } finally {
    run.close();
  }
  return path;
}

/** Registers a run of the run root with the results service; answers its registration. */
export async function register(p: FilesPlatform, executionId: string) {
  const res = await p.resultsHttp().post('/register').set(p.as('user')).send({ execution_id: executionId });
  if (res.status !== 200)
    throw new Error(`registration of ${executionId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { execution_id: string; run_file: string; checksum: string };
}

/** Waits until the files service has indexed the run (the queue job runs after registration answers). */
export async function indexed(p: FilesPlatform, executionId: string, checksum?: string) {
  for (let i = 0; i < 400; i++) {
    const res = await p.http().get(`/runs/${executionId}/files`).set(p.as('readonly'));
    if (res.status === 200 && (checksum === undefined || res.body.checksum === checksum)) return res.body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`run ${executionId} was not indexed`);
}
