import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { authApp } from '@simvault/app-auth';
import { createApp, createLogger, loadConfig, type Clock, type SimvaultConfig } from '@simvault/core';
import type { Backend } from '@simvault/db';
import { createTestDatabase, type TestDatabase } from '@simvault/db/testing';
import { removeQueueData } from '@simvault/queue/testing';
import { writeSim2lRunFile, type Sim2lRun } from '@simvault/run-db/testing';
import request from 'supertest';
import { resultsApp } from '../src';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface ResultsPlatform {
  auth: NestExpressApplication;
  results: NestExpressApplication;
  config: SimvaultConfig;
  db: TestDatabase;
  /** The configured run root (SIMVAULT_RUN_ROOTS). */
  runRoot: string;
  http: () => ReturnType<typeof request>;
  tokens: Record<'admin' | 'developer' | 'user' | 'anonymous' | 'readonly' | 'noread', string>;
  /** Writes a run file the way sim2l does, into the run root (or `dir`). */
  sim2lRun(run: Sim2lRun, dir?: string): string;
  close(): Promise<void>;
}

/**
 * The real auth and results apps on fresh databases of one backend (on SQLite, two files as
 * `simvault up` has them; on PostgreSQL, one database), a run root, and a session of every kind.
 */
export async function startResultsPlatform(
  backend: Backend,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<ResultsPlatform> {
  const db = await createTestDatabase(backend, 'results');
  const runRoot = join(db.dir, 'run-root');
  mkdirSync(runRoot, { recursive: true });
  const config = loadConfig(
    {},
    {
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_AUTH_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'auth.sqlite')}` : db.url,
      SIMVAULT_RESULTS_DATABASE_URL:
        backend === 'sqlite' ? `sqlite:${join(db.dir, 'results.sqlite')}` : db.url,
      SIMVAULT_RUN_ROOTS: runRoot,
      SIMVAULT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_SESSION_CACHE_SECONDS: '0',
      ...env,
    },
  );
  const logger = createLogger(config.logLevel);
  const auth = await createApp(authApp(config, logger), config, logger);
  const queuePrefix = `test-${randomBytes(4).toString('hex')}`;
  const results = await createApp(resultsApp(config, logger, { clock, queuePrefix }), config, logger);
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
    results,
    config,
    db,
    runRoot,
    http: () => request(results.getHttpServer()),
    tokens,
    sim2lRun(run, dir = runRoot) {
      const path = join(dir, `${run.executionId}.db`);
      writeSim2lRunFile(path, run);
      return path;
    },
    close: async () => {
      await results.close();
      await auth.close();
      await db.drop();
      if (config.redisUrl) await removeQueueData(config.redisUrl, queuePrefix);
    },
  };
}

/** A thermal_sim run as sim2l writes it: temperature, mesh and pressure in, max_stress and converged out. */
export function thermalRun(
  executionId: string,
  values: {
    temperature: number;
    mesh?: string;
    pressure?: number | null;
    max_stress?: number;
    converged?: boolean;
  },
  extra: Partial<Sim2lRun> = {},
): Sim2lRun {
  const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
  return {
    executionId,
    inputs: [
      { name: 'temperature', type: 'number', json: json(values.temperature), units: 'kelvin' },
      ...(values.mesh !== undefined ? [{ name: 'mesh', type: 'string', json: json(values.mesh) }] : []),
      ...(values.pressure !== undefined
        ? [{ name: 'pressure', type: 'number', json: json(values.pressure) }]
        : []),
    ],
    outputs: [
      ...(values.max_stress !== undefined
        ? [{ name: 'max_stress', type: 'number', json: json(values.max_stress), units: 'pascal' }]
        : []),
      ...(values.converged !== undefined
        ? [{ name: 'converged', type: 'boolean', json: json(values.converged) }]
        : []),
    ],
    ...extra,
  };
}

/** Waits for a registration job to finish; answers its final status. */
export async function settled(p: ResultsPlatform, jobId: string, token: string) {
  for (let i = 0; i < 200; i++) {
    const res = await p.http().get(`/jobs/${jobId}`).set('X-Session-ID', token).expect(200);
    if (res.body.state === 'completed' || res.body.state === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}
