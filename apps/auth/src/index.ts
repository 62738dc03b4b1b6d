import type { AppSpec, Logger, SimvaultConfig } from '@simvault/core';
import { AuthAppModule } from './auth-app.module';

export { AuthAppModule };
export { AdminBootstrapService, type AdminCredentials } from './admin/admin-bootstrap.service';
export { UsersService } from './users/users.service';
export { TokensService } from './tokens/tokens.service';
export { SessionsService } from './sessions/sessions.service';
export { CreateUserDto, ListUsersQuery, PasswordDto, UpdateUserDto } from './users/user.dto';
export { CreateTokenDto } from './tokens/token.dto';

/** How `simvault up` and main.ts start this app. */
export function authApp(config: SimvaultConfig, logger: Logger): AppSpec {
  return {
    name: 'auth',
    title: 'Simvault auth',
    description:
      'Users, roles, login sessions, anonymous sessions and API tokens: the one session authority of Simvault.',
    module: AuthAppModule.forRoot(config, logger),
    port: config.ports.auth,
  };
}
