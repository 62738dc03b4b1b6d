import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LoginStrategy, Role } from '@simvault/core';
import { InjectDataSource, isUniqueViolation, transaction } from '@simvault/db';
import { UserEntity } from '@simvault/entities';
import type { DataSource, EntityManager } from 'typeorm';
import { AUTH_DB } from '../tokens';

/** A person as a directory or provider describes them at sign-in. */
export interface ExternalPerson {
  externalId: string;
  username: string;
  email: string | null;
  role: Role | null;
  /** The provider's refresh token, encrypted (OIDC), to ask again later whether they may stay. */
  refresh?: string | null;
}

/** A provider's name for someone as a Simvault username: 1 to 64 of the characters the API allows. */
function usernameFrom(name: string, provider: string, externalId: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._@-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return cleaned || `${provider}-${createHash('sha256').update(externalId).digest('hex').slice(0, 12)}`;
}

/**
 * The Simvault user rows of people from a directory or provider, keyed by the provider's stable
 * id (never their display name): made on first sign-in, brought up to date (name, email, role)
 * on each, and never revived when an admin deactivated them.
 */
@Injectable()
export class ExternalAccounts {
  constructor(@InjectDataSource(AUTH_DB) private readonly dataSource: DataSource) {}

  /** Their user row, or null when they may not sign in (no role for them, or deactivated here). */
  async signIn(
    provider: LoginStrategy,
    person: ExternalPerson,
    now = new Date(),
  ): Promise<UserEntity | null> {
    if (!person.role) return null;
    const role = person.role;
    try {
      return await this.upsert(provider, person, role, now);
    } catch (error) {
      // Two first sign-ins of one person at once: the other made the row; take it.
      if (isUniqueViolation(error)) return this.upsert(provider, person, role, now);
      throw error;
    }
  }

  private upsert(provider: LoginStrategy, person: ExternalPerson, role: Role, now: Date) {
    return transaction(this.dataSource, async (manager) => {
      const existing = await manager.findOne(UserEntity, {
        where: { provider, externalId: person.externalId },
      });
      if (existing && !existing.active) return null;
      const user =
        existing ??
        manager.create(UserEntity, {
          id: randomUUID(),
          passwordHash: '',
          provider,
          externalId: person.externalId,
          createdAt: now,
        });
      const wanted = usernameFrom(person.username, provider, person.externalId);
      if (user.username !== wanted) user.username = await this.freeName(manager, wanted, user, provider);
      Object.assign(user, {
        email: person.email?.slice(0, 255) ?? null,
        role,
        active: true,
        providerActive: true,
        providerCheckedAt: now,
        updatedAt: now,
      });
      if (person.refresh !== undefined) user.providerRefresh = person.refresh;
      await manager.save(UserEntity, user);
      return user;
    });
  }

  /** `wanted`, unless someone else has it: then the name and a short mark of the person's id. */
  private async freeName(manager: EntityManager, wanted: string, user: UserEntity, provider: string) {
    const holder = await manager.findOne(UserEntity, { where: { username: wanted } });
    if (!holder || holder.id === user.id) return wanted;
    const mark = createHash('sha256').update(`${provider}:${user.externalId}`).digest('hex').slice(0, 8);
    return `${wanted.slice(0, 55)}-${mark}`;
  }

  /** What a later check found: the directory or provider no longer admits them. */
  async withdraw(userId: string, now = new Date()): Promise<void> {
    await this.dataSource
      .getRepository(UserEntity)
      .update({ id: userId }, { providerActive: false, providerCheckedAt: now, providerRefresh: null });
  }

  /** What a later check found: they may stay, with this role (and refresh token). */
  async confirm(userId: string, role: Role, refresh?: string | null, now = new Date()): Promise<void> {
    await this.dataSource.getRepository(UserEntity).update(
      { id: userId },
      {
        role,
        providerCheckedAt: now,
        updatedAt: now,
        ...(refresh !== undefined ? { providerRefresh: refresh } : {}),
      },
    );
  }
}
