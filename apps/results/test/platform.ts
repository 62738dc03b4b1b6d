import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { catalogApp } from '@simvault/app-catalog';
import { createApp, type Clock } from '@simvault/core';
import type { Backend } from '@simvault/db';
import { writeSim2lRunFile, type Sim2lRun } from '@simvault/run-db/testing';
import request from 'supertest';
import { resultsApp } from '../src';

export { ADMIN_PASSWORD } from '@simvault/app-auth/testing';

export interface ResultsPlatform extends TestPlatform<{
  results: NestExpressApplication;
  catalog?: NestExpressApplication;
}> {
  results: NestExpressApplication;
  /** The catalog app, listening on a loopback port the results app is configured with (withCatalog). */
  catalog?: NestExpressApplication;
  catalogHttp: () => ReturnType<typeof request>;
  http: () => ReturnType<typeof request>;
  /** Writes a run file the way sim2l does, into the run root (or `dir`). */
  sim2lRun(run: Sim2lRun, dir?: string): string;
}

/**
 * The real auth and results apps on a fresh database of one backend, a run root, and a session of
 * every kind. With `withCatalog`, the real catalog app too, listening on a loopback port the
 * results app reaches it at; without, the results app's catalog is a closed port (every lookup is
 * refused at once: registrations say the values were not checked).
 */
export async function startResultsPlatform(
  backend: Backend,
  env: Record<string, string> = {},
  clock?: Clock,
  options: { withCatalog?: boolean } = {},
): Promise<ResultsPlatform> {
  const p = await startTestPlatform(
    backend,
    {
      name: 'results',
      services: options.withCatalog ? ['results', 'catalog'] : ['results'],
      env: { SIMVAULT_CATALOG_URL: 'http://127.0.0.1:1', ...env },
    },
    async ({ config, logger, queuePrefix }) => {
      if (!options.withCatalog) {
        return {
          results: await createApp(resultsApp(config, logger, { clock, queuePrefix }), config, logger),
        };
      }
      const catalog = await createApp(catalogApp(config, logger, { clock, queuePrefix }), config, logger);
      await catalog.listen(0, '127.0.0.1');
      const catalogUrl = `http://127.0.0.1:${(catalog.getHttpServer().address() as AddressInfo).port}`;
      const linked = { ...config, catalogUrl };
      return {
        catalog,
        results: await createApp(resultsApp(linked, logger, { clock, queuePrefix }), linked, logger),
      };
    },
  );
  return {
    ...p,
    results: p.apps.results,
    catalog: p.apps.catalog,
    http: () => request(p.apps.results.getHttpServer()),
    catalogHttp: () => request(p.apps.catalog!.getHttpServer()),
    sim2lRun(run, dir = p.runRoot) {
      const path = join(dir, `${run.executionId}.db`);
      writeSim2lRunFile(path, run);
      return path;
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
