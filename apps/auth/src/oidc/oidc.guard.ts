import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { clientOf, LoginRateLimiter } from '@simvault/auth';
import { unauthorized } from '@simvault/core';
import type { Request } from 'express';
import { OIDC_LIMIT_KEY } from './oidc-logins.service';
import type { ClientReturn } from './oidc.strategy';

export type OidcRequest = Request & { oidcReturn?: ClientReturn };

/** Passport's guard over the `oidc` strategy; a callback is an attempt against the login limit. */
@Injectable()
export class OidcGuard extends AuthGuard('oidc') {
  constructor(private readonly limiter: LoginRateLimiter) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const finishing = 'code' in req.query || 'error' in req.query;
    const { address } = clientOf(req);
    if (finishing) await this.limiter.reserve(address, OIDC_LIMIT_KEY);
    const ok = (await super.canActivate(context)) as boolean;
    if (finishing) await this.limiter.succeed(address, OIDC_LIMIT_KEY);
    return ok;
  }

  override handleRequest<T>(error: unknown, user: T | false, info: unknown, context: ExecutionContext): T {
    if (error) throw error;
    if (!user)
      throw unauthorized(
        (info as { message?: string } | undefined)?.message ?? 'The provider did not sign you in.',
      );
    context.switchToHttp().getRequest<OidcRequest>().oidcReturn = info as ClientReturn;
    return user;
  }
}
