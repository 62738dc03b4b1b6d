import { authApp } from '@simvault/app-auth';
import { cacheApp, cacheSchema } from '@simvault/app-cache';
import { catalogApp, catalogSchema } from '@simvault/app-catalog';
import { consoleApp } from '@simvault/app-console';
import { resultsApp, resultsSchema } from '@simvault/app-results';
import { filesApp, filesSchema } from '@simvault/app-files';
import { SERVICES, type AppSpec, type Logger, type ServiceName, type SimvaultConfig } from '@simvault/core';
import type { DatabaseSchema } from '@simvault/db';
import { AUTH_SCHEMA } from '@simvault/entities';

/** A service with a database (SERVICES), or the console, which keeps none. */
export type AppName = ServiceName | 'console';

export interface PlatformApp {
  service: AppName;
  spec: (config: SimvaultConfig, logger: Logger) => AppSpec;
  port: (config: SimvaultConfig) => number;
  /** What the app keeps in its database (SIMVAULT_<SERVICE>_DATABASE_URL); none for the console. */
  schema?: DatabaseSchema;
}

/** An app with a database: `migrate`, `doctor`, `backup` and `restore` walk these. */
export interface DatabaseApp extends PlatformApp {
  service: ServiceName;
  schema: DatabaseSchema;
}

// A Record, so that a service added to SERVICES cannot be left out of the commands below.
const PLATFORM: Record<ServiceName, Omit<DatabaseApp, 'service' | 'port'>> = {
  auth: { spec: authApp, schema: AUTH_SCHEMA },
  cache: { spec: cacheApp, schema: cacheSchema },
  catalog: { spec: catalogApp, schema: catalogSchema },
  results: { spec: resultsApp, schema: resultsSchema },
  files: { spec: filesApp, schema: filesSchema },
};

/** The services with a database, in SERVICES order (auth first: the others check sessions against it). */
export const DATABASE_APPS: DatabaseApp[] = SERVICES.map((service) => ({
  service,
  port: (config) => config.ports[service],
  ...PLATFORM[service],
}));

/**
 * Every app of the platform: the services, then the web console in front of them. `simvault up`
 * starts them all; `doctor` checks them; `backup` and `restore` refuse while any of them runs.
 */
export const APPS: PlatformApp[] = [
  ...DATABASE_APPS,
  { service: 'console', spec: consoleApp, port: (config) => config.console.port },
];
