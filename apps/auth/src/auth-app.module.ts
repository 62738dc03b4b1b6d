import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@simvault/auth';
import { CoreModule, type Logger, type SimvaultConfig } from '@simvault/core';
import { AdminBootstrapService } from './admin/admin-bootstrap.service';
import { AuditController } from './audit/audit.controller';
import { LoginOptionsController } from './oidc/login-options.controller';
import { OidcClient } from './oidc/oidc.client';
import { OidcController } from './oidc/oidc.controller';
import { OidcGuard } from './oidc/oidc.guard';
import { OidcLogins } from './oidc/oidc-logins.service';
import { OidcStrategy } from './oidc/oidc.strategy';
import { ProviderRecheckService } from './providers/provider-recheck.service';
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
    const oidc = config.auth.strategies.includes('oidc');
    return {
      module: AuthAppModule,
      imports: [
        CoreModule.forRoot('auth', config, logger),
        AuthModule.forRoot(config, { ownsDatabase: true }),
      ],
      controllers: [
        UsersController,
        AccountController,
        TokensController,
        SessionsController,
        AuditController,
        LoginOptionsController,
        ...(oidc ? [OidcController] : []),
      ],
      providers: [
        UsersService,
        TokensService,
        SessionsService,
        SessionPurgeService,
        AdminBootstrapService,
        ProviderRecheckService,
        ...(oidc ? [OidcClient, OidcStrategy, OidcGuard, OidcLogins] : []),
      ],
    };
  }
}
