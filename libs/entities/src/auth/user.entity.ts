import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LoginStrategy, Role } from '@simvault/core';

@Entity('users')
@Index('idx_users_provider_external_id', ['provider', 'externalId'], { unique: true })
@Index('idx_users_provider_checked_at', ['provider', 'providerCheckedAt'])
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  email: string | null;

  /** Empty for a user of a directory or provider, who has no Simvault password. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: Boolean, default: true })
  active: boolean;

  /** Where the account's identity lives: Simvault itself (`local`), a directory or a provider. */
  @Column({ type: 'varchar', length: 16, default: 'local' })
  provider: LoginStrategy;

  /** The directory's or provider's stable id of the person (entryUUID, `sub`), never their name. */
  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId: string | null;

  /**
   * false once the directory or provider said the person may no longer sign in; apart from
   * `active`, which is an admin's decision that a later sign-in does not undo.
   */
  @Column({ name: 'provider_active', type: Boolean, default: true })
  providerActive: boolean;

  @Column({ name: 'provider_checked_at', type: Date, nullable: true })
  providerCheckedAt: Date | null;

  /** The provider's refresh token (OIDC), encrypted: asked again whether the person may stay. */
  @Column({ name: 'provider_refresh', type: 'text', nullable: true })
  providerRefresh: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
