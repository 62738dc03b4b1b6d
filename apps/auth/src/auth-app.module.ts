import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@simvault/auth';
import { CoreModule, type Logger, type SimvaultConfig } from '@simvault/core';
import { AdminBootstrapService } from './admin/admin-bootstrap.service';
import { SessionPurgeService } from './sessions/session-purge.service';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { TokensController } from './tokens/tokens.controller';
import { TokensService } from './tokens/tokens.service';
import { AccountController, UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

@Module({})
export class AuthAppModule {
  static forRoot(config: SimvaultConfig, logger: Logger): DynamicModule {
    return {
      module: AuthAppModule,
      imports: [
        CoreModule.forRoot('auth', config, logger),
        AuthModule.forRoot(config, { ownsDatabase: true }),
      ],
      controllers: [UsersController, AccountController, TokensController, SessionsController],
      providers: [UsersService, TokensService, SessionsService, SessionPurgeService, AdminBootstrapService],
    };
  }
}
