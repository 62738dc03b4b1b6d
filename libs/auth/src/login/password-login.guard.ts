import { CanActivate, ExecutionContext, Inject, Injectable, Type } from '@nestjs/common';
import { AuthGuard, type IAuthGuard } from '@nestjs/passport';
import { forbidden, SIMVAULT_CONFIG, unauthorized, validateInput, type SimvaultConfig } from '@simvault/core';
import type { Request } from 'express';
import { LoginDto } from '../dto/session.dto';
import { LoginRateLimiter } from '../session/login-rate-limiter';
import { clientOf } from '../session/session.service';

/** Passport's guard over the enabled password strategies, in order, with our 401 sentence. */
function passwordStrategies(names: string[]): Type<IAuthGuard> {
  return class extends AuthGuard(names) {
    override handleRequest<T>(error: unknown, user: T | false): T {
      if (error) throw error;
      if (!user) throw unauthorized('Invalid username or password.');
      return user;
    }
  };
}

/**
 * `POST /session/login`: the body checked as the route's DTO, one attempt reserved against the
 * login limit before any password is checked, then the password strategies switched on
 * (`local`, `ldap`) until one knows the person; the signed-in user is `req.user`.
 */
@Injectable()
export class PasswordLoginGuard implements CanActivate {
  private readonly passport?: IAuthGuard;

  constructor(
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
    private readonly limiter: LoginRateLimiter,
  ) {
    const names = config.auth.strategies.filter((s) => s !== 'oidc');
    if (names.length > 0) this.passport = new (passwordStrategies(names))();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const { username } = await validateInput(LoginDto, (req.body ?? {}) as object);
    if (!this.passport)
      throw forbidden('This server signs people in through OpenID Connect only: use /session/oidc/login.');
    const { address } = clientOf(req);
    await this.limiter.reserve(address, username);
    await this.passport.canActivate(context);
    await this.limiter.succeed(address, username);
    return true;
  }
}
