import { DynamicModule, Module } from '@nestjs/common';
import { openBlobStore } from '@simvault/blobs';
import { SIMVAULT_CONFIG, SIMVAULT_LOGGER, type Logger, type SimvaultConfig } from '@simvault/core';
import { BufferStore } from './buffer-store';
import { BuffersController } from './buffers.controller';

/**
 * The buffer store of an app (`config.buffers`) and its `/buffers` routes. Needs CoreModule (the
 * configuration and logger) and AuthModule (the access guard) in the same app. Global, so any
 * module of the app can inject BufferStore (the cache checks that a result's bytes are still there).
 */
@Module({})
export class BuffersModule {
  static forRoot(): DynamicModule {
    return {
      module: BuffersModule,
      global: true,
      controllers: [BuffersController],
      providers: [
        {
          provide: BufferStore,
          inject: [SIMVAULT_CONFIG, SIMVAULT_LOGGER],
          useFactory: (config: SimvaultConfig, logger: Logger) => {
            const store = openBlobStore(config.blobs, 'buffers', config.buffers.dir);
            return BufferStore.fromSettings(
              config.buffers,
              logger.child({ component: 'buffers' }),
              store.kind === 'local' ? undefined : store,
            );
          },
        },
      ],
      exports: [BufferStore],
    };
  }
}
