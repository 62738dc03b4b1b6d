import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  badRequest,
  forbidden,
  ROLE_PRIVILEGES,
  SIMVAULT_CONFIG,
  type Privilege,
  type SimvaultConfig,
} from '@simvault/core';
import { SessionEntity, type SessionKind, type UserEntity } from '@simvault/entities';
import type { Request } from 'express';
import type { LoginResponse, SessionTokenResponse, WhoAmIResponse } from '../dto/session.dto';
import type { Principal } from '../principal';
import { TokenSigner } from '../token-signer';
import { SessionRepository } from './session.repository';
import { SessionVerifier } from './session-verifier';

export interface ClientInfo {
  address: string;
  userAgent?: string;
}

/** Who is calling from where (behind a trusted proxy, the address it names). */
export function clientOf(req: Request): ClientInfo {
  return { address: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.headers['user-agent'] };
}

export interface NewSession {
  kind: SessionKind;
  userId: string | null;
  expiresAt: Date;
  privileges?: Privilege[] | null;
  name?: string | null;
  client?: ClientInfo;
}

@Injectable()
export class SessionService {
  constructor(
    private readonly repository: SessionRepository,
    private readonly signer: TokenSigner,
    private readonly verifier: SessionVerifier,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
  ) {}

  /** Stores a session row and returns it with its signed token. */
  async issue(spec: NewSession, now = new Date()): Promise<{ session: SessionEntity; token: string }> {
    const session = this.repository.sessions.create({
      id: randomUUID(),
      userId: spec.userId,
      kind: spec.kind,
      name: spec.name ?? null,
      privileges: spec.privileges ? spec.privileges.join(',') : null,
      createdAt: now,
      expiresAt: spec.expiresAt,
      revokedAt: null,
      clientAddress: spec.client?.address.slice(0, 64) ?? null,
      userAgent: spec.client?.userAgent?.slice(0, 255) ?? null,
    });
    await this.repository.insert(session);
    return { session, token: this.signer.sign(session.id, spec.userId, spec.expiresAt) };
  }

  /** A login session for a user a login strategy has signed in (any strategy: one kind of token). */
  async signIn(user: UserEntity, client: ClientInfo): Promise<LoginResponse> {
    const expiresAt = new Date(Date.now() + this.config.auth.sessionTtlSeconds * 1000);
    const { session, token } = await this.issue({ kind: 'login', userId: user.id, expiresAt, client });
    return {
      ...tokenResponse(session, token),
      username: user.username,
      role: user.role,
      privileges: [...ROLE_PRIVILEGES[user.role]],
    };
  }

  async anonymous(
    requested: Privilege[] | undefined,
    ttlSeconds: number | undefined,
    client: ClientInfo,
  ): Promise<LoginResponse> {
    const settings = this.config.auth.anonymous;
    if (!settings.enabled) throw forbidden('Anonymous sessions are disabled on this server; log in instead.');
    const privileges = requested ?? settings.privileges;
    const refused = privileges.filter((p) => !settings.privileges.includes(p));
    if (refused.length > 0) {
      throw badRequest(
        `Anonymous sessions may not have ${refused.join(', ')}; allowed: ${settings.privileges.join(', ') || 'none'}.`,
      );
    }
    const ttl = Math.min(ttlSeconds ?? settings.ttlSeconds, settings.ttlSeconds);
    const expiresAt = new Date(Date.now() + ttl * 1000);
    const { session, token } = await this.issue({
      kind: 'anonymous',
      userId: null,
      expiresAt,
      privileges,
      client,
    });
    return { ...tokenResponse(session, token), username: 'anonymous', role: null, privileges };
  }

  async refresh(principal: Principal, token: string): Promise<SessionTokenResponse> {
    if (principal.kind !== 'login') {
      throw badRequest(
        principal.kind === 'api_token'
          ? 'API tokens are not refreshed; create a new token instead.'
          : 'Anonymous sessions are not refreshed; start a new one instead.',
      );
    }
    const expiresAt = new Date(Date.now() + this.config.auth.sessionTtlSeconds * 1000);
    await this.repository.extend(principal.sessionId, expiresAt);
    this.verifier.forget(token);
    const fresh = this.signer.sign(principal.sessionId, principal.userId, expiresAt);
    return { token: fresh, session_id: fresh, id: principal.sessionId, expires_at: expiresAt.toISOString() };
  }

  async logout(principal: Principal, token: string): Promise<{ status: 'logged_out' }> {
    await this.repository.revoke(principal.sessionId, new Date());
    this.verifier.forget(token);
    return { status: 'logged_out' };
  }

  whoami(principal: Principal): WhoAmIResponse {
    return {
      id: principal.sessionId,
      kind: principal.kind,
      username: principal.username,
      role: principal.role,
      privileges: principal.privileges,
      expires_at: principal.expiresAt.toISOString(),
      name: principal.name,
    };
  }
}

function tokenResponse(session: SessionEntity, token: string): SessionTokenResponse {
  return { token, session_id: token, id: session.id, expires_at: session.expiresAt.toISOString() };
}
