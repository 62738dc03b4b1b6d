import { authApp } from '@simvault/app-auth';
import { cacheApp, cacheSchema } from '@simvault/app-cache';
import { catalogApp, catalogSchema } from '@simvault/app-catalog';
import { resultsApp, resultsSchema } from '@simvault/app-results';
import { filesApp, filesSchema } from '@simvault/app-files';
import { SERVICES, type AppSpec, type Logger, type ServiceName, type SimvaultConfig } from '@simvault/core';
import type { DatabaseSchema } from '@simvault/db';
import { AUTH_SCHEMA } from '@simvault/entities';

export interface PlatformApp {
  service: ServiceName;
  spec: (config: SimvaultConfig, logger: Logger) => AppSpec;
  /** What the service keeps in its database (SIMVAULT_<SERVICE>_DATABASE_URL). */
  schema: DatabaseSchema;
}

// A Record, so that a service added to SERVICES cannot be left out of the commands below.
const PLATFORM: Record<ServiceName, Omit<PlatformApp, 'service'>> = {
  auth: { spec: authApp, schema: AUTH_SCHEMA },
  cache: { spec: cacheApp, schema: cacheSchema },
  catalog: { spec: catalogApp, schema: catalogSchema },
  results: { spec: resultsApp, schema: resultsSchema },
  files: { spec: filesApp, schema: filesSchema },
};

/**
 * Every app of the platform, in SERVICES order (auth first: the others check sessions against
 * it). `simvault up` starts them; `migrate`, `doctor`, `backup` and `restore` walk their databases.
 */
export const APPS: PlatformApp[] = SERVICES.map((service) => ({ service, ...PLATFORM[service] }));
