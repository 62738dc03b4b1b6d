import { Module, type DynamicModule, type FactoryProvider } from '@nestjs/common';
import { dataSourceToken } from '@simvault/db';
import type { DataSource } from 'typeorm';
import { ChecksumRecordsService } from './records/checksum-records.service';
import { BufferInfoController } from './rest/buffer-info.controller';
import { CelltypeChecksumsController } from './rest/celltype-checksums.controller';
import { ExecutionRecordsController } from './rest/execution-records.controller';
import {
  BUFFER_PRESENCE,
  TransformationsController,
  type BufferPresence,
} from './rest/transformations.controller';
import { SeamlessListenerService } from './seamless-listener.service';

export interface SeamlessModuleOptions {
  /** The DataSource (registered with DatabaseModule.forRoot) that holds CHECKSUM_ENTITIES. */
  dataSourceName: string;
  /**
   * How to tell whether result buffers are still stored (the app's buffer store), for lookups that
   * ask for validated hits. Without it such lookups are refused with 400.
   */
  bufferPresence?: Omit<FactoryProvider<BufferPresence>, 'provide'>;
}

/**
 * The checksum records in an app: the records service over the named DataSource, the REST routes
 * under /checksums (session auth), and the seamless-database wire protocol on its own port.
 */
@Module({})
export class SeamlessModule {
  static forRoot(options: SeamlessModuleOptions): DynamicModule {
    return {
      module: SeamlessModule,
      controllers: [
        TransformationsController,
        BufferInfoController,
        ExecutionRecordsController,
        CelltypeChecksumsController,
      ],
      providers: [
        {
          provide: ChecksumRecordsService,
          useFactory: (dataSource: DataSource) => new ChecksumRecordsService(dataSource),
          inject: [dataSourceToken(options.dataSourceName)],
        },
        ...(options.bufferPresence ? [{ provide: BUFFER_PRESENCE, ...options.bufferPresence }] : []),
        SeamlessListenerService,
      ],
      exports: [ChecksumRecordsService, SeamlessListenerService],
    };
  }
}
