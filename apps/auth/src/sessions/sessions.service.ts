import { Injectable } from '@nestjs/common';
import { AUTH_DB, AuditLog, SessionRepository, type Principal } from '@simvault/auth';
import { notFound, type Page } from '@simvault/core';
import { InjectDataSource } from '@simvault/db';
import { SessionEntity, type SessionKind } from '@simvault/entities';
import { DataSource } from 'typeorm';
import type { RevokedResponse, SessionResponse } from '../tokens/token.dto';

export interface SessionFilter {
  userId?: string;
  username?: string;
  kind?: SessionKind;
  includeInactive?: boolean;
  limit: number;
  offset: number;
}

/** Lists and revokes session rows: the admin's sessions view and every user's token list. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource(AUTH_DB) private readonly dataSource: DataSource,
    private readonly repository: SessionRepository,
    private readonly audit: AuditLog,
  ) {}

  async list(filter: SessionFilter, now = new Date()): Promise<Page<SessionResponse>> {
    const qb = this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .leftJoin('s.user', 'u')
      .addSelect(['u.username']);
    if (filter.userId) qb.andWhere('s.user_id = :userId', { userId: filter.userId });
    if (filter.username) qb.andWhere('u.username = :username', { username: filter.username });
    if (filter.kind) qb.andWhere('s.kind = :kind', { kind: filter.kind });
    if (!filter.includeInactive) qb.andWhere('s.revoked_at IS NULL AND s.expires_at > :now', { now });
    const [rows, total] = await qb
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return {
      items: rows.map((s) => sessionResponse(s, now)),
      total,
      limit: filter.limit,
      offset: filter.offset,
    };
  }

  async find(id: string): Promise<SessionEntity> {
    const row = await this.repository.findWithUser(id);
    if (!row) throw notFound(`No session with id "${id}".`);
    return row.session;
  }

  /** Revokes a session or token; one of someone else's goes into the audit log. */
  async revoke(id: string, caller: Principal): Promise<RevokedResponse> {
    const session = await this.find(id);
    const now = new Date();
    await this.repository.revoke(id, now);
    if (session.userId !== caller.userId) {
      await this.audit.record({
        caller,
        service: 'auth',
        action: session.kind === 'api_token' ? 'token.revoke' : 'session.revoke',
        target: id,
        targetOwnerId: session.userId ?? `anonymous:${session.id}`,
        at: now,
      });
    }
    return { status: 'revoked', id };
  }
}

export function sessionResponse(s: SessionEntity, now = new Date()): SessionResponse {
  return {
    id: s.id,
    kind: s.kind,
    username: s.user?.username ?? null,
    name: s.name,
    privileges: s.privileges ? s.privileges.split(',') : null,
    created_at: s.createdAt.toISOString(),
    expires_at: s.expiresAt.toISOString(),
    revoked_at: s.revokedAt?.toISOString() ?? null,
    active: !s.revokedAt && s.expiresAt > now,
    client_address: s.clientAddress,
  };
}
