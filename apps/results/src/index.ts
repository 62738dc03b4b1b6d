import type { AppSpec, Logger, SimvaultConfig } from '@simvault/core';
import { ResultsAppModule, resultsSchema, type ResultsAppOptions } from './results-app.module';

export { ResultsAppModule, resultsSchema, type ResultsAppOptions };
export { REGISTRATION_QUEUE } from './tokens';
export { RUN_REGISTERED_QUEUE } from '@simvault/contracts';
export { parseFilter, FilterSyntaxError, type Filter } from './search/filter';

/** How `simvault up` and main.ts start this app. */
export function resultsApp(config: SimvaultConfig, logger: Logger, options: ResultsAppOptions = {}): AppSpec {
  return {
    name: 'results',
    title: 'Simvault results',
    description:
      "Every registered simulation run, findable by the values of its inputs and outputs (sim2l's results service): register run files, search with filters, and see statistics per parameter.",
    module: ResultsAppModule.forRoot(config, logger, options),
    port: config.ports.results,
  };
}
