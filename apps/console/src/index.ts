import type { AppSpec, Logger, SimvaultConfig } from '@simvault/core';
import { ConsoleAppModule, type ConsoleAppOptions } from './console-app.module';

export { ConsoleAppModule, type ConsoleAppOptions };
export { WEB_DIR } from './web.controller';
export { CSRF_HEADER, SESSION_COOKIE } from './upstream';

/** How `simvault up` and main.ts start this app. */
export function consoleApp(config: SimvaultConfig, logger: Logger, options: ConsoleAppOptions = {}): AppSpec {
  return {
    name: 'console',
    title: 'Simvault console',
    description:
      "The web console: the team's runs, statistics, catalog and cache in a browser. It signs in through the auth service and calls the other services with the user's session.",
    module: ConsoleAppModule.forRoot(config, logger, options),
    port: config.console.port,
  };
}
