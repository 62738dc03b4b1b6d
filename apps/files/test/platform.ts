import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { resultsApp } from '@simvault/app-results';
import { createApp } from '@simvault/core';
import type { Backend } from '@simvault/db';
import { RunDatabase, type ArtifactOptions } from '@simvault/run-db';
import request from 'supertest';
import { filesApp } from '../src';

export { ADMIN_PASSWORD, type Who } from '@simvault/app-auth/testing';

type Apps = { files: NestExpressApplication; results?: NestExpressApplication };

export interface FilesPlatform extends TestPlatform<Apps> {
  files: NestExpressApplication;
  /** The results app, beside the files app on the same queues (when asked for). */
  results?: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  resultsHttp: () => ReturnType<typeof request>;
}

/**
 * The real auth and files apps (and the results app, with `results: true`) on a fresh database of
 * one backend, a run root, and a session of every kind: two users, so ownership can be tested.
 */
export async function startFilesPlatform(
  backend: Backend,
  options: { results?: boolean; env?: Record<string, string> } = {},
): Promise<FilesPlatform> {
  const p = await startTestPlatform(
    backend,
    { name: 'files', services: ['results', 'files'], env: options.env },
    async ({ config, logger, queuePrefix }): Promise<Apps> => ({
      files: await createApp(filesApp(config, logger, { queuePrefix }), config, logger),
      results: options.results
        ? await createApp(resultsApp(config, logger, { queuePrefix }), config, logger)
        : undefined,
    }),
  );
  const { files, results } = p.apps;
  return {
    ...p,
    files,
    results,
    http: () => request(files.getHttpServer()),
    resultsHttp: () => {
      if (!results) throw new Error('start the platform with results: true');
      return request(results.getHttpServer());
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

/**
 * A run with one external artifact whose file lies outside the run roots (in the data directory),
 * registered by uploading its run file (as `simvault results register` does from another machine)
 * and indexed; answers the artifact file's path.
 */
export async function registerWithOutsideArtifact(
  p: FilesPlatform,
  executionId: string,
  name: string,
  bytes: Buffer,
): Promise<string> {
  const outside = join(p.db.dir, `${executionId}-${name.replace(/\//g, '_')}`);
  writeFileSync(outside, bytes);
  const run = await writeRun(p, executionId, [{ name, externalPath: outside }], undefined, p.db.dir);
  await p
    .resultsHttp()
    .post('/register/upload')
    .set(p.as('user'))
    .set('Content-Type', 'application/octet-stream')
    .send(readFileSync(run))
    .expect(200);
  await indexed(p, executionId);
  return outside;
}
