import { Injectable } from '@nestjs/common';
import { SessionService, type Principal } from '@simvault/auth';
import { badRequest, forbidden, notFound, type Page } from '@simvault/core';
import { SessionsService, sessionResponse } from '../sessions/sessions.service';
import type {
  CreateTokenDto,
  CreatedTokenResponse,
  ListTokensQuery,
  RevokedResponse,
  SessionResponse,
} from './token.dto';

@Injectable()
export class TokensService {
  constructor(
    private readonly sessions: SessionService,
    private readonly sessionsAdmin: SessionsService,
  ) {}

  /** A named, expiring token with some of the caller's own privileges (a read-only CI token, say). */
  async create(caller: Principal, dto: CreateTokenDto): Promise<CreatedTokenResponse> {
    if (caller.kind !== 'login' || !caller.userId) {
      throw forbidden(
        'API tokens are created from a logged-in session, not from another token or an anonymous session.',
      );
    }
    const privileges = dto.privileges ?? caller.privileges;
    const beyond = privileges.filter((p) => !caller.privileges.includes(p));
    if (beyond.length > 0)
      throw badRequest(`A token cannot have privileges you do not have: ${beyond.join(', ')}.`);
    const expiresAt = new Date(Date.now() + (dto.expires_in_days ?? 90) * 86_400_000);
    const { session, token } = await this.sessions.issue({
      kind: 'api_token',
      userId: caller.userId,
      name: dto.name,
      privileges,
      expiresAt,
    });
    return { ...sessionResponse(session), username: caller.username, token };
  }

  list(caller: Principal, query: ListTokensQuery): Promise<Page<SessionResponse>> {
    const admin = caller.privileges.includes('admin');
    if ((query.all || query.username) && !admin)
      throw forbidden("Only an admin may list other users' tokens.");
    return this.sessionsAdmin.list({
      kind: 'api_token',
      userId: query.all || query.username ? undefined : (caller.userId ?? '-'),
      username: query.all ? undefined : query.username,
      includeInactive: query.include_inactive,
      limit: query.limit,
      offset: query.offset,
    });
  }

  /**
   * Revoking is an act on the owner's behalf: a login session's, or an admin's. An API token acts
   * only within its privileges, so a read-only CI token cannot revoke its owner's other tokens.
   */
  async revoke(caller: Principal, id: string): Promise<RevokedResponse> {
    const admin = caller.privileges.includes('admin');
    if (caller.kind !== 'login' && !admin) {
      throw forbidden(
        'Tokens are revoked from a logged-in session (or with the admin privilege), not from an API token or an anonymous session.',
      );
    }
    const token = await this.sessionsAdmin.find(id).catch(() => null);
    const mine = token?.kind === 'api_token' && token.userId === caller.userId;
    if (!token || token.kind !== 'api_token' || (!mine && !admin)) {
      throw notFound(`No token with id "${id}" of yours.`);
    }
    return this.sessionsAdmin.revoke(id, caller);
  }
}
