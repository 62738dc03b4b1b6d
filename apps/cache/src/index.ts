import type { AppSpec, Logger, SimvaultConfig } from '@simvault/core';
import { CacheAppModule, cacheSchema, type CacheAppOptions } from './cache-app.module';

export { CacheAppModule, cacheSchema, type CacheAppOptions };
export { ExpiryService } from './expiry/expiry.service';
export { AccessRecorder } from './stats/access-recorder.service';

/** How `simvault up` and main.ts start this app. */
export function cacheApp(config: SimvaultConfig, logger: Logger, options: CacheAppOptions = {}): AppSpec {
  return {
    name: 'cache',
    title: 'Simvault cache',
    description:
      "The team-wide result cache (sim2l's cache service): look up a run's result by key, store it, invalidate it, and see what the cache saves.",
    module: CacheAppModule.forRoot(config, logger, options),
    port: config.ports.cache,
  };
}
