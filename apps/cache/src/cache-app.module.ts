import { ExplainController } from './explain/explain.controller';
import { ExplainService } from './explain/explain.service';
import { ResultsLink } from './explain/results-link';
import { TransformationExplainController } from './explain/transformation-explain.controller';
import { TransformationExplainService } from './explain/transformation-explain.service';
import { TransformationIndex } from './explain/transformation-index';
import { CatalogIds } from './cache/catalog-ids';
import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@simvault/auth';
import { CoreModule, systemClock, type Clock, type Logger, type SimvaultConfig } from '@simvault/core';
import { DatabaseModule, mergeSchemas } from '@simvault/db';
import { CACHE_SCHEMA, CHECKSUM_ENTITIES, CHECKSUM_MIGRATIONS } from '@simvault/entities';
import { SeamlessModule } from '@simvault/seamless';
import { BufferStore, BuffersModule } from '@simvault/buffers';
import { QueueModule } from '@simvault/queue';
import { CacheController } from './cache/cache.controller';
import { CacheRepository } from './cache/cache.repository';
import { CacheService } from './cache/cache.service';
import { EntryReadCache } from './cache/entry-read-cache';
import { ExpiryService } from './expiry/expiry.service';
import { InvalidationController } from './invalidation/invalidation.controller';
import { InvalidationService } from './invalidation/invalidation.service';
import { AccessRecorder } from './stats/access-recorder.service';
import { StatsController } from './stats/stats.controller';
import { StatsService } from './stats/stats.service';
import { CACHE_DB } from './tokens';

/** Everything in the cache app's database: the result cache and the checksum records, one migrations table. */
export const cacheSchema = mergeSchemas(CACHE_SCHEMA.migrationsTableName, CACHE_SCHEMA, {
  entities: CHECKSUM_ENTITIES,
  migrations: CHECKSUM_MIGRATIONS,
  migrationsTableName: CACHE_SCHEMA.migrationsTableName,
});

export interface CacheAppOptions {
  clock?: Clock;
  /** Namespaces this app's queues in Redis (tests give each suite its own). */
  queuePrefix?: string;
}

@Module({})
export class CacheAppModule {
  static forRoot(config: SimvaultConfig, logger: Logger, options: CacheAppOptions = {}): DynamicModule {
    return {
      module: CacheAppModule,
      imports: [
        CoreModule.forRoot('cache', config, logger, options.clock ?? systemClock),
        AuthModule.forRoot(config, { ownsDatabase: false }),
        DatabaseModule.forRoot({
          name: CACHE_DB,
          url: config.databaseUrls.cache,
          ...cacheSchema,
          runMigrations: config.runMigrations,
          reportBackend: true,
        }),
        QueueModule.forRoot({ prefix: options.queuePrefix }),
        BuffersModule.forRoot(),
        SeamlessModule.forRoot({
          dataSourceName: CACHE_DB,
          // A transformation hit can be validated against the bytes this app actually holds.
          bufferPresence: {
            inject: [BufferStore],
            useFactory: (store: BufferStore) => (checksums: readonly string[]) => store.hasMany(checksums),
          },
        }),
      ],
      // Fixed routes under /cache are registered before the catch-all key routes.
      controllers: [
        StatsController,
        InvalidationController,
        ExplainController,
        TransformationExplainController,
        CacheController,
      ],
      providers: [
        CacheRepository,
        EntryReadCache,
        AccessRecorder,
        CacheService,
        CatalogIds,
        ExplainService,
        ResultsLink,
        TransformationIndex,
        TransformationExplainService,
        InvalidationService,
        StatsService,
        ExpiryService,
      ],
    };
  }
}
