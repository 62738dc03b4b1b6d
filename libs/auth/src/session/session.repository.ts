import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@simvault/db';
import { SessionEntity, UserEntity } from '@simvault/entities';
import { DataSource, Repository } from 'typeorm';
import { AUTH_DB } from '../tokens';

export interface SessionRow {
  session: SessionEntity;
  user: Pick<UserEntity, 'id' | 'username' | 'role' | 'active'> | null;
}

/** The session and user tables, as every app reads them (docs/architecture.md, Sessions and roles: one shared table). */
@Injectable()
export class SessionRepository {
  readonly sessions: Repository<SessionEntity>;
  readonly users: Repository<UserEntity>;

  constructor(@InjectDataSource(AUTH_DB) readonly dataSource: DataSource) {
    this.sessions = dataSource.getRepository(SessionEntity);
    this.users = dataSource.getRepository(UserEntity);
  }

  async findWithUser(id: string): Promise<SessionRow | null> {
    const session = await this.sessions.findOne({ where: { id }, relations: { user: true } });
    if (!session) return null;
    const user = session.user ?? null;
    delete session.user;
    return {
      session,
      // Out of reach both when an admin deactivated them and when their directory or provider did.
      user: user && {
        id: user.id,
        username: user.username,
        role: user.role,
        active: user.active && user.providerActive,
      },
    };
  }

  findUserByName(username: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { username } });
  }

  async insert(session: SessionEntity): Promise<void> {
    await this.sessions.insert(session);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ revokedAt: at })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async extend(id: string, expiresAt: Date): Promise<void> {
    await this.sessions.update({ id }, { expiresAt });
  }
}
