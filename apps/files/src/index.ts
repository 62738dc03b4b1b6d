import type { AppSpec, Logger, SimvaultConfig } from '@simvault/core';
import { FilesAppModule, filesSchema, type FilesAppOptions } from './files-app.module';

export { FilesAppModule, filesSchema, type FilesAppOptions };
export { RUN_REGISTERED_QUEUE } from '@simvault/contracts';

/** How `simvault up` and main.ts start this app. */
export function filesApp(config: SimvaultConfig, logger: Logger, options: FilesAppOptions = {}): AppSpec {
  return {
    name: 'files',
    title: 'Simvault files',
    description:
      "The file manager (sim2l's): the artifacts of every registered run, folders and files with uploads, metadata and tags, batch changes, and exports as tar or zip.",
    module: FilesAppModule.forRoot(config, logger, options),
    port: config.ports.files,
  };
}
