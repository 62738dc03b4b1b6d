import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_METADATA, forbidden, hasPrivileges, unauthorized, type Access } from '@simvault/core';
import type { Request } from 'express';
import type { Principal } from './principal';
import { SessionVerifier } from './session/session-verifier';

export type AuthenticatedRequest = Request & { principal?: Principal; token?: string };

/** The session token from `Authorization: Bearer <t>` or `X-Session-ID: <t>` (sim2l's header). */
export function tokenFrom(req: Request): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const sessionId = req.headers['x-session-id'];
  if (typeof sessionId === 'string' && sessionId.trim()) return sessionId.trim().replace(/^Bearer\s+/i, '');
  return undefined;
}

/**
 * Global guard: every route must declare its access (@Public, @Authenticated or @Privileges);
 * one that declares nothing is refused, so a forgotten decorator fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: SessionVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access) throw forbidden('This route declares no access rule, so it is closed.');
    if (access.kind === 'public') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = tokenFrom(req);
    if (!token) {
      throw unauthorized(
        'Authentication required: send a session token as "Authorization: Bearer <token>" or "X-Session-ID: <token>".',
      );
    }
    const principal = await this.verifier.verify(token);
    req.principal = principal;
    req.token = token;
    if (access.kind === 'privileges' && !hasPrivileges(principal.privileges, access.privileges)) {
      const missing = access.privileges.filter((p) => !principal.privileges.includes(p));
      throw forbidden(
        `This needs the ${missing.join(' and ')} privilege${missing.length > 1 ? 's' : ''}, which this session does not have.`,
      );
    }
    return true;
  }
}

/** The caller, in a handler of a route that requires a session. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw unauthorized('Authentication required.');
    return principal;
  },
);

/** The raw token the caller sent, in a handler of a route that requires a session. */
export const CurrentToken = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().token ?? '',
);
