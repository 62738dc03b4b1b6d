import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

export type SessionKind = 'login' | 'anonymous' | 'api_token';

/**
 * One row per issued credential: interactive logins, anonymous sessions and API tokens alike, so
 * one lookup verifies any of them and one column revokes any of them.
 */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity | null;

  @Column({ type: 'varchar', length: 16 })
  kind: SessionKind;

  /** An API token's name. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  /**
   * Comma-separated privileges this credential is limited to; null for a login, which carries
   * whatever its user's role grants at the moment of each check.
   */
  @Column({ type: 'varchar', length: 200, nullable: true })
  privileges: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'client_address', type: 'varchar', length: 64, nullable: true })
  clientAddress: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent: string | null;
}
