import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { SimvaultConfig } from '@simvault/core';
import { DatabaseModule } from '@simvault/db';
import { AUTH_SCHEMA } from '@simvault/entities';
import { AccessGuard } from './access.guard';
import { AuditLog, OwnerBackfill } from './ownership';
import { ExternalAccounts } from './login/external-accounts';
import { LdapDirectory } from './login/ldap-directory';
import { LdapStrategy } from './login/ldap.strategy';
import { LocalStrategy } from './login/local.strategy';
import { PasswordLoginGuard } from './login/password-login.guard';
import { PasswordHasher } from './password-hasher';
import { LoginRateLimiter } from './session/login-rate-limiter';
import { SessionController } from './session/session.controller';
import { SessionRepository } from './session/session.repository';
import { SessionService } from './session/session.service';
import { SessionVerifier } from './session/session-verifier';
import { TokenSigner } from './token-signer';
import { AUTH_DB } from './tokens';

export interface AuthModuleOptions {
  /** True in the auth app, whose own database this is (reported in its health). */
  ownsDatabase: boolean;
}

/**
 * Mounted by every app: the session store (the auth database), the global access guard, the
 * `/session/*` routes and the password login strategies switched on (passport: `local`, `ldap`). Every app brings the auth schema up to date when migrations are on, so any
 * app can start first; on PostgreSQL an advisory lock keeps them from racing.
 */
@Module({})
export class AuthModule {
  static forRoot(config: SimvaultConfig, options: AuthModuleOptions): DynamicModule {
    const strategies = config.auth.strategies;
    const ldap = strategies.includes('ldap') ? [LdapDirectory, LdapStrategy] : [];
    return {
      module: AuthModule,
      global: true,
      imports: [
        DatabaseModule.forRoot({
          name: AUTH_DB,
          url: config.databaseUrls.auth,
          ...AUTH_SCHEMA,
          runMigrations: config.runMigrations,
          reportBackend: options.ownsDatabase,
        }),
      ],
      controllers: [SessionController],
      providers: [
        TokenSigner,
        PasswordHasher,
        LoginRateLimiter,
        SessionRepository,
        SessionVerifier,
        SessionService,
        ExternalAccounts,
        AuditLog,
        OwnerBackfill,
        PasswordLoginGuard,
        ...(strategies.includes('local') ? [LocalStrategy] : []),
        ...ldap,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [
        TokenSigner,
        PasswordHasher,
        LoginRateLimiter,
        SessionRepository,
        SessionVerifier,
        SessionService,
        ExternalAccounts,
        AuditLog,
        OwnerBackfill,
        ...ldap.slice(0, 1),
      ],
    };
  }
}
