import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@simvault/auth';
import { CoreModule, systemClock, type Clock, type Logger, type SimvaultConfig } from '@simvault/core';
import { DatabaseModule } from '@simvault/db';
import { CATALOG_SCHEMA } from '@simvault/entities';
import { QueueModule } from '@simvault/queue';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { CatalogDatabase } from './database/catalog-database';
import { ExecutionsController } from './executions/executions.controller';
import { ExecutionsService } from './executions/executions.service';
import { SimulationsController } from './simulations/simulations.controller';
import { SimulationsRepository } from './simulations/simulations.repository';
import { SimulationsService } from './simulations/simulations.service';
import { StatsController } from './stats/stats.controller';
import { StatsService } from './stats/stats.service';
import { InstallationsController, SyncController } from './sync/sync.controller';
import { SyncService } from './sync/sync.service';
import { CATALOG_DB } from './tokens';

/** Everything in the catalog app's database. */
export const catalogSchema = CATALOG_SCHEMA;

export interface CatalogAppOptions {
  clock?: Clock;
  /** Namespaces this app's queues in Redis (tests give each suite its own). */
  queuePrefix?: string;
}

@Module({})
export class CatalogAppModule {
  static forRoot(config: SimvaultConfig, logger: Logger, options: CatalogAppOptions = {}): DynamicModule {
    return {
      module: CatalogAppModule,
      imports: [
        CoreModule.forRoot('catalog', config, logger, options.clock ?? systemClock),
        AuthModule.forRoot(config, { ownsDatabase: false }),
        DatabaseModule.forRoot({
          name: CATALOG_DB,
          url: config.databaseUrls.catalog,
          ...catalogSchema,
          runMigrations: config.runMigrations,
          reportBackend: true,
        }),
        QueueModule.forRoot({ prefix: options.queuePrefix }),
      ],
      // /simulations/{id}/stats before /simulations/{name}/…, though their shapes differ anyway.
      controllers: [
        StatsController,
        SimulationsController,
        ExecutionsController,
        AuditController,
        InstallationsController,
        SyncController,
      ],
      providers: [
        CatalogDatabase,
        SimulationsRepository,
        SimulationsService,
        AuditService,
        ExecutionsService,
        StatsService,
        SyncService,
      ],
    };
  }
}
