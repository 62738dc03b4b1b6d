import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, systemClock, type Clock, type Logger, type SimvaultConfig } from '@simvault/core';
import { ProxyController } from './proxy.controller';
import { ConsoleSessionController } from './session.controller';
import { WebController } from './web.controller';

export interface ConsoleAppOptions {
  clock?: Clock;
}

/** The web console: its page, sign-in, and the other services' APIs on its own origin. It keeps no database. */
@Module({})
export class ConsoleAppModule {
  static forRoot(config: SimvaultConfig, logger: Logger, options: ConsoleAppOptions = {}): DynamicModule {
    return {
      module: ConsoleAppModule,
      imports: [CoreModule.forRoot('console', config, logger, options.clock ?? systemClock)],
      // The page's catch-all comes last; it also hands on every path of the routes above.
      controllers: [ConsoleSessionController, ProxyController, WebController],
    };
  }
}
