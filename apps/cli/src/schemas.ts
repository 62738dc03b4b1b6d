import { cacheSchema } from '@simvault/app-cache';
import { filesSchema } from '@simvault/app-files';
import type { ServiceName } from '@simvault/core';
import type { DatabaseSchema } from '@simvault/db';
import { AUTH_SCHEMA } from '@simvault/entities';

/** What each service keeps in its database: `simvault migrate`, `doctor` and `backup` walk this. */
export const SERVICE_SCHEMAS: { service: ServiceName; schema: DatabaseSchema }[] = [
  { service: 'auth', schema: AUTH_SCHEMA },
  { service: 'cache', schema: cacheSchema },
  { service: 'files', schema: filesSchema },
];
