import { Inject, Injectable } from '@nestjs/common';
import {
  BoundedTtlMap,
  ROLE_PRIVILEGES,
  SIMVAULT_CONFIG,
  unauthorized,
  type Privilege,
  type SimvaultConfig,
} from '@simvault/core';
import type { Principal } from '../principal';
import { TokenSigner } from '../token-signer';
import { SessionRepository, type SessionRow } from './session.repository';

const MAX_CACHED = 10_000;

/**
 * Turns a token into a Principal. The session row is read at most once per `sessionCacheSeconds`
 * per token, so a request costs no database round trip, and revocation is seen within seconds
 * on every app (docs/architecture.md, Sessions and roles).
 */
@Injectable()
export class SessionVerifier {
  private readonly cache: BoundedTtlMap<string, SessionRow | null>;

  constructor(
    private readonly signer: TokenSigner,
    private readonly repository: SessionRepository,
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
  ) {
    this.cache = new BoundedTtlMap(config.auth.sessionCacheSeconds * 1000, MAX_CACHED);
  }

  async verify(token: string, now = new Date()): Promise<Principal> {
    let row = this.cache.get(token, now.getTime());
    if (row === undefined) {
      const claims = this.signer.verify(token);
      if (claims === 'invalid') throw unauthorized('The session token is not valid.');
      row = await this.repository.findWithUser(claims.sid);
      this.cache.set(token, row, now.getTime());
    }
    return this.principalOf(row, now);
  }

  /** Forget what is cached for a token (after logout or refresh in this process). */
  forget(token: string): void {
    this.cache.delete(token);
  }

  private principalOf(row: SessionRow | null, now: Date): Principal {
    if (!row) throw unauthorized('The session does not exist; log in again.');
    const { session, user } = row;
    if (session.revokedAt) throw unauthorized('The session has been revoked; log in again.');
    if (session.expiresAt.getTime() <= now.getTime())
      throw unauthorized('The session has expired; log in again.');
    if (session.kind !== 'anonymous' && (!user || !user.active)) {
      throw unauthorized('The account of this session is deactivated.');
    }
    const limited = session.privileges ? (session.privileges.split(',') as Privilege[]) : null;
    let privileges: Privilege[];
    if (session.kind === 'anonymous') privileges = limited ?? [];
    else {
      const granted = ROLE_PRIVILEGES[user!.role];
      privileges = limited ? limited.filter((p) => granted.includes(p)) : [...granted];
    }
    return {
      sessionId: session.id,
      kind: session.kind,
      userId: user?.id ?? null,
      username: user?.username ?? 'anonymous',
      role: session.kind === 'anonymous' ? null : user!.role,
      privileges,
      expiresAt: session.expiresAt,
      name: session.name,
    };
  }
}
