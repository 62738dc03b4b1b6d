import { createServer, type AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { cacheApp } from '@simvault/app-cache';
import { catalogApp } from '@simvault/app-catalog';
import { filesApp } from '@simvault/app-files';
import { resultsApp } from '@simvault/app-results';
import { createApp, SERVICES, type ServiceName } from '@simvault/core';
import type { Backend } from '@simvault/db';
import type { Logger } from '@simvault/core';
import { consoleApp } from '../src';

export { ADMIN_PASSWORD } from '@simvault/app-auth/testing';

type Apps = Partial<Record<Exclude<ServiceName, 'auth'>, NestExpressApplication>>;

export interface ConsolePlatform extends TestPlatform<Apps> {
  console: NestExpressApplication;
  /** The console's URL, as a browser reaches it. */
  url: string;
  /** Where the console reaches each service. */
  upstreams: Record<ServiceName, string>;
}

const listen = async (app: NestExpressApplication, port = 0) => {
  await app.listen(port, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
};

/**
 * The real auth app and the services asked for, each listening on a free loopback port, and the
 * console in front of them, configured with their URLs as a deployment configures it.
 */
export async function startConsolePlatform(
  backend: Backend,
  services: Exclude<ServiceName, 'auth'>[],
): Promise<ConsolePlatform> {
  let log: Logger | undefined;
  // The cache asks the results service for the runs' inputs (GET /cache/explain): results listens
  // where the cache's configuration says it is.
  const resultsPort = services.includes('results') ? await freePort() : 0;
  const p = await startTestPlatform(
    backend,
    {
      name: 'console',
      services,
      env: {
        SIMVAULT_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
        SIMVAULT_SEAMLESS_ENABLED: 'false',
        ...(resultsPort ? { SIMVAULT_RESULTS_URL: `http://127.0.0.1:${resultsPort}` } : {}),
      },
    },
    async ({ config, logger, queuePrefix }) => {
      log = logger;
      const make = {
        cache: () => cacheApp(config, logger, { queuePrefix }),
        catalog: () => catalogApp(config, logger, { queuePrefix }),
        results: () => resultsApp(config, logger, { queuePrefix }),
        files: () => filesApp(config, logger, { queuePrefix }),
      };
      const apps: Apps = {};
      for (const s of services) apps[s] = await createApp(make[s](), config, logger);
      return apps;
    },
  );
  const upstreams = { ...p.config.console.upstreams, auth: await listen(p.auth) };
  for (const s of SERVICES) {
    const app = s === 'auth' ? undefined : p.apps[s];
    if (app) upstreams[s] = await listen(app, s === 'results' ? resultsPort : 0);
  }
  const config = { ...p.config, console: { port: 0, upstreams, secureCookie: false } };
  const app = await createApp(consoleApp(config, log!), config, log!);
  const url = await listen(app);
  return {
    ...p,
    console: app,
    url,
    upstreams,
    close: async () => {
      await app.close();
      await p.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
