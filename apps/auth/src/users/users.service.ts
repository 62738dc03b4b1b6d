import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { badRequest, conflict, forbidden, notFound, type Page, type Role } from '@simvault/core';
import { AUTH_DB, PasswordHasher, type Principal } from '@simvault/auth';
import { InjectDataSource, isUniqueViolation, transaction } from '@simvault/db';
import { SessionEntity, UserEntity } from '@simvault/entities';
import { DataSource, EntityManager, FindOptionsWhere, Repository } from 'typeorm';
import type {
  CreateUserDto,
  ListUsersQuery,
  PasswordChangedResponse,
  UpdateUserDto,
  UserDeletedResponse,
  UserResponse,
} from './user.dto';

export function userResponse(user: UserEntity): UserResponse {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    active: user.active,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  private readonly users: Repository<UserEntity>;

  constructor(
    @InjectDataSource(AUTH_DB) private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {
    this.users = dataSource.getRepository(UserEntity);
  }

  async create(dto: CreateUserDto): Promise<UserResponse> {
    const now = new Date();
    const user = this.users.create({
      id: randomUUID(),
      username: dto.username,
      email: dto.email ?? null,
      passwordHash: await this.hasher.hash(dto.password),
      role: dto.role ?? 'user',
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    // The unique index decides under concurrency; the read only gives the usual case a clear answer.
    if (await this.users.exists({ where: { username: dto.username } }))
      throw conflict(`User "${dto.username}" already exists.`);
    try {
      await this.users.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`User "${dto.username}" already exists.`);
      throw error;
    }
    return userResponse(user);
  }

  async list(query: ListUsersQuery): Promise<Page<UserResponse>> {
    const where: FindOptionsWhere<UserEntity> = {};
    if (query.role) where.role = query.role;
    if (query.active !== undefined) where.active = query.active;
    const [rows, total] = await this.users.findAndCount({
      where,
      order: { username: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items: rows.map(userResponse), total, limit: query.limit, offset: query.offset };
  }

  async get(username: string): Promise<UserEntity> {
    const user = await this.users.findOne({ where: { username } });
    if (!user) throw notFound(`No user named "${username}".`);
    return user;
  }

  async update(username: string, dto: UpdateUserDto, caller: Principal): Promise<UserResponse> {
    if (dto.role === undefined && dto.active === undefined && dto.email === undefined) {
      throw badRequest('Nothing to change: send role, active or email.');
    }
    return transaction(this.dataSource, async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { username } });
      if (!user) throw notFound(`No user named "${username}".`);
      const losesAdmin =
        user.role === 'admin' && user.active && ((dto.role && dto.role !== 'admin') || dto.active === false);
      if (losesAdmin) await this.assertAnotherAdmin(manager, user.id);
      if (user.id === caller.userId && dto.active === false)
        throw badRequest('You cannot deactivate your own account.');
      if (dto.role) user.role = dto.role as Role;
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.email !== undefined) user.email = dto.email;
      user.updatedAt = new Date();
      await manager.save(user);
      return userResponse(user);
    });
  }

  async setPassword(username: string, password: string): Promise<PasswordChangedResponse> {
    const user = await this.get(username);
    return this.changePassword(user, password);
  }

  async changeOwnPassword(
    caller: Principal,
    current: string,
    next: string,
  ): Promise<PasswordChangedResponse> {
    if (caller.kind !== 'login' || !caller.userId)
      throw forbidden('Only a logged-in user can change their own password.');
    const user = await this.users.findOne({ where: { id: caller.userId } });
    if (!user || !(await this.hasher.verify(user.passwordHash, current))) {
      throw forbidden('The current password is not correct.');
    }
    return this.changePassword(user, next, caller.sessionId);
  }

  /** A new password ends the user's other login sessions; API tokens stay (revoke them separately). */
  private async changePassword(
    user: UserEntity,
    password: string,
    keepSessionId?: string,
  ): Promise<PasswordChangedResponse> {
    const passwordHash = await this.hasher.hash(password);
    return transaction(this.dataSource, async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { passwordHash, updatedAt: new Date() });
      const revoke = manager
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ revokedAt: new Date() })
        .where("user_id = :id AND kind = 'login' AND revoked_at IS NULL", { id: user.id });
      if (keepSessionId) revoke.andWhere('id <> :keep', { keep: keepSessionId });
      const result = await revoke.execute();
      return { status: 'password_changed' as const, revoked_sessions: result.affected ?? 0 };
    });
  }

  async remove(username: string, caller: Principal): Promise<UserDeletedResponse> {
    return transaction(this.dataSource, async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { username } });
      if (!user) throw notFound(`No user named "${username}".`);
      if (user.id === caller.userId) throw badRequest('You cannot delete your own account.');
      if (user.role === 'admin' && user.active) await this.assertAnotherAdmin(manager, user.id);
      await manager.delete(SessionEntity, { userId: user.id });
      await manager.delete(UserEntity, { id: user.id });
      return { status: 'deleted' as const, username };
    });
  }

  private async assertAnotherAdmin(manager: EntityManager, exceptId: string) {
    const others = await manager
      .createQueryBuilder(UserEntity, 'u')
      .where("u.role = 'admin' AND u.active = :active AND u.id <> :id", { active: true, id: exceptId })
      .getCount();
    if (others === 0) throw conflict('This is the last active admin; make another admin first.');
  }
}
