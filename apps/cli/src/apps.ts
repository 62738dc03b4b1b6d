import { authApp } from '@simvault/app-auth';
import { cacheApp } from '@simvault/app-cache';
import { catalogApp } from '@simvault/app-catalog';
import { resultsApp } from '@simvault/app-results';
import { filesApp } from '@simvault/app-files';
import type { AppSpec, Logger, SimvaultConfig } from '@simvault/core';

/** Every app `simvault up` starts, in order (auth first: the others check sessions against it). */
export const APPS: ((config: SimvaultConfig, logger: Logger) => AppSpec)[] = [
  authApp,
  cacheApp,
  catalogApp,
  resultsApp,
  filesApp,
];
