import { DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from './clock';
import type { SimvaultConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import type { Logger } from './logging/logger';
import { SERVICE_NAME, SIMVAULT_CONFIG, SIMVAULT_LOGGER } from './tokens';

/** What every app imports first: its configuration, its logger and its health routes. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(
    service: string,
    config: SimvaultConfig,
    logger: Logger,
    clock: Clock = systemClock,
  ): DynamicModule {
    return {
      module: CoreModule,
      controllers: [HealthController],
      providers: [
        HealthService,
        { provide: SIMVAULT_CONFIG, useValue: config },
        { provide: SIMVAULT_LOGGER, useValue: logger.child({ service }) },
        { provide: SERVICE_NAME, useValue: service },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [HealthService, SIMVAULT_CONFIG, SIMVAULT_LOGGER, SERVICE_NAME, CLOCK],
    };
  }
}
