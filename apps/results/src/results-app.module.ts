import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@simvault/auth';
import { CoreModule, systemClock, type Clock, type Logger, type SimvaultConfig } from '@simvault/core';
import { DatabaseModule } from '@simvault/db';
import { RESULTS_SCHEMA } from '@simvault/entities';
import { QueueModule } from '@simvault/queue';
import { ResultsDb } from './db/results-db';
import { CatalogLink } from './registration/catalog-link';
import { RegistrationController } from './registration/registration.controller';
import { RegistrationService } from './registration/registration.service';
import { RunRoots } from './registration/run-roots';
import { LatestController } from './results/latest.controller';
import { ResultsController } from './results/results.controller';
import { ResultsRepository } from './results/results.repository';
import { ResultsService } from './results/results.service';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';
import { StatsController } from './stats/stats.controller';
import { StatsService } from './stats/stats.service';
import { RunContentsController } from './run-contents/run-contents.controller';
import { RunContentsService } from './run-contents/run-contents.service';
import { RunFileStore } from './store/run-file-store';
import { RESULTS_DB } from './tokens';

/** Everything in the results app's database. */
export const resultsSchema = RESULTS_SCHEMA;

export interface ResultsAppOptions {
  clock?: Clock;
  /** Namespaces this app's queues in Redis (tests give each suite its own). */
  queuePrefix?: string;
}

@Module({})
export class ResultsAppModule {
  static forRoot(config: SimvaultConfig, logger: Logger, options: ResultsAppOptions = {}): DynamicModule {
    return {
      module: ResultsAppModule,
      imports: [
        CoreModule.forRoot('results', config, logger, options.clock ?? systemClock),
        AuthModule.forRoot(config, { ownsDatabase: false }),
        DatabaseModule.forRoot({
          name: RESULTS_DB,
          url: config.databaseUrls.results,
          ...resultsSchema,
          runMigrations: config.runMigrations,
          reportBackend: true,
        }),
        QueueModule.forRoot({ prefix: options.queuePrefix }),
      ],
      // GET /results (search) is declared before GET /results/:executionId.
      controllers: [
        SearchController,
        ResultsController,
        LatestController,
        RunContentsController,
        RegistrationController,
        StatsController,
      ],
      providers: [
        ResultsDb,
        ResultsRepository,
        RunFileStore,
        RunRoots,
        CatalogLink,
        RegistrationService,
        ResultsService,
        RunContentsService,
        SearchService,
        StatsService,
      ],
    };
  }
}
