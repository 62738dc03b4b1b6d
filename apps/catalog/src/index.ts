import type { AppSpec, Logger, SimvaultConfig } from '@simvault/core';
import { CatalogAppModule, catalogSchema, type CatalogAppOptions } from './catalog-app.module';

export { CatalogAppModule, catalogSchema, type CatalogAppOptions };
export { SyncService, type SyncJob, type SyncResult } from './sync/sync.service';
export { versionKey, compareVersions } from './simulations/version-order';
export { workflowHash } from './simulations/workflow-bundle';

/** How `simvault up` and main.ts start this app. */
export function catalogApp(config: SimvaultConfig, logger: Logger, options: CatalogAppOptions = {}): AppSpec {
  return {
    name: 'catalog',
    title: 'Simvault catalog',
    description:
      "Every simulation tool the team has, every version and every execution (sim2l's catalog service): register, search, version, record executions, audit, and auto-sync from installations.",
    module: CatalogAppModule.forRoot(config, logger, options),
    port: config.ports.catalog,
    // A registration carries its workflow bundle base64-encoded: room for the largest allowed one.
    bodyLimitBytes: Math.ceil((config.catalog.bundleMaxBytes * 4) / 3) + 1024 * 1024,
  };
}
