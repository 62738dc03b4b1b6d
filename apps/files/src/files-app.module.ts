import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@simvault/auth';
import { CoreModule, systemClock, type Clock, type Logger, type SimvaultConfig } from '@simvault/core';
import { DatabaseModule } from '@simvault/db';
import { FILES_SCHEMA } from '@simvault/entities';
import { QueueModule } from '@simvault/queue';
import { ContentStore } from './content/content-store';
import { FilesDb } from './db/files-db';
import { EntriesController } from './entries/entries.controller';
import { EntriesRepository } from './entries/entries.repository';
import { EntriesService } from './entries/entries.service';
import { ExportController } from './export/export.controller';
import { ExportService } from './export/export.service';
import { ArtifactContent } from './runs/artifact-content';
import { ArtifactGc } from './runs/artifact-gc';
import { ArtifactStore } from './runs/artifact-store';
import { ArtifactUploadsController } from './runs/artifact-uploads.controller';
import { RunArtifactsRepository } from './runs/run-artifacts.repository';
import { RunIndexer } from './runs/run-indexer.service';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';
import { FILES_DB } from './tokens';

/** Everything in the files app's database. */
export const filesSchema = FILES_SCHEMA;

export interface FilesAppOptions {
  clock?: Clock;
  /** Namespaces this app's queues in Redis (tests give each suite its own; the results app must share it). */
  queuePrefix?: string;
}

@Module({})
export class FilesAppModule {
  static forRoot(config: SimvaultConfig, logger: Logger, options: FilesAppOptions = {}): DynamicModule {
    return {
      module: FilesAppModule,
      imports: [
        CoreModule.forRoot('files', config, logger, options.clock ?? systemClock),
        AuthModule.forRoot(config, { ownsDatabase: false }),
        DatabaseModule.forRoot({
          name: FILES_DB,
          url: config.databaseUrls.files,
          ...filesSchema,
          runMigrations: config.runMigrations,
          reportBackend: true,
        }),
        QueueModule.forRoot({ prefix: options.queuePrefix }),
      ],
      // The export routes (files/:id/export) before the entry routes they would otherwise not reach.
      controllers: [ExportController, EntriesController, RunsController, ArtifactUploadsController],
      providers: [
        FilesDb,
        ContentStore,
        EntriesRepository,
        EntriesService,
        RunArtifactsRepository,
        ArtifactStore,
        ArtifactGc,
        ArtifactContent,
        RunsService,
        RunIndexer,
        ExportService,
      ],
    };
  }
}
